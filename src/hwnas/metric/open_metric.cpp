#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/metric/accuracy_metric.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/metric/predicted_metric.hpp"
#include "hwnas/metric/sim_latency_metric.hpp"
#include "hwnas/metric/store_latency_metric.hpp"

namespace hwnas::metric {

std::unique_ptr<MetricSource> open_metric(std::string_view spec, const MetricContext& context) {
  if (spec == "macs") return std::make_unique<CostMetric>(CostKind::macs);
  if (spec == "params") return std::make_unique<CostMetric>(CostKind::params);
  if (spec == "flops") return std::make_unique<CostMetric>(CostKind::flops);
  // Before the generic latency:<device key>: "sim" and "pred" are reserved, never device keys.
  constexpr std::string_view simulated = "latency:sim:";
  if (spec.starts_with(simulated) && spec.size() > simulated.size()) {
    return std::make_unique<SimLatencyMetric>(std::string(spec.substr(simulated.size())), context);
  }
  constexpr std::string_view predicted = "latency:pred:";
  if (spec.starts_with(predicted) && spec.size() > predicted.size()) {
    return std::make_unique<PredictedMetric>(std::string(spec.substr(predicted.size())));
  }
  constexpr std::string_view latency = "latency:";
  if (spec.starts_with(latency) && spec.size() > latency.size()) {
    std::string_view rest = spec.substr(latency.size());
    constexpr std::string_view raw = ":raw";
    const bool is_raw = rest.ends_with(raw) && rest.size() > raw.size();
    if (is_raw) rest.remove_suffix(raw.size());
    return std::make_unique<StoreLatencyMetric>(std::string(rest), is_raw, context);
  }
  constexpr std::string_view accuracy = "accuracy:";
  if (spec.starts_with(accuracy) && spec.size() > accuracy.size()) {
    return std::make_unique<AccuracyMetric>(std::string(spec.substr(accuracy.size())), context);
  }
  throw InputError(fmt::format(
      "unknown metric '{}' (accepted: macs, params, flops, latency:<device key>[:raw], latency:sim:<device>, "
      "latency:pred:<model file>, accuracy:<source>)",
      spec));
}

}  // namespace hwnas::metric
