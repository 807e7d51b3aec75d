#include "hwnas/s3nas/random_baseline.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"

namespace hwnas::s3nas {
namespace {

double median(std::vector<double> values) {
  if (values.empty()) return 1.0;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

}  // namespace

std::vector<RandomPick> random_in_latency_window(const space::Space& space, metric::MetricSource& source,
                                                 const LatencyTable* table, const RandomBaselineOptions& options,
                                                 const std::function<void(const RandomPick&)>& on_pick) {
  const double target = options.target_ms;
  const double tolerance = options.tolerance;
  arch::Rng rng(options.seed);
  std::vector<RandomPick> found;
  const int batch = table ? 8 : 256;
  std::vector<double> ratios;  // estimate / source of the measured draws
  for (int drawn = 0; drawn < options.max_draws && static_cast<int>(found.size()) < options.count;) {
    std::vector<arch::Architecture> archs;
    const double bias = median(ratios);
    while (static_cast<int>(archs.size()) < batch && drawn < options.max_draws) {
      arch::Architecture a = arch::sample_uniform(space, rng);
      ++drawn;
      if (table) {
        const double estimate = table->estimate(space, a) / bias;
        if (estimate > target * (1 + tolerance) || estimate < target * (1 - 2 * tolerance)) continue;
      }
      archs.push_back(std::move(a));
    }
    const auto ms = source.evaluate(space, archs);
    if (table) {
      for (std::size_t i = 0; i < archs.size(); ++i) {
        if (ms[i] && *ms[i] > 0) ratios.push_back(table->estimate(space, archs[i]) / *ms[i]);
      }
    }
    for (std::size_t i = 0; i < archs.size() && static_cast<int>(found.size()) < options.count; ++i) {
      if (ms[i] && *ms[i] <= target && *ms[i] >= target * (1 - tolerance)) {
        found.push_back({archs[i], *ms[i]});
        if (on_pick) on_pick(found.back());
      }
    }
  }
  if (static_cast<int>(found.size()) < options.count) {
    throw InputError(fmt::format("only {} of {} architectures within {}% below {} ms in {} draws", found.size(),
                                 options.count, tolerance * 100, target, options.max_draws));
  }
  return found;
}

}  // namespace hwnas::s3nas
