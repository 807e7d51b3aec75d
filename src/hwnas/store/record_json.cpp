#include "hwnas/store/record_json.hpp"

namespace hwnas::store {
namespace {

template <class T>
nlohmann::json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json measurement_json(const ArchRecord& a, const MeasurementRecord& m) {
  const auto opt = [](const auto& v) { return optional_json(v); };
  return {{"arch_hash", a.hash}, {"space", a.space}, {"encoding", a.encoding}, {"arch", a.text},
          {"resolution", a.resolution}, {"device", m.device_key}, {"median_s", m.median_s}, {"mean_s", opt(m.mean_s)},
          {"min_s", opt(m.min_s)}, {"max_s", opt(m.max_s)}, {"p10_s", opt(m.p10_s)}, {"p25_s", opt(m.p25_s)},
          {"p75_s", opt(m.p75_s)}, {"p90_s", opt(m.p90_s)}, {"iqr_s", opt(m.iqr_s)}, {"cov", opt(m.cov)},
          {"ci_low_s", opt(m.ci_low_s)}, {"ci_high_s", opt(m.ci_high_s)}, {"ci_level", opt(m.ci_level)},
          {"runs", m.runs}, {"warmup_runs", opt(m.warmup_runs)}, {"precision_met", opt(m.precision_met)},
          {"stop_reason", opt(m.stop_reason)}, {"run_times_s", m.run_times_s}, {"protocol", m.protocol},
          {"fingerprint", m.fingerprint}, {"measured_at", m.measured_at}, {"run_id", opt(m.run_id)}, {"repeat", m.repeat},
          {"compensated_median_s", opt(m.compensated_median_s)}, {"compensated_ci_low_s", opt(m.compensated_ci_low_s)},
          {"compensated_ci_high_s", opt(m.compensated_ci_high_s)}, {"pair_correlation", opt(m.pair_correlation)},
          {"reference_times_s", m.reference_times_s}, {"tool_stats", m.tool_stats}};
}

nlohmann::json metric_json(const MetricRecord& value) {
  return {{"arch_hash", value.arch_hash},   {"source", value.source},
          {"value", value.value},           {"provenance", value.provenance},
          {"run_id", optional_json(value.run_id)}, {"recorded_at", value.recorded_at}};
}

}  // namespace hwnas::store
