// FairNAS's strict fairness (Chu et al., ICCV'21) spread over consecutive steps: every choice of a
// layer is trained exactly once in each round of as many paths as the layer has choices. Uniform
// sampling trains each choice equally often only in expectation; in a short run the counts differ
// by about ten percent, and the choices trained more look better in the supernet for that reason
// alone. FairNAS trains all of a layer's choices in one step (a path per choice, gradients summed);
// this keeps one path per step, so a run costs what uniform sampling costs.
//
// Each unit's depth, width and each variable cycles the same way. A layer that a shorter depth
// leaves out is not trained that step, so its round advances only on the paths that hold it:
// every layer's choices stay equal among the steps that train the layer.
//
// Rounds are random permutations drawn from (seed, slot, round), so the paths of a run follow from
// its seed alone, and a resumed run gets the same paths (path(t) replays the rounds before t).
#pragma once

#include <cstdint>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::train {

class FairPathSampler {
 public:
  FairPathSampler(const space::Space& space, std::uint64_t seed, int resolution);
  // The t-th path of the run (t >= 0). Consecutive t are cheap; any other t replays from 0.
  arch::Architecture path(std::int64_t t);

 private:
  // One cycled choice: its number of options, how often it has been drawn, and the current
  // round's permutation (drawn when the round starts).
  struct Slot {
    std::size_t options = 0;
    std::int64_t drawn = 0;
    std::vector<int> order;
  };
  int draw(std::size_t slot);
  arch::Architecture next();

  const space::Space& space_;
  std::uint64_t seed_;
  int resolution_;
  std::vector<Slot> slots_;            // variables, then per unit: width, depth, its layers
  std::vector<std::size_t> unit_slot_;  // index of each unit's width slot
  std::int64_t next_t_ = 0;
};

}  // namespace hwnas::train
