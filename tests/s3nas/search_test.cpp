// The search on a tiny synthetic task: the hinge loss steers the architecture to (or below) the
// target on the simulated MIDAP, another target gives another architecture, and an interrupted
// search resumed from its checkpoint ends exactly where an uninterrupted one ends.
#include <gtest/gtest.h>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/s3nas/search.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::s3nas {
namespace {

// Random 28×28 images whose label is the quadrant of their brightest pixel: learnable, no files.
train::ImageSet synthetic_images(int count) {
  torch::manual_seed(7);
  train::ImageSet set;
  set.images = torch::randn({count, 1, 28, 28});  // already "normalised", as the search expects
  const torch::Tensor brightest = set.images.flatten(1).argmax(1);
  set.labels = (brightest / 28 >= 14).to(torch::kLong) * 2 + (brightest % 28 >= 14).to(torch::kLong);
  set.classes = 4;
  set.origin = "synthetic";
  return set;
}

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::set_num_threads(1);
    auto source = metric::open_metric("latency:sim:midap");
    table = LatencyTable::profile(space, *source);
    options.warmup_steps = 10;
    options.search_steps = 40;
    options.batch_size = 8;
    options.threshold_lr = 1.0;  // a fast schedule for a short test; the CLI default is 0.1
    options.checkpoint_every = 4;
  }
  std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir = hwnas::test::process_temp_dir().path() / ("hwnas_s3nas_" + name + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    return dir;
  }

  space::Space space = space::load_space("s3nas-fmnist");
  train::ImageSet images = synthetic_images(64);
  LatencyTable table;
  SearchOptions options;
};

TEST_F(Search, LandsAtOrBelowTheTargetAndTheTargetChangesTheArchitecture) {
  arch::Architecture largest;
  std::vector<arch::Architecture> found;
  for (const double target : {0.04, 0.07}) {
    options.target_ms = target;
    const auto dir = fresh_dir("target");
    const SearchOutcome outcome = run_search(space, table, images, options, dir);
    EXPECT_TRUE(outcome.finished);
    EXPECT_TRUE(outcome.met_target) << "target " << target;
    EXPECT_LE(outcome.estimated_ms, target * 1.05) << "target " << target;
    // Not trivially small: the hinge does not bite below the target.
    EXPECT_GT(outcome.estimated_ms, target * 0.5) << "target " << target;
    found.push_back(outcome.architecture);
    std::filesystem::remove_all(dir);
  }
  EXPECT_NE(found[0], found[1]);
  EXPECT_LT(table.estimate(space, found[0]), table.estimate(space, found[1]));
}

TEST_F(Search, ResumedSearchEndsWhereAnUninterruptedOneEnds) {
  options.target_ms = 0.04;
  options.search_steps = 8;
  const auto straight_dir = fresh_dir("straight");
  const SearchOutcome straight = run_search(space, table, images, options, straight_dir);

  const auto resumed_dir = fresh_dir("resumed");
  SearchOptions interrupted = options;
  interrupted.stop_after_steps = 5;  // mid warm-up/search boundary and between checkpoints
  const SearchOutcome first = run_search(space, table, images, interrupted, resumed_dir);
  EXPECT_FALSE(first.finished);
  EXPECT_EQ(first.steps_done, 5);
  const SearchOutcome resumed = run_search(space, table, images, options, resumed_dir);
  EXPECT_TRUE(resumed.finished);
  EXPECT_EQ(resumed.steps_done, options.warmup_steps + options.search_steps);
  EXPECT_EQ(resumed.architecture, straight.architecture);
  EXPECT_DOUBLE_EQ(resumed.last_cross_entropy, straight.last_cross_entropy);
  std::filesystem::remove_all(straight_dir);
  std::filesystem::remove_all(resumed_dir);
}

}  // namespace
}  // namespace hwnas::s3nas
