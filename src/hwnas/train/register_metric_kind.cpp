// accuracy:<source> joins the metric kind table (metric/metric_kinds.hpp).
#include "hwnas/metric/metric_kinds.hpp"
#include "hwnas/train/accuracy_metric.hpp"

namespace hwnas::train {
namespace {

std::unique_ptr<metric::MetricSource> open_accuracy(std::string_view source, const metric::MetricContext& context) {
  return std::make_unique<AccuracyMetric>(std::string(source), context);
}

const bool kRegistered = metric::add_metric_kind(
    {"accuracy:", "accuracy:<source>",
     "top-1 accuracy (%): a supernet folder, an accuracy predictor (accuracy:pred:<file>) or values in the store",
     open_accuracy});

}  // namespace
}  // namespace hwnas::train
