#include "hwnas/arch/mutation.hpp"

#include <array>

namespace hwnas::arch {
namespace {

int pick(Rng& rng, std::size_t n) {
  return static_cast<int>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
}

int random_block(const space::UnitSpec& unit, std::size_t layer, Rng& rng) {
  const auto& allowed = unit.layer_blocks[layer];
  return allowed[static_cast<std::size_t>(pick(rng, allowed.size()))];
}

}  // namespace

bool mutate_unit(const space::Space& space, Architecture& arch, int unit_idx, UnitMutation move, Rng& rng) {
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(unit_idx)];
  auto& blocks = arch.units[static_cast<std::size_t>(unit_idx)].blocks;
  switch (move) {
    case UnitMutation::add_layer:
      if (static_cast<int>(blocks.size()) >= unit.max_layers) return false;
      blocks.push_back(random_block(unit, blocks.size(), rng));
      return true;
    case UnitMutation::remove_layer:
      if (static_cast<int>(blocks.size()) <= unit.min_layers) return false;
      blocks.pop_back();
      return true;
    case UnitMutation::swap_block: {
      const auto layer = static_cast<std::size_t>(pick(rng, blocks.size()));
      const auto& allowed = unit.layer_blocks[layer];
      if (allowed.size() < 2) return false;
      int block = blocks[layer];
      while (block == blocks[layer]) block = allowed[static_cast<std::size_t>(pick(rng, allowed.size()))];
      blocks[layer] = block;
      return true;
    }
  }
  return false;
}

void mutate_random(const space::Space& space, Architecture& arch, Rng& rng, double resolution_prob) {
  if (space.resolutions.size() > 1 && std::bernoulli_distribution(resolution_prob)(rng)) {
    arch.resolution = space.resolutions[static_cast<std::size_t>(pick(rng, space.resolutions.size()))];
    return;
  }
  constexpr std::array moves{UnitMutation::add_layer, UnitMutation::remove_layer, UnitMutation::swap_block};
  // Some spaces have units where no move applies (one fixed candidate, fixed depth); bound the tries.
  for (int attempt = 0; attempt < 64; ++attempt) {
    const int unit = pick(rng, space.units.size());
    if (mutate_unit(space, arch, unit, moves[static_cast<std::size_t>(pick(rng, moves.size()))], rng)) return;
  }
}

void mutate_genes(const space::Space& space, Architecture& arch, double prob, Rng& rng) {
  std::bernoulli_distribution hit(prob);
  if (hit(rng)) arch.resolution = space.resolutions[static_cast<std::size_t>(pick(rng, space.resolutions.size()))];
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    if (hit(rng)) arch.variables[v] = pick(rng, space.variables[v].values.size());
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    UnitChoice& choice = arch.units[u];
    if (hit(rng)) choice.width = pick(rng, unit.widths.size());
    if (hit(rng)) {
      const int depth = std::uniform_int_distribution<int>(unit.min_layers, unit.max_layers)(rng);
      while (static_cast<int>(choice.blocks.size()) < depth) {
        choice.blocks.push_back(random_block(unit, choice.blocks.size(), rng));
      }
      choice.blocks.resize(static_cast<std::size_t>(depth));
    }
    for (std::size_t l = 0; l < choice.blocks.size(); ++l) {
      if (hit(rng)) choice.blocks[l] = random_block(unit, l, rng);
    }
  }
}

Architecture crossover(const space::Space& space, const Architecture& a, const Architecture& b, Rng& rng) {
  std::bernoulli_distribution coin(0.5);
  Architecture child = a;
  if (coin(rng)) child.resolution = b.resolution;
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    if (coin(rng)) child.variables[v] = b.variables[v];
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    if (coin(rng)) child.units[u] = b.units[u];
  }
  return child;
}

}  // namespace hwnas::arch
