// Variation operators for evolutionary search.
#pragma once

#include "hwnas/arch/sampler.hpp"

namespace hwnas::arch {

enum class UnitMutation { add_layer, remove_layer, swap_block, change_width };

// BlockProfile's unit-wise moves: add a layer (a random block at a random position), remove the
// layer at a random position, swap one layer's block, or change the unit's width. Layers that a
// move shifts onto a position where their block is not a candidate get a random candidate.
// Returns false when the move is impossible (depth at max/min, a single candidate or width);
// arch is then unchanged.
bool mutate_unit(const space::Space& space, Architecture& arch, int unit, UnitMutation move, Rng& rng);

// BlockProfile's child (Mills et al., CIKM'21 §5): each unit is mutated with its probability
// (unit_probabilities, one per unit; empty: 0.5 each) by one applicable move drawn uniformly; each
// space variable (the stem's choices) and, where the space has several, the resolution is resampled
// with probability 0.5. At least one of these changes when any can.
void mutate_blockprofile(const space::Space& space, Architecture& arch, const std::vector<double>& unit_probabilities,
                         Rng& rng);
// OFA-style per-gene mutation: each layer's block, each unit's depth/width, each variable and the
// resolution is resampled with probability prob.
void mutate_genes(const space::Space& space, Architecture& arch, double prob, Rng& rng);
// Gene-wise uniform crossover, as OFA's and SPOS's searches cross over: the resolution, each variable,
// each unit's width and depth, and each layer's block from either parent (a layer that only one
// parent has comes from that parent).
Architecture crossover(const space::Space& space, const Architecture& a, const Architecture& b, Rng& rng);

}  // namespace hwnas::arch
