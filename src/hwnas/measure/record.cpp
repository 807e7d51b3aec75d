#include "hwnas/measure/record.hpp"

#include <fmt/core.h>

namespace hwnas::measure {

store::MeasurementRecord to_record(const Measurement& m, const ProtocolOptions& options, const Fingerprint& fingerprint,
                                   const std::string& arch_hash, const std::string& device_key,
                                   std::optional<std::int64_t> run_id) {
  const RunStats& s = m.stats;
  store::MeasurementRecord r;
  r.arch_hash = arch_hash;
  r.device_key = device_key;
  r.run_id = run_id;
  r.median_s = s.median;
  r.mean_s = s.mean;
  r.min_s = s.min;
  r.max_s = s.max;
  r.p10_s = s.p10;
  r.p25_s = s.p25;
  r.p75_s = s.p75;
  r.p90_s = s.p90;
  r.iqr_s = s.iqr;
  r.cov = s.cov;
  if (s.ci_level > 0) {
    r.ci_low_s = s.ci_low;
    r.ci_high_s = s.ci_high;
    r.ci_level = s.ci_level;
  }
  r.runs = static_cast<std::int64_t>(s.runs);
  r.warmup_runs = static_cast<std::int64_t>(m.warmup_runs);
  r.precision_met = m.precision_met;
  r.stop_reason = to_string(m.stop_reason);
  r.run_times_s = m.run_times;
  r.protocol = options.to_json();
  r.protocol["warmup_seconds_spent"] = m.warmup_seconds;
  r.protocol["wall_seconds"] = m.wall_seconds;
  r.fingerprint = fingerprint.to_json();
  return r;
}

void add_compensation(store::MeasurementRecord& row, const PairedMeasurement& p, double baseline_s) {
  row.compensated_median_s = p.ratio.median * baseline_s;
  if (p.ratio.ci_level > 0) {
    row.compensated_ci_low_s = p.ratio.ci_low * baseline_s;
    row.compensated_ci_high_s = p.ratio.ci_high * baseline_s;
  }
  row.pair_correlation = p.correlation;
  row.reference_times_s = p.reference_times;
}

std::string device_key(const std::string& target, const std::string& engine, int threads, const std::string& host) {
  return fmt::format("{}-{}-t{}@{}", target, engine, threads, host);
}

}  // namespace hwnas::measure
