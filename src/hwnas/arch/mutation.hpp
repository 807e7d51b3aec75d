// Variation operators for evolutionary search.
#pragma once

#include "hwnas/arch/sampler.hpp"

namespace hwnas::arch {

enum class UnitMutation { add_layer, remove_layer, swap_block };

// BlockProfile's unit-wise mutation: in the given unit add a layer (random block at the end),
// remove the last layer, or swap one layer's block. Returns false when the move is impossible
// (depth at max/min, a single candidate); arch is then unchanged.
bool mutate_unit(const space::Space& space, Architecture& arch, int unit, UnitMutation move, Rng& rng);
// A random applicable move in a random unit; changes the resolution with probability
// resolution_prob when the space has several.
void mutate_random(const space::Space& space, Architecture& arch, Rng& rng, double resolution_prob = 0.1);
// OFA-style per-gene mutation: each layer's block, each unit's depth/width, each variable and the
// resolution is resampled with probability prob.
void mutate_genes(const space::Space& space, Architecture& arch, double prob, Rng& rng);
// Unit-wise uniform crossover: each unit, variable and the resolution from either parent.
Architecture crossover(const space::Space& space, const Architecture& a, const Architecture& b, Rng& rng);

}  // namespace hwnas::arch
