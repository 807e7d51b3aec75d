#include "hwnas/train/fair_sampling.hpp"

#include <algorithm>
#include <numeric>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/train/step_random.hpp"

namespace hwnas::train {

FairPathSampler::FairPathSampler(const space::Space& space, std::uint64_t seed, int resolution)
    : space_(space), seed_(seed), resolution_(resolution) {
  for (const auto& var : space.variables) slots_.push_back({var.values.size(), 0});
  for (const auto& unit : space.units) {
    unit_slot_.push_back(slots_.size());
    slots_.push_back({unit.widths.size(), 0});
    slots_.push_back({static_cast<std::size_t>(unit.max_layers - unit.min_layers + 1), 0});
    for (const auto& blocks : unit.layer_blocks) slots_.push_back({blocks.size(), 0});
  }
}

int FairPathSampler::draw(std::size_t slot) {
  Slot& s = slots_[slot];
  const auto n = static_cast<std::int64_t>(s.options);
  if (s.drawn % n == 0) {
    s.order.resize(s.options);
    std::iota(s.order.begin(), s.order.end(), 0);
    // A different stream per slot and round: the seed mixes the slot in, the index is the round.
    arch::Rng rng(step_seed(seed_ ^ (0x9E3779B97F4A7C15ULL * (slot + 1)), static_cast<std::uint64_t>(s.drawn / n),
                            StepDraw::path));
    std::shuffle(s.order.begin(), s.order.end(), rng);
  }
  return s.order[static_cast<std::size_t>(s.drawn++ % n)];
}

arch::Architecture FairPathSampler::next() {
  arch::Architecture arch;
  arch.resolution = resolution_;
  for (std::size_t v = 0; v < space_.variables.size(); ++v) arch.variables.push_back(draw(v));
  arch.units.resize(space_.units.size());
  for (std::size_t u = 0; u < space_.units.size(); ++u) {
    const space::UnitSpec& unit = space_.units[u];
    const std::size_t slot = unit_slot_[u];
    arch.units[u].width = draw(slot);
    const int depth = unit.min_layers + draw(slot + 1);
    for (int l = 0; l < depth; ++l) {
      const auto& allowed = unit.layer_blocks[static_cast<std::size_t>(l)];
      arch.units[u].blocks.push_back(allowed[static_cast<std::size_t>(draw(slot + 2 + static_cast<std::size_t>(l)))]);
    }
  }
  ++next_t_;
  return arch;
}

arch::Architecture FairPathSampler::path(std::int64_t t) {
  if (t < next_t_) {
    for (Slot& s : slots_) s.drawn = 0;
    next_t_ = 0;
  }
  while (next_t_ < t) next();
  return next();
}

}  // namespace hwnas::train
