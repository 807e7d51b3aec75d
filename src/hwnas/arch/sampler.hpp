// BlockProfile's sampling (DESIGN 4.8): per unit a uniform depth, per layer a uniform block,
// a uniform resolution and uniform variables. A_{u,l,b} fixes block b at (u, l) and forces
// unit u to have at least l layers.
#pragma once

#include <optional>
#include <random>
#include <vector>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::arch {

using Rng = std::mt19937_64;

// A fixed placement: block at 0-based (unit, layer).
struct Placement {
  int unit = 0;
  int layer = 0;
  int block = 0;
};

// resolution: sample uniformly from the space's list when empty.
Architecture sample_uniform(const space::Space& space, Rng& rng,
                            std::optional<int> resolution = std::nullopt);
Architecture sample_fixed(const space::Space& space, Rng& rng, const Placement& fixed,
                          std::optional<int> resolution = std::nullopt);
// Places the block into an existing architecture, extending the unit with random blocks when it
// is shorter than layer + 1 (the paper's depth rule). Throws InvalidArchitecture when the block
// is not a candidate there.
void place(const space::Space& space, Architecture& arch, const Placement& fixed, Rng& rng);

// Parses "U:L:BLOCK" with 1-based U and L (as in the paper).
Placement parse_placement(const space::Space& space, std::string_view text);

}  // namespace hwnas::arch
