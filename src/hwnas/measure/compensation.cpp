#include "hwnas/measure/compensation.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"

namespace hwnas::measure {

arch::Architecture typical_reference(const space::Space& space, int resolution) {
  arch::Rng rng(0);
  std::vector<std::pair<std::int64_t, arch::Architecture>> candidates;
  for (int i = 0; i < kReferenceCandidates; ++i) {
    arch::Architecture a = arch::sample_uniform(space, rng, resolution);
    const cost::NetworkCost c = cost::count(graph::build(space, a));
    candidates.emplace_back(c.total.weight_bytes + c.peak_activation_bytes, std::move(a));
  }
  const auto middle = candidates.begin() + static_cast<std::ptrdiff_t>(candidates.size() / 2);
  std::nth_element(candidates.begin(), middle, candidates.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  return middle->second;
}

arch::Architecture choose_reference(const space::Space& space, int resolution,
                                    const std::optional<arch::Architecture>& named) {
  if (!named) return typical_reference(space, resolution);
  arch::Architecture a = *named;
  a.resolution = resolution;
  return a;
}

std::string describe(const store::ReferenceBaseline& b) {
  const std::string ci = b.ci_low_s && b.ci_high_s ? fmt::format("CI {:.3f}..{:.3f}, ", *b.ci_low_s * 1e3, *b.ci_high_s * 1e3) : "";
  return fmt::format("T_ref {} r{}: {:.3f} ms ({}{} runs, {}), reference {}", b.space, b.resolution, b.baseline_s * 1e3, ci,
                     b.runs, b.measured_at, b.reference_hash);
}

}  // namespace hwnas::measure
