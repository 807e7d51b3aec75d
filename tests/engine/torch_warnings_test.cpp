#include <gtest/gtest.h>
#include <torch/torch.h>

#include "hwnas/engine/torch_warnings.hpp"

namespace hwnas::test {
namespace {

// The warning oneDNN layouts trigger in measuring runs: an out= tensor of the wrong size.
void resize_a_wrong_sized_output() {
  auto out = torch::zeros({416});
  torch::mul_out(out, torch::ones({408}), torch::ones({408}));
}

TEST(TorchWarnings, RepeatsFromOnePlaceAreCountedNotPrinted) {
  engine::print_each_torch_warning_once();
  resize_a_wrong_sized_output();  // first from this place (or already seen): never counted twice
  const auto before = engine::repeated_torch_warnings();
  for (int i = 0; i < 5; ++i) resize_a_wrong_sized_output();
  EXPECT_EQ(engine::repeated_torch_warnings() - before, 5u);
}

}  // namespace
}  // namespace hwnas::test
