// The trainers' one learning-rate schedule: from the base rate at step 0 towards 0 at the end,
// linearly or along a half cosine, set on every parameter group of an optimiser.
#include <gtest/gtest.h>

#include "hwnas/train/lr_schedule.hpp"

namespace hwnas::train {
namespace {

TEST(LrSchedule, FallsFromTheBaseRateToZero) {
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(LrSchedule::linear, 0.4, 0, 100), 0.4);
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(LrSchedule::linear, 0.4, 25, 100), 0.3);
  EXPECT_DOUBLE_EQ(scheduled_learning_rate(LrSchedule::cosine, 0.4, 0, 100), 0.4);
  EXPECT_NEAR(scheduled_learning_rate(LrSchedule::cosine, 0.4, 50, 100), 0.2, 1e-12);
  EXPECT_NEAR(scheduled_learning_rate(LrSchedule::cosine, 0.4, 100, 100), 0.0, 1e-12);
  // The cosine keeps the rate higher early and lower late than the line.
  EXPECT_GT(scheduled_learning_rate(LrSchedule::cosine, 1, 20, 100), scheduled_learning_rate(LrSchedule::linear, 1, 20, 100));
  EXPECT_LT(scheduled_learning_rate(LrSchedule::cosine, 1, 80, 100), scheduled_learning_rate(LrSchedule::linear, 1, 80, 100));
}

TEST(LrSchedule, SetsEveryParameterGroup) {
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{torch::zeros({2}, torch::requires_grad())},
                      std::make_unique<torch::optim::SGDOptions>(0.1));
  groups.emplace_back(std::vector<torch::Tensor>{torch::zeros({3}, torch::requires_grad())},
                      std::make_unique<torch::optim::SGDOptions>(0.2));
  torch::optim::SGD sgd(groups, torch::optim::SGDOptions(0.1));
  set_learning_rate(sgd, 0.05);
  for (auto& group : sgd.param_groups()) EXPECT_DOUBLE_EQ(group.options().get_lr(), 0.05);
  torch::optim::Adam adam(std::vector<torch::Tensor>{torch::zeros({2}, torch::requires_grad())},
                          torch::optim::AdamOptions(1e-3));
  set_learning_rate(adam, 2e-4);
  EXPECT_DOUBLE_EQ(adam.param_groups().front().options().get_lr(), 2e-4);
}

}  // namespace
}  // namespace hwnas::train
