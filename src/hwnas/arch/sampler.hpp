// BlockProfile's sampling (Mills et al., CIKM'21 §3): per unit a uniform depth, per layer a
// uniform block, a uniform resolution and uniform variables. A_{u,l,b} fixes block b at (u, l) and
// unit u has at least l layers, its depth "uniformly sampled under this constraint".
#pragma once

#include <optional>
#include <random>
#include <vector>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::arch {

using Rng = std::mt19937_64;

// A uniform index in [0, n), n > 0 (the samplers' and mutations' one way of drawing a choice).
int uniform_index(Rng& rng, std::size_t n);
// A uniform candidate block of 0-based `layer` of `unit`.
int random_block(const space::UnitSpec& unit, std::size_t layer, Rng& rng);

// A fixed placement: block at 0-based (unit, layer).
struct Placement {
  int unit = 0;
  int layer = 0;
  int block = 0;
};

// How A_{u,l,b} reaches layer l of a unit that is shorter:
//   uniform: the unit's depth is redrawn uniformly from {l, ..., max} (the paper's rule);
//   clamp:   the unit grows to exactly l layers, which over-weights depth l.
enum class DepthRule { uniform, clamp };
// "uniform" or "clamp"; throws InputError naming the option otherwise.
DepthRule parse_depth_rule(std::string_view text);
std::string_view to_string(DepthRule rule);

// resolution: sample uniformly from the space's list when empty.
Architecture sample_uniform(const space::Space& space, Rng& rng,
                            std::optional<int> resolution = std::nullopt);
Architecture sample_fixed(const space::Space& space, Rng& rng, const Placement& fixed,
                          std::optional<int> resolution = std::nullopt, DepthRule rule = DepthRule::uniform);
// Places the block into an existing architecture; a unit shorter than layer + 1 first reaches it by
// `rule`, with random blocks. Applied to a uniform architecture this gives A_{u,l,b}: a uniform
// depth d >= l is kept, and a shorter one is redrawn uniformly from {l..max}, so the depth is
// uniform over {l..max} overall. Throws InvalidArchitecture when the block is not a candidate there.
void place(const space::Space& space, Architecture& arch, const Placement& fixed, Rng& rng,
           DepthRule rule = DepthRule::uniform);

// Parses "U:L:BLOCK" with 1-based U and L (as in the paper).
Placement parse_placement(const space::Space& space, std::string_view text);

}  // namespace hwnas::arch
