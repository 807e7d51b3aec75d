// latency:pred:<file> joins the metric kind table (metric/metric_kinds.hpp).
#include "hwnas/metric/metric_kinds.hpp"
#include "hwnas/predict/predicted_metric.hpp"

namespace hwnas::predict {
namespace {

std::unique_ptr<metric::MetricSource> open_predicted(std::string_view file, const metric::MetricContext&) {
  return std::make_unique<PredictedMetric>(std::string(file));
}

const bool kRegistered = metric::add_metric_kind(
    {"latency:pred:", "latency:pred:<model file>", "latency (ms) from a trained predictor file", open_predicted});

}  // namespace
}  // namespace hwnas::predict
