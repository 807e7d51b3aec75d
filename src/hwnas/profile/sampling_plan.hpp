// Which architectures a profile evaluates, and which of them estimate what.
//   independent (the paper's): every cell gets its own fresh samples, A_{u,l,b} = sample_fixed(...),
//     and the baseline A its own uniform samples.
//   paired: K uniform backgrounds A_1..A_K are the baseline; every cell transforms each background
//     (same random depths and other blocks), so a difference M(cell(A_j)) − M(A_j) cancels what the
//     two share. Where a unit must grow to reach layer l, the filler blocks come from a generator
//     seeded by (background, unit, layer): every block compared at one location gets the same fillers
//     and, under the uniform depth rule, the same redrawn depth.
//     cell(A_j) has exactly the distribution of A_{u,l,b} (place() is the depth rule applied to a
//     uniform sample), so the paired estimates target the same quantities as the paper's.
// Architectures are deduplicated (a paired cell that leaves its background unchanged costs nothing).
#pragma once

#include <cstdint>
#include <vector>

#include "hwnas/profile/cell.hpp"

namespace hwnas::profile {

enum class Design { independent, paired };

std::string_view to_string(Design design);
Design parse_design(std::string_view text);  // InputError for anything but independent|paired

struct SamplingPlan {
  int resolution = 224;
  std::vector<arch::Architecture> archs;   // unique, in the order cells need them
  std::vector<int> baseline;               // samples of A: indices into archs
  std::vector<std::vector<int>> cells;     // per cell, its samples: indices into archs
  std::size_t requested() const;           // samples before deduplication
};

SamplingPlan make_plan(const space::Space& space, const std::vector<Cell>& cells, Design design, int samples,
                       int resolution, std::uint64_t seed, arch::DepthRule rule = arch::DepthRule::uniform);

// Deterministic seed derivation (splitmix64 of a running hash).
std::uint64_t mix_seed(std::uint64_t seed, std::initializer_list<std::uint64_t> parts);

}  // namespace hwnas::profile
