#include "hwnas/metric/metric_source.hpp"

#include <stdexcept>

#include <fmt/core.h>

namespace hwnas::metric {

std::vector<std::optional<double>> MetricSource::evaluate(const space::Space& space,
                                                          std::span<const arch::Architecture> archs) {
  std::vector<std::optional<double>> values = evaluate_batch(space, archs);
  if (values.size() != archs.size()) {
    throw std::logic_error(
        fmt::format("metric source '{}' returned {} values for {} architectures", spec(), values.size(), archs.size()));
  }
  return values;
}

}  // namespace hwnas::metric
