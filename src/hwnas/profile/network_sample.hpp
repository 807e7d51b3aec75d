// The networks `hwnas measure -n N --sample uniform|ulb` (and hwnas.measure(n=, sample=)) draw:
// uniform architectures A, or BlockProfile's A_{u,l,b} round robin over every placement, so that a
// store holds what a profile will ask for.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::profile {

enum class NetworkSample { uniform, ulb };

// "uniform" or "ulb"; anything else throws InputError naming it.
NetworkSample parse_network_sample(std::string_view text);

// `count` architectures drawn with `seed`; the same arguments give the same list.
std::vector<arch::Architecture> sample_networks(const space::Space& space, int count, std::uint64_t seed,
                                                NetworkSample sample, std::optional<int> resolution,
                                                arch::DepthRule rule);

}  // namespace hwnas::profile
