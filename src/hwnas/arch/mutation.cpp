#include "hwnas/arch/mutation.hpp"

#include <algorithm>

namespace hwnas::arch {
namespace {

bool allowed_at(const space::UnitSpec& unit, std::size_t layer, int block) {
  const auto& allowed = unit.layer_blocks[layer];
  return std::find(allowed.begin(), allowed.end(), block) != allowed.end();
}

// After an insertion or removal at `from`, layers from there on may hold blocks that are not
// candidates at their new position (e.g. a stride-2 first layer's set).
void repair_from(const space::UnitSpec& unit, std::vector<int>& blocks, std::size_t from, Rng& rng) {
  for (std::size_t l = from; l < blocks.size(); ++l) {
    if (!allowed_at(unit, l, blocks[l])) blocks[l] = random_block(unit, l, rng);
  }
}

std::vector<UnitMutation> applicable_moves(const space::UnitSpec& unit, const UnitChoice& choice) {
  std::vector<UnitMutation> moves;
  const int depth = static_cast<int>(choice.blocks.size());
  if (depth < unit.max_layers) moves.push_back(UnitMutation::add_layer);
  if (depth > unit.min_layers) moves.push_back(UnitMutation::remove_layer);
  for (std::size_t l = 0; l < choice.blocks.size(); ++l) {
    if (unit.layer_blocks[l].size() > 1) {
      moves.push_back(UnitMutation::swap_block);
      break;
    }
  }
  if (unit.widths.size() > 1) moves.push_back(UnitMutation::change_width);
  return moves;
}

int other_index(Rng& rng, std::size_t n, int current) {
  int next = current;
  while (next == current) next = uniform_index(rng, n);
  return next;
}

}  // namespace

bool mutate_unit(const space::Space& space, Architecture& arch, int unit_idx, UnitMutation move, Rng& rng) {
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(unit_idx)];
  UnitChoice& choice = arch.units[static_cast<std::size_t>(unit_idx)];
  auto& blocks = choice.blocks;
  switch (move) {
    case UnitMutation::add_layer: {
      if (static_cast<int>(blocks.size()) >= unit.max_layers) return false;
      const auto at = static_cast<std::size_t>(uniform_index(rng, blocks.size() + 1));
      blocks.insert(blocks.begin() + static_cast<std::ptrdiff_t>(at), random_block(unit, at, rng));
      repair_from(unit, blocks, at + 1, rng);
      return true;
    }
    case UnitMutation::remove_layer: {
      if (static_cast<int>(blocks.size()) <= unit.min_layers) return false;
      const auto at = static_cast<std::size_t>(uniform_index(rng, blocks.size()));
      blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(at));
      repair_from(unit, blocks, at, rng);
      return true;
    }
    case UnitMutation::swap_block: {
      std::vector<std::size_t> swappable;
      for (std::size_t l = 0; l < blocks.size(); ++l) {
        if (unit.layer_blocks[l].size() > 1) swappable.push_back(l);
      }
      if (swappable.empty()) return false;
      const std::size_t layer = swappable[static_cast<std::size_t>(uniform_index(rng, swappable.size()))];
      const auto& allowed = unit.layer_blocks[layer];
      int block = blocks[layer];
      while (block == blocks[layer]) block = allowed[static_cast<std::size_t>(uniform_index(rng, allowed.size()))];
      blocks[layer] = block;
      return true;
    }
    case UnitMutation::change_width:
      if (unit.widths.size() < 2) return false;
      choice.width = other_index(rng, unit.widths.size(), choice.width);
      return true;
  }
  return false;
}

void mutate_blockprofile(const space::Space& space, Architecture& arch, const std::vector<double>& unit_probabilities,
                         Rng& rng) {
  // One slot per unit, per variable and for the resolution, each with its probability.
  struct Slot {
    enum { unit, variable, resolution } kind;
    std::size_t index;
    double probability;
  };
  std::vector<Slot> slots;
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    if (applicable_moves(space.units[u], arch.units[u]).empty()) continue;
    const double p = unit_probabilities.empty() ? 0.5 : unit_probabilities[u];
    if (p > 0) slots.push_back({Slot::unit, u, p});
  }
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    if (space.variables[v].values.size() > 1) slots.push_back({Slot::variable, v, 0.5});
  }
  if (space.resolutions.size() > 1) slots.push_back({Slot::resolution, 0, 0.5});
  if (slots.empty()) return;

  auto apply = [&](const Slot& slot) {
    switch (slot.kind) {
      case Slot::unit: {
        const auto moves = applicable_moves(space.units[slot.index], arch.units[slot.index]);
        mutate_unit(space, arch, static_cast<int>(slot.index), moves[static_cast<std::size_t>(uniform_index(rng, moves.size()))], rng);
        return;
      }
      case Slot::variable:
        arch.variables[slot.index] = other_index(rng, space.variables[slot.index].values.size(), arch.variables[slot.index]);
        return;
      case Slot::resolution: {
        int r = arch.resolution;
        while (r == arch.resolution) r = space.resolutions[static_cast<std::size_t>(uniform_index(rng, space.resolutions.size()))];
        arch.resolution = r;
        return;
      }
    }
  };
  bool changed = false;
  for (const Slot& slot : slots) {
    if (std::bernoulli_distribution(slot.probability)(rng)) {
      apply(slot);
      changed = true;
    }
  }
  // "At least one": a child identical to its parent would be a wasted draw.
  if (!changed) apply(slots[static_cast<std::size_t>(uniform_index(rng, slots.size()))]);
}

void mutate_genes(const space::Space& space, Architecture& arch, double prob, Rng& rng) {
  std::bernoulli_distribution hit(prob);
  if (hit(rng)) arch.resolution = space.resolutions[static_cast<std::size_t>(uniform_index(rng, space.resolutions.size()))];
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    if (hit(rng)) arch.variables[v] = uniform_index(rng, space.variables[v].values.size());
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    UnitChoice& choice = arch.units[u];
    if (hit(rng)) choice.width = uniform_index(rng, unit.widths.size());
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
    const UnitChoice& from_a = a.units[u];
    const UnitChoice& from_b = b.units[u];
    UnitChoice& unit = child.units[u];
    unit.width = coin(rng) ? from_b.width : from_a.width;
    unit.blocks.resize(coin(rng) ? from_b.blocks.size() : from_a.blocks.size());
    for (std::size_t l = 0; l < unit.blocks.size(); ++l) {
      const bool in_a = l < from_a.blocks.size();
      const bool in_b = l < from_b.blocks.size();
      unit.blocks[l] = in_a && in_b ? (coin(rng) ? from_b.blocks[l] : from_a.blocks[l])
                                    : (in_a ? from_a.blocks[l] : from_b.blocks[l]);
    }
  }
  return child;
}

}  // namespace hwnas::arch
