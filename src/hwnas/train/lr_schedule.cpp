#include "hwnas/train/lr_schedule.hpp"

#include <cmath>
#include <numbers>

namespace hwnas::train {

double scheduled_learning_rate(LrSchedule schedule, double base, std::int64_t step, std::int64_t total) {
  const double progress = total > 0 ? static_cast<double>(step) / static_cast<double>(total) : 0;
  switch (schedule) {
    case LrSchedule::linear: return base * (1 - progress);
    case LrSchedule::cosine: return 0.5 * base * (1 + std::cos(std::numbers::pi * progress));
  }
  return base;
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double rate) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(rate);
}

}  // namespace hwnas::train
