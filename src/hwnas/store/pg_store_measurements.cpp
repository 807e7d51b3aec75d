// PgStore: measurements, reference checks, metric values, counts.
#include <map>

#include "hwnas/store/pg_connection.hpp"
#include "hwnas/store/pg_store.hpp"
#include "hwnas/store/record_checks.hpp"
#include "hwnas/store/record_queries.hpp"

namespace hwnas::store {

using pg::exec;
using pg::Params;

namespace {

MeasurementRecord read_measurement(const pqxx::row& r) {
  MeasurementRecord m;
  m.arch_hash = pg::text(r[0]);
  m.device_key = pg::text(r[1]);
  m.run_id = pg::optional_int64(r[2]);
  m.measured_at = pg::text(r[3]);
  m.median_s = pg::real(r[4]);
  m.mean_s = pg::optional_real(r[5]);
  m.min_s = pg::optional_real(r[6]);
  m.max_s = pg::optional_real(r[7]);
  m.p10_s = pg::optional_real(r[8]);
  m.p25_s = pg::optional_real(r[9]);
  m.p75_s = pg::optional_real(r[10]);
  m.p90_s = pg::optional_real(r[11]);
  m.iqr_s = pg::optional_real(r[12]);
  m.cov = pg::optional_real(r[13]);
  m.ci_low_s = pg::optional_real(r[14]);
  m.ci_high_s = pg::optional_real(r[15]);
  m.ci_level = pg::optional_real(r[16]);
  m.runs = pg::int64(r[17]);
  m.warmup_runs = pg::optional_int64(r[18]);
  if (const auto met = pg::optional_text(r[19])) m.precision_met = *met == "t";
  m.stop_reason = pg::optional_text(r[20]);
  m.run_times_s = nlohmann::json::parse(pg::text(r[21])).get<std::vector<double>>();
  m.protocol = nlohmann::json::parse(pg::text(r[22]));
  m.fingerprint = nlohmann::json::parse(pg::text(r[23]));
  m.repeat = pg::int64(r[24]);
  m.compensated_median_s = pg::optional_real(r[25]);
  m.compensated_ci_low_s = pg::optional_real(r[26]);
  m.compensated_ci_high_s = pg::optional_real(r[27]);
  m.pair_correlation = pg::optional_real(r[28]);
  if (const auto ref = pg::optional_text(r[29])) m.reference_times_s = nlohmann::json::parse(*ref).get<std::vector<double>>();
  if (const auto tool = pg::optional_text(r[30])) m.tool_stats = nlohmann::json::parse(*tool);
  return m;
}

}  // namespace

bool PgStore::has_measurement(std::string_view arch_hash, std::string_view device_key) {
  return transact([&](pqxx::work& t) {
    return !exec(t,
                 "SELECT 1 FROM measurements m JOIN architectures a ON a.id = m.arch_id JOIN devices d ON d.id = m.device_id "
                 "WHERE a.hash = $1 AND d.key = $2 AND m.repeat = 0",
                 Params(arch_hash, device_key))
                .empty();
  });
}

bool PgStore::insert_measurement(pqxx::transaction_base& t, std::int64_t arch_id, std::int64_t dev_id,
                                 const MeasurementRecord& m, bool keep_existing) {
  Params p(arch_id, dev_id, m.repeat, m.run_id, m.measured_at.empty() ? utc_now() : m.measured_at, m.median_s, m.mean_s,
           m.min_s, m.max_s, m.p10_s, m.p25_s, m.p75_s, m.p90_s, m.iqr_s, m.cov, m.ci_low_s, m.ci_high_s, m.ci_level,
           m.runs, m.warmup_runs, m.precision_met, m.stop_reason, nlohmann::json(m.run_times_s).dump(), m.protocol.dump(),
           m.fingerprint.dump(), m.compensated_median_s, m.compensated_ci_low_s, m.compensated_ci_high_s,
           m.pair_correlation);
  p.add(m.reference_times_s.empty() ? std::nullopt : std::optional<std::string>(nlohmann::json(m.reference_times_s).dump()));
  p.add(m.tool_stats.empty() ? std::nullopt : std::optional<std::string>(m.tool_stats.dump()));
  const std::string insert =
      "INSERT INTO measurements (arch_id, device_id, repeat, run_id, measured_at, median_s, mean_s, min_s, max_s, "
      "p10_s, p25_s, p75_s, p90_s, iqr_s, cov, ci_low_s, ci_high_s, ci_level, runs, warmup_runs, precision_met, "
      "stop_reason, run_times_s, protocol, fingerprint, compensated_median_s, compensated_ci_low_s, "
      "compensated_ci_high_s, pair_correlation, reference_times_s, tool_stats) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
      "$24, $25, $26, $27, $28, $29, $30, $31) ";
  // DO NOTHING needs only the INSERT privilege (a farm worker's), unlike a row lock or DO UPDATE;
  // two first writers at once meet at the unique key, and the second keeps the first's row.
  const auto r = keep_existing ? pg::exec_prepared(t, "insert_measurement_keep",
                                                   insert + "ON CONFLICT (arch_id, device_id, repeat) DO NOTHING RETURNING id", p)
                               : pg::exec_prepared(t, "insert_measurement", insert + "RETURNING id", p);
  if (r.empty()) return false;
  const std::int64_t measurement_id = pg::int64(r[0][0]);
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const LayerLatencyRecord& l = m.layers[i];
    pg::exec_prepared(t, "insert_layer_latency",
                      "INSERT INTO layer_latencies (measurement_id, position, tool_layer, layer_type, ir_layers, seconds) "
                      "VALUES ($1, $2, $3, $4, $5, $6)",
                      Params(measurement_id, static_cast<std::int64_t>(i), l.tool_layer, l.layer_type,
                             nlohmann::json(l.ir_layers).dump(), l.seconds));
  }
  return true;
}

bool PgStore::write_measurement(pqxx::dbtransaction& t, const ArchRecord& arch, const MeasurementRecord& m,
                                OnExisting on_existing) {
  const std::int64_t dev_id = device_id(t, m.device_key);
  check_run(t, m.run_id);
  const std::int64_t arch_id = arch_id_for_write(t, arch);
  if (on_existing == OnExisting::keep) return insert_measurement(t, arch_id, dev_id, m, true);
  exec(t, "DELETE FROM measurements WHERE arch_id = $1 AND device_id = $2 AND repeat = 0", Params(arch_id, dev_id));
  return insert_measurement(t, arch_id, dev_id, m);
}

bool PgStore::put_measurement(const ArchRecord& arch, const MeasurementRecord& m, OnExisting on_existing) {
  check_ordinary_measurement(url_, arch, m);
  return transact([&](pqxx::work& t) { return write_measurement(t, arch, m, on_existing); });
}

std::vector<MeasurementRecord> PgStore::select_measurements(pqxx::transaction_base& t, const std::string& where,
                                                            const std::vector<std::string>& args,
                                                            const std::string& order) {
  Params params;
  for (const auto& a : args) params.add(a);
  std::vector<MeasurementRecord> out;
  std::map<std::int64_t, std::size_t> index_of;
  for (const auto& r : exec(t, std::string(kMeasurementColumns) + where + order, params)) {
    index_of[pg::int64(r[31])] = out.size();
    out.push_back(read_measurement(r));
  }
  // One query for the layers of every selected measurement, rather than one per measurement.
  for (const auto& r : exec(t,
                            "SELECT l.measurement_id, l.tool_layer, l.layer_type, l.ir_layers, l.seconds FROM layer_latencies l "
                            "JOIN measurements m ON m.id = l.measurement_id JOIN architectures a ON a.id = m.arch_id "
                            "JOIN devices d ON d.id = m.device_id " +
                                where + " ORDER BY l.measurement_id, l.position",
                            params)) {
    const auto it = index_of.find(pg::int64(r[0]));
    if (it == index_of.end()) continue;
    out[it->second].layers.push_back({pg::text(r[1]), pg::text(r[2]),
                                      nlohmann::json::parse(pg::text(r[3])).get<std::vector<std::string>>(),
                                      pg::real(r[4])});
  }
  return out;
}

std::optional<MeasurementRecord> PgStore::find_measurement(std::string_view arch_hash, std::string_view device_key) {
  return transact([&](pqxx::work& t) -> std::optional<MeasurementRecord> {
    auto rows = select_measurements(t, "WHERE a.hash = $1 AND d.key = $2 AND m.repeat = 0",
                                    {std::string(arch_hash), std::string(device_key)}, "");
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  });
}

std::vector<MeasurementRecord> PgStore::measurements(const MeasurementFilter& filter) {
  std::string where = filter.include_reference ? "WHERE true" : "WHERE m.repeat = 0";
  std::vector<std::string> args;
  if (filter.device_key) {
    args.push_back(*filter.device_key);
    where += fmt::format(" AND d.key = ${}", args.size());
  }
  if (filter.space) {
    args.push_back(*filter.space);
    where += fmt::format(" AND a.space = ${}", args.size());
  }
  return transact([&](pqxx::work& t) {
    return select_measurements(t, where, args, " ORDER BY d.key COLLATE \"C\", a.space COLLATE \"C\", m.id");
  });
}

std::int64_t PgStore::add_reference_check(const ArchRecord& reference, const MeasurementRecord& m) {
  check_reference_check(url_, reference, m);
  return transact([&](pqxx::work& t) {
    const std::int64_t dev_id = device_id(t, m.device_key);
    check_run(t, m.run_id);
    const std::int64_t arch_id = arch_id_for_write(t, reference);
    // Numbers are per (reference, device): two processes number in turn. An advisory lock needs no
    // table privilege, unlike SELECT ... FOR UPDATE.
    exec(t, "SELECT pg_advisory_xact_lock(hashtext('hwnas reference checks'), $1::integer)", Params(dev_id));
    MeasurementRecord row = m;
    row.repeat = pg::int64(exec(t, "SELECT COALESCE(MAX(repeat), 0) + 1 FROM measurements WHERE arch_id = $1 AND device_id = $2",
                                Params(arch_id, dev_id))[0][0]);
    insert_measurement(t, arch_id, dev_id, row);
    return row.repeat;
  });
}

std::vector<MeasurementRecord> PgStore::reference_checks(std::string_view device_key) {
  return transact([&](pqxx::work& t) {
    return select_measurements(t, fmt::format("WHERE d.key = $1 AND a.space = '{}'", kReferenceSpace),
                               {std::string(device_key)}, " ORDER BY m.measured_at, m.id");
  });
}

bool PgStore::put_reference_baseline(const ArchRecord& reference, const ReferenceBaseline& b) {
  check_reference_baseline(url_, reference, b);
  return transact([&](pqxx::work& t) {
    const std::int64_t dev_id = device_id(t, b.device_key);
    check_run(t, b.run_id);
    const std::int64_t arch_id = arch_id_for_write(t, reference);
    const auto inserted =
        exec(t,
             "INSERT INTO reference_baselines (device_id, space, resolution, arch_id, baseline_s, ci_low_s, ci_high_s, runs, "
             "run_id, measured_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
             "ON CONFLICT (device_id, space, resolution) DO NOTHING RETURNING id",
             Params(dev_id, b.space, b.resolution, arch_id, b.baseline_s, b.ci_low_s, b.ci_high_s, b.runs, b.run_id,
                    b.measured_at.empty() ? utc_now() : b.measured_at));
    return !inserted.empty();
  });
}

namespace {
ReferenceBaseline read_baseline(const pqxx::row& r) {
  return {pg::text(r[0]),          pg::text(r[1]),          static_cast<int>(pg::int64(r[2])), pg::text(r[3]),
          pg::real(r[4]),          pg::optional_real(r[5]), pg::optional_real(r[6]),           pg::int64(r[7]),
          pg::optional_int64(r[8]), pg::text(r[9])};
}
}  // namespace

std::optional<ReferenceBaseline> PgStore::find_reference_baseline(std::string_view device_key, std::string_view space,
                                                                  int resolution) {
  return transact([&](pqxx::work& t) -> std::optional<ReferenceBaseline> {
    const auto r = exec(t, std::string(kBaselineColumns) + "WHERE d.key = $1 AND r.space = $2 AND r.resolution = $3",
                        Params(device_key, space, resolution));
    if (r.empty()) return std::nullopt;
    return read_baseline(r[0]);
  });
}

std::vector<ReferenceBaseline> PgStore::reference_baselines(std::string_view device_key) {
  return transact([&](pqxx::work& t) {
    std::vector<ReferenceBaseline> out;
    for (const auto& r : exec(t, std::string(kBaselineColumns) +
                                     "WHERE $1 = '' OR d.key = $1 ORDER BY d.key COLLATE \"C\", r.space COLLATE \"C\", r.resolution",
                              Params(device_key))) {
      out.push_back(read_baseline(r));
    }
    return out;
  });
}

bool PgStore::put_metric(const ArchRecord& arch, const MetricRecord& value, OnExisting on_existing) {
  check_metric(url_, arch, value);
  return transact([&](pqxx::work& t) {
    check_run(t, value.run_id);
    const std::int64_t arch_id = arch_id_for_write(t, arch);
    const std::string conflict = on_existing == OnExisting::keep
                                     ? "DO NOTHING"
                                     : "DO UPDATE SET value = excluded.value, provenance = excluded.provenance, "
                                       "run_id = excluded.run_id, recorded_at = excluded.recorded_at";
    return !exec(t,
                 "INSERT INTO metric_values (arch_id, source, value, provenance, run_id, recorded_at) VALUES "
                 "($1, $2, $3, $4, $5, $6) ON CONFLICT (arch_id, source) " + conflict + " RETURNING id",
                 Params(arch_id, value.source, value.value, value.provenance.dump(), value.run_id,
                        value.recorded_at.empty() ? utc_now() : value.recorded_at))
                .empty();
  });
}

namespace {
MetricRecord read_metric(const pqxx::row& r) {
  return {pg::text(r[0]), pg::text(r[1]), pg::real(r[2]), nlohmann::json::parse(pg::text(r[3])), pg::optional_int64(r[4]),
          pg::text(r[5])};
}
}  // namespace

std::optional<MetricRecord> PgStore::find_metric(std::string_view arch_hash, std::string_view source) {
  return transact([&](pqxx::work& t) -> std::optional<MetricRecord> {
    const auto r = exec(t, std::string(kMetricColumns) + "WHERE a.hash = $1 AND v.source = $2", Params(arch_hash, source));
    if (r.empty()) return std::nullopt;
    return read_metric(r[0]);
  });
}

std::vector<MetricRecord> PgStore::metrics(std::string_view source) {
  return transact([&](pqxx::work& t) {
    std::vector<MetricRecord> out;
    for (const auto& r : exec(t, std::string(kMetricColumns) + "WHERE v.source = $1 ORDER BY v.id", Params(source))) {
      out.push_back(read_metric(r));
    }
    return out;
  });
}

std::vector<CountRow> PgStore::counts() {
  return transact([&](pqxx::work& t) {
    std::vector<CountRow> out;
    for (const auto& r : exec(t,
                              "SELECT a.space, d.key, COUNT(*) FROM measurements m JOIN architectures a ON a.id = m.arch_id "
                              "JOIN devices d ON d.id = m.device_id WHERE m.repeat = 0 GROUP BY a.space, d.key "
                              "ORDER BY d.key COLLATE \"C\", a.space COLLATE \"C\"")) {
      out.push_back({pg::text(r[0]), pg::text(r[1]), pg::int64(r[2])});
    }
    return out;
  });
}

}  // namespace hwnas::store
