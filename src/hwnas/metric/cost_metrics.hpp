// macs, params, flops: exact counts from the IR (docs/cost-model.md).
#pragma once

#include "hwnas/metric/metric_source.hpp"

namespace hwnas::metric {

enum class CostKind { macs, params, flops };

class CostMetric final : public MetricSource {
 public:
  explicit CostMetric(CostKind kind);
  const std::string& spec() const override { return spec_; }
  std::string unit() const override;

 private:
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override;
  CostKind kind_;
  std::string spec_;
};

}  // namespace hwnas::metric
