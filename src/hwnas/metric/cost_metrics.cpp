#include "hwnas/metric/cost_metrics.hpp"

#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"

namespace hwnas::metric {

CostMetric::CostMetric(CostKind kind)
    : kind_(kind), spec_(kind == CostKind::macs ? "macs" : kind == CostKind::params ? "params" : "flops") {}

std::string CostMetric::unit() const {
  return kind_ == CostKind::macs ? "MACs" : kind_ == CostKind::params ? "params" : "FLOPs";
}

std::vector<std::optional<double>> CostMetric::evaluate_batch(const space::Space& space,
                                                              std::span<const arch::Architecture> archs) {
  std::vector<std::optional<double>> values;
  values.reserve(archs.size());
  for (const auto& a : archs) {
    const cost::Cost c = cost::count_total(graph::build(space, a));
    values.emplace_back(static_cast<double>(kind_ == CostKind::macs     ? c.macs
                                            : kind_ == CostKind::params ? c.params
                                                                        : c.flops()));
  }
  return values;
}

}  // namespace hwnas::metric
