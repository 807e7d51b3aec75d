#include "hwnas/profile/network_sample.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/profile/cell.hpp"

namespace hwnas::profile {

NetworkSample parse_network_sample(std::string_view text) {
  if (text == "uniform") return NetworkSample::uniform;
  if (text == "ulb") return NetworkSample::ulb;
  throw InputError(fmt::format("sample '{}': expected uniform or ulb", text));
}

std::vector<arch::Architecture> sample_networks(const space::Space& space, int count, std::uint64_t seed,
                                                NetworkSample sample, std::optional<int> resolution,
                                                arch::DepthRule rule) {
  arch::Rng rng(seed);
  if (sample == NetworkSample::ulb) return sample_placements_round_robin(space, count, rng, resolution, rule);
  std::vector<arch::Architecture> archs;
  archs.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) archs.push_back(arch::sample_uniform(space, rng, resolution));
  return archs;
}

}  // namespace hwnas::profile
