// The learning-rate schedules of every trainer in hwnas (the elastic supernet, the HURRICANE
// supernet and its retraining, S3NAS's fixed-network training): the rate falls from a base value
// to 0 over a run's steps, linearly (SPOS's supernet) or along a half cosine (OFA, HURRICANE §4.1).
#pragma once

#include <cstdint>

#include <torch/torch.h>

namespace hwnas::train {

enum class LrSchedule { linear, cosine };

// The rate at `step` (0-based) of `total` steps: `base` at step 0, approaching 0 at the end.
double scheduled_learning_rate(LrSchedule schedule, double base, std::int64_t step, std::int64_t total);

// Sets the rate of every parameter group of `optimizer` (SGD, Adam, …).
void set_learning_rate(torch::optim::Optimizer& optimizer, double rate);

}  // namespace hwnas::train
