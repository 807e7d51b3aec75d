// A step's randomness depends on (seed, step) alone: batches are whole epochs' permutations cut in
// order, the same for the same step whatever ran before.
#include <gtest/gtest.h>

#include <set>

#include "hwnas/train/step_random.hpp"

namespace hwnas::train {
namespace {

TEST(StepRandom, AnEpochsBatchesPartitionItsRows) {
  std::set<std::int64_t> seen;
  for (std::int64_t step = 0; step < 5; ++step) {  // 5 batches of 20 of 103 rows: one epoch, 3 rows unused
    const torch::Tensor rows = batch_rows(103, 20, 9, step);
    ASSERT_EQ(rows.numel(), 20);
    for (std::int64_t i = 0; i < rows.numel(); ++i) EXPECT_TRUE(seen.insert(rows[i].item<std::int64_t>()).second);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_LT(*seen.rbegin(), 103);
}

TEST(StepRandom, TheSameStepDrawsTheSameWhateverRanBefore) {
  const torch::Tensor late = batch_rows(1000, 32, 4, 77);
  for (std::int64_t step = 0; step < 77; ++step) batch_rows(1000, 32, 4, step);
  torch::rand({10});  // the global generator moves; step randomness does not use it
  EXPECT_TRUE(torch::equal(batch_rows(1000, 32, 4, 77), late));
  EXPECT_FALSE(torch::equal(batch_rows(1000, 32, 5, 77), late));
  EXPECT_NE(step_seed(4, 77, StepDraw::path), step_seed(4, 77, StepDraw::augmentation));
  EXPECT_NE(step_seed(4, 77, StepDraw::path), step_seed(4, 78, StepDraw::path));
}

}  // namespace
}  // namespace hwnas::train
