// The randomness of a training step, derived from (seed, step) alone rather than from a generator
// that runs through the whole run: a run resumed from a checkpoint then draws exactly what the
// uninterrupted run would have drawn, with no generator state in the checkpoint.
#pragma once

#include <cstdint>

#include <torch/torch.h>

namespace hwnas::train {

// What a step draws a number for; each gets its own stream.
enum class StepDraw : std::uint64_t { batch_order = 0, augmentation = 1, path = 2 };

// splitmix64 of (seed, index, draw): independent seeds per step (or per epoch, for batch_order).
std::uint64_t step_seed(std::uint64_t seed, std::uint64_t index, StepDraw draw);

// The training-set rows of `step`: epochs of rows/batch whole batches, each epoch a permutation of
// [0, rows) seeded by (seed, epoch) and cut in order; the remainder of an epoch is not used.
torch::Tensor batch_rows(std::int64_t rows, std::int64_t batch, std::uint64_t seed, std::int64_t step);

}  // namespace hwnas::train
