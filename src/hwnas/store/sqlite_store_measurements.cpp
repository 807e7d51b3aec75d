// SqliteStore: measurements, reference checks, metric values, counts.
#include <cmath>
#include <map>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/record_checks.hpp"
#include "hwnas/store/sqlite_store.hpp"
#include "hwnas/store/record_queries.hpp"

namespace hwnas::store {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

MeasurementRecord read_measurement(const Statement& s) {
  MeasurementRecord m;
  m.arch_hash = s.text(0);
  m.device_key = s.text(1);
  m.run_id = s.optional_int64(2);
  m.measured_at = s.text(3);
  m.median_s = s.real(4);
  m.mean_s = s.optional_real(5);
  m.min_s = s.optional_real(6);
  m.max_s = s.optional_real(7);
  m.p10_s = s.optional_real(8);
  m.p25_s = s.optional_real(9);
  m.p75_s = s.optional_real(10);
  m.p90_s = s.optional_real(11);
  m.iqr_s = s.optional_real(12);
  m.cov = s.optional_real(13);
  m.ci_low_s = s.optional_real(14);
  m.ci_high_s = s.optional_real(15);
  m.ci_level = s.optional_real(16);
  m.runs = s.int64(17);
  m.warmup_runs = s.optional_int64(18);
  if (const auto met = s.optional_int64(19)) m.precision_met = *met != 0;
  m.stop_reason = s.optional_text(20);
  m.run_times_s = s.json<std::vector<double>>(21);
  m.protocol = s.json(22);
  m.fingerprint = s.json(23);
  m.repeat = s.int64(24);
  m.compensated_median_s = s.optional_real(25);
  m.compensated_ci_low_s = s.optional_real(26);
  m.compensated_ci_high_s = s.optional_real(27);
  m.pair_correlation = s.optional_real(28);
  if (!s.is_null(29)) m.reference_times_s = s.json<std::vector<double>>(29);
  if (!s.is_null(30)) m.tool_stats = s.json(30);
  return m;
}

}  // namespace

bool SqliteStore::has_measurement(std::string_view arch_hash, std::string_view device_key) {
  std::lock_guard lock(mutex_);
  has_measurement_->bind(1, arch_hash).bind(2, device_key);
  const bool found = has_measurement_->step();
  has_measurement_->reset();
  return found;
}

void SqliteStore::insert_measurement(std::int64_t arch_id, std::int64_t dev_id, const MeasurementRecord& m) {
  const std::optional<std::int64_t> met =
      m.precision_met ? std::optional<std::int64_t>(*m.precision_met ? 1 : 0) : std::nullopt;
  Statement& s = *insert_measurement_;
  s.bind(1, arch_id).bind(2, dev_id).bind(3, m.repeat).bind(4, m.run_id);
  s.bind(5, std::string_view(m.measured_at.empty() ? utc_now() : m.measured_at));
  s.bind(6, m.median_s).bind(7, m.mean_s).bind(8, m.min_s).bind(9, m.max_s).bind(10, m.p10_s).bind(11, m.p25_s);
  s.bind(12, m.p75_s).bind(13, m.p90_s).bind(14, m.iqr_s).bind(15, m.cov).bind(16, m.ci_low_s).bind(17, m.ci_high_s);
  s.bind(18, m.ci_level).bind(19, m.runs).bind(20, m.warmup_runs).bind(21, met).bind(22, m.stop_reason);
  s.bind(23, std::string_view(nlohmann::json(m.run_times_s).dump()));
  s.bind(24, std::string_view(m.protocol.dump())).bind(25, std::string_view(m.fingerprint.dump()));
  s.bind(26, m.compensated_median_s).bind(27, m.compensated_ci_low_s).bind(28, m.compensated_ci_high_s);
  s.bind(29, m.pair_correlation);
  const std::optional<std::string> reference_times =
      m.reference_times_s.empty() ? std::nullopt : std::optional<std::string>(nlohmann::json(m.reference_times_s).dump());
  s.bind(30, reference_times);
  const std::optional<std::string> tool = m.tool_stats.empty() ? std::nullopt : std::optional(m.tool_stats.dump());
  s.bind(31, tool);
  s.run();
  const std::int64_t measurement_id = sqlite3_last_insert_rowid(db_.handle());
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const LayerLatencyRecord& l = m.layers[i];
    insert_layer_->bind(1, measurement_id).bind(2, static_cast<std::int64_t>(i)).bind(3, std::string_view(l.tool_layer));
    insert_layer_->bind(4, std::string_view(l.layer_type)).bind(5, std::string_view(nlohmann::json(l.ir_layers).dump()));
    insert_layer_->bind(6, l.seconds).run();
  }
}

bool SqliteStore::write_measurement(const ArchRecord& arch, const MeasurementRecord& m, OnExisting on_existing) {
  const std::int64_t dev_id = device_id(m.device_key);
  check_run(m.run_id);
  const std::int64_t arch_id = arch_id_for_write(arch);
  find_measurement_id_->bind(1, arch_id).bind(2, dev_id);
  const bool exists = find_measurement_id_->step();
  const std::int64_t existing_id = exists ? find_measurement_id_->int64(0) : 0;
  find_measurement_id_->reset();
  if (exists && on_existing == OnExisting::keep) return false;  // the architecture may be new even so
  if (exists) delete_measurement_->bind(1, existing_id).run();
  insert_measurement(arch_id, dev_id, m);
  return true;
}

bool SqliteStore::put_measurement(const ArchRecord& arch, const MeasurementRecord& m, OnExisting on_existing) {
  check_ordinary_measurement(url_, arch, m);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  const bool written = write_measurement(arch, m, on_existing);
  t.commit();
  return written;
}

std::vector<MeasurementRecord> SqliteStore::select_measurements(const std::string& where,
                                                                const std::vector<std::string>& args,
                                                                const std::string& order) {
  Statement s(db_, std::string(kMeasurementColumns) + where + order);
  for (std::size_t i = 0; i < args.size(); ++i) s.bind(static_cast<int>(i + 1), std::string_view(args[i]));
  std::vector<MeasurementRecord> out;
  std::map<std::int64_t, std::size_t> index_of;
  while (s.step()) {
    index_of[s.int64(31)] = out.size();
    out.push_back(read_measurement(s));
  }
  // One query for the layers of every selected measurement, rather than one per measurement.
  Statement layers(db_,
                   "SELECT l.measurement_id, l.tool_layer, l.layer_type, l.ir_layers, l.seconds FROM layer_latencies l "
                   "JOIN measurements m ON m.id = l.measurement_id JOIN architectures a ON a.id = m.arch_id "
                   "JOIN devices d ON d.id = m.device_id " + where + " ORDER BY l.measurement_id, l.position");
  for (std::size_t i = 0; i < args.size(); ++i) layers.bind(static_cast<int>(i + 1), std::string_view(args[i]));
  while (layers.step()) {
    const auto it = index_of.find(layers.int64(0));
    if (it == index_of.end()) continue;
    out[it->second].layers.push_back({layers.text(1), layers.text(2),
                                      layers.json<std::vector<std::string>>(3),
                                      layers.real(4)});
  }
  return out;
}

std::optional<MeasurementRecord> SqliteStore::find_measurement(std::string_view arch_hash, std::string_view device_key) {
  std::lock_guard lock(mutex_);
  auto rows = select_measurements("WHERE a.hash = ?1 AND d.key = ?2 AND m.repeat = 0",
                                  {std::string(arch_hash), std::string(device_key)});
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::vector<MeasurementRecord> SqliteStore::measurements(const MeasurementFilter& filter) {
  std::lock_guard lock(mutex_);
  std::string where = filter.include_reference ? "WHERE 1" : "WHERE m.repeat = 0";
  std::vector<std::string> args;
  if (filter.device_key) {
    args.push_back(*filter.device_key);
    where += fmt::format(" AND d.key = ?{}", args.size());
  }
  if (filter.space) {
    args.push_back(*filter.space);
    where += fmt::format(" AND a.space = ?{}", args.size());
  }
  return select_measurements(where, args, " ORDER BY d.key, a.space, m.id");
}

std::int64_t SqliteStore::add_reference_check(const ArchRecord& reference, const MeasurementRecord& m) {
  check_reference_check(url_, reference, m);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  const std::int64_t dev_id = device_id(m.device_key);
  check_run(m.run_id);
  const std::int64_t arch_id = arch_id_for_write(reference);
  Statement next(db_, "SELECT COALESCE(MAX(repeat), 0) + 1 FROM measurements WHERE arch_id = ?1 AND device_id = ?2");
  next.bind(1, arch_id).bind(2, dev_id);
  next.step();
  MeasurementRecord row = m;
  row.repeat = next.int64(0);
  next.reset();
  insert_measurement(arch_id, dev_id, row);
  t.commit();
  return row.repeat;
}

std::vector<MeasurementRecord> SqliteStore::reference_checks(std::string_view device_key) {
  std::lock_guard lock(mutex_);
  return select_measurements(fmt::format("WHERE d.key = ?1 AND a.space = '{}'", kReferenceSpace),
                             {std::string(device_key)}, " ORDER BY m.measured_at, m.id");
}

bool SqliteStore::put_reference_baseline(const ArchRecord& reference, const ReferenceBaseline& b) {
  check_reference_baseline(url_, reference, b);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  const std::int64_t dev_id = device_id(b.device_key);
  check_run(b.run_id);
  const std::int64_t arch_id = arch_id_for_write(reference);
  Statement find(db_, "SELECT 1 FROM reference_baselines WHERE device_id = ?1 AND space = ?2 AND resolution = ?3");
  find.bind(1, dev_id).bind(2, std::string_view(b.space)).bind(3, static_cast<std::int64_t>(b.resolution));
  const bool exists = find.step();
  find.reset();
  if (!exists) {
    Statement insert(db_,
                     "INSERT INTO reference_baselines (device_id, space, resolution, arch_id, baseline_s, ci_low_s, "
                     "ci_high_s, runs, run_id, measured_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert.bind(1, dev_id).bind(2, std::string_view(b.space)).bind(3, static_cast<std::int64_t>(b.resolution));
    insert.bind(4, arch_id).bind(5, b.baseline_s).bind(6, b.ci_low_s).bind(7, b.ci_high_s).bind(8, b.runs);
    insert.bind(9, b.run_id).bind(10, std::string_view(b.measured_at.empty() ? utc_now() : b.measured_at)).run();
  }
  t.commit();
  return !exists;
}

namespace {
ReferenceBaseline read_baseline(const Statement& s) {
  return {s.text(0),         s.text(1),          static_cast<int>(s.int64(2)), s.text(3), s.real(4), s.optional_real(5),
          s.optional_real(6), s.int64(7), s.optional_int64(8), s.text(9)};
}
}  // namespace

std::optional<ReferenceBaseline> SqliteStore::find_reference_baseline(std::string_view device_key, std::string_view space,
                                                                      int resolution) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kBaselineColumns) + "WHERE d.key = ?1 AND r.space = ?2 AND r.resolution = ?3");
  s.bind(1, device_key).bind(2, space).bind(3, static_cast<std::int64_t>(resolution));
  if (!s.step()) return std::nullopt;
  ReferenceBaseline b = read_baseline(s);
  s.reset();
  return b;
}

std::vector<ReferenceBaseline> SqliteStore::reference_baselines(std::string_view device_key) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kBaselineColumns) + "WHERE ?1 = '' OR d.key = ?1 ORDER BY d.key, r.space, r.resolution");
  s.bind(1, device_key);
  std::vector<ReferenceBaseline> out;
  while (s.step()) out.push_back(read_baseline(s));
  return out;
}

bool SqliteStore::put_metric(const ArchRecord& arch, const MetricRecord& value, OnExisting on_existing) {
  check_metric(url_, arch, value);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  check_run(value.run_id);
  const std::int64_t arch_id = arch_id_for_write(arch);
  Statement find(db_, "SELECT id FROM metric_values WHERE arch_id = ?1 AND source = ?2");
  find.bind(1, arch_id).bind(2, std::string_view(value.source));
  const bool exists = find.step();
  const std::int64_t existing_id = exists ? find.int64(0) : 0;
  find.reset();
  if (exists && on_existing == OnExisting::keep) {
    t.commit();
    return false;
  }
  if (exists) Statement(db_, "DELETE FROM metric_values WHERE id = ?1").bind(1, existing_id).run();
  Statement insert(db_,
                   "INSERT INTO metric_values (arch_id, source, value, provenance, run_id, recorded_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, arch_id)
      .bind(2, std::string_view(value.source))
      .bind(3, value.value)
      .bind(4, std::string_view(value.provenance.dump()))
      .bind(5, value.run_id)
      .bind(6, std::string_view(value.recorded_at.empty() ? utc_now() : value.recorded_at))
      .run();
  t.commit();
  return true;
}

namespace {
MetricRecord read_metric(const Statement& s) {
  return {s.text(0), s.text(1), s.real(2), s.json(3), s.optional_int64(4), s.text(5)};
}
}  // namespace

std::optional<MetricRecord> SqliteStore::find_metric(std::string_view arch_hash, std::string_view source) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kMetricColumns) + "WHERE a.hash = ?1 AND v.source = ?2");
  s.bind(1, arch_hash).bind(2, source);
  if (!s.step()) return std::nullopt;
  MetricRecord m = read_metric(s);
  s.reset();
  return m;
}

std::vector<MetricRecord> SqliteStore::metrics(std::string_view source) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kMetricColumns) + "WHERE v.source = ?1 ORDER BY v.id");
  s.bind(1, source);
  std::vector<MetricRecord> out;
  while (s.step()) out.push_back(read_metric(s));
  return out;
}

std::vector<CountRow> SqliteStore::counts() {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT a.space, d.key, COUNT(*) FROM measurements m JOIN architectures a ON a.id = m.arch_id "
              "JOIN devices d ON d.id = m.device_id WHERE m.repeat = 0 GROUP BY a.space, d.key ORDER BY d.key, a.space");
  std::vector<CountRow> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.int64(2)});
  return out;
}

}  // namespace hwnas::store
