// OFA's progressive shrinking (Cai et al., "Once-for-All", ICLR'20): the supernet first learns its
// largest network alone, then the smaller ones dimension by dimension — elastic kernel, then depth,
// then expansion — each stage fine-tuning the weights the larger networks already use, with the
// largest network (frozen at the end of the first stage) as the teacher of every later one.
//
// The six stages and their proportions follow OFA's public training script (train_ofa_net.py):
// epochs 180 (the full network), 120 (kernel), 25 + 120 (depth), 25 + 120 (expand); 1, 1, 2, 2, 4, 4
// subnets per step (its "dynamic batch size"); learning rates 3e-2, 2.5e-3, 7.5e-3, 2.5e-3, 7.5e-3
// relative to one another. A run of E epochs splits its steps in those proportions. Where OFA's
// depths {3,4} then {2,3,4} and expansions {4,6} then {3,4,6} are absolute, here they are the top
// one or two choices of each unit or layer and then all of them, so any space's range works.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::train {

struct ShrinkStage {
  std::string_view name;    // full, kernel, depth-1, depth-2, expand-1, expand-2
  int epoch_share = 0;      // OFA's epochs of the stage (the split of a run's steps)
  int paths = 1;            // subnets trained per step, gradients summed
  double lr_factor = 1;     // the stage's base learning rate over the run's
  bool elastic_kernel = false;
  int top_depths = 1;       // the unit's deepest choices sampled (0: all)
  int top_expands = 1;      // the position's largest distinct expansions sampled (0: all); also
                            // makes unit widths and space variables elastic when not 1
};

// The six stages in order.
const std::vector<ShrinkStage>& shrink_stages();

// The stage a step belongs to and the steps it spans, for a run of `total_steps`.
struct StageSpan {
  std::size_t index = 0;    // into shrink_stages()
  std::int64_t begin = 0;   // first step of the stage
  std::int64_t end = 0;     // one past its last step
};
StageSpan stage_at(std::int64_t step, std::int64_t total_steps);
// Where stage `index` begins in a run of `total_steps`.
std::int64_t stage_begin(std::size_t index, std::int64_t total_steps);

// A subnet of the stage: from `largest` (the supernet's largest subnet), every dimension the stage
// has made elastic drawn uniformly among the choices it allows; the others stay at their largest.
arch::Architecture sample_in_stage(const space::Space& space, const ShrinkStage& stage,
                                   const arch::Architecture& largest, arch::Rng& rng);

}  // namespace hwnas::train
