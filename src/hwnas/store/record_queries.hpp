// The SELECT heads both store backends read records with: the same columns in the same order, so
// read_job/read_measurement/read_baseline/read_metric of either backend read column i alike
// (the SQL both dialects share; placeholders, which differ, stay in each backend's file).
#pragma once

namespace hwnas::store {

inline constexpr const char* kJobColumns =
    "SELECT j.id, a.hash, j.device_key, j.state, j.priority, j.attempts, j.max_attempts, j.last_error, j.worker, "
    "j.started_at, j.finished_at FROM jobs j JOIN architectures a ON a.id = j.arch_id ";

inline constexpr const char* kMeasurementColumns =
    "SELECT a.hash, d.key, m.run_id, m.measured_at, m.median_s, m.mean_s, m.min_s, m.max_s, m.p10_s, m.p25_s, "
    "m.p75_s, m.p90_s, m.iqr_s, m.cov, m.ci_low_s, m.ci_high_s, m.ci_level, m.runs, m.warmup_runs, "
    "m.precision_met, m.stop_reason, m.run_times_s, m.protocol, m.fingerprint, m.repeat, m.compensated_median_s, "
    "m.compensated_ci_low_s, m.compensated_ci_high_s, m.pair_correlation, m.reference_times_s, m.tool_stats, m.id "
    "FROM measurements m JOIN architectures a ON a.id = m.arch_id JOIN devices d ON d.id = m.device_id ";

inline constexpr const char* kBaselineColumns =
    "SELECT d.key, r.space, r.resolution, a.hash, r.baseline_s, r.ci_low_s, r.ci_high_s, r.runs, r.run_id, r.measured_at "
    "FROM reference_baselines r JOIN devices d ON d.id = r.device_id JOIN architectures a ON a.id = r.arch_id ";

inline constexpr const char* kMetricColumns =
    "SELECT a.hash, v.source, v.value, v.provenance, v.run_id, v.recorded_at FROM metric_values v "
    "JOIN architectures a ON a.id = v.arch_id ";

}  // namespace hwnas::store
