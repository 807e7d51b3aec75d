// Progress output is paced: at most one line per interval, and the last step always reported.
#include <gtest/gtest.h>

#include "hwnas/common/progress.hpp"

namespace hwnas {
namespace {

TEST(Throttle, DueOncePerIntervalAndAlwaysForTheLastStep) {
  Throttle throttle(3600.0);
  EXPECT_TRUE(throttle.due());   // the first report is never held back
  EXPECT_FALSE(throttle.due());  // the next one within the hour is
  EXPECT_TRUE(throttle.due(/*last=*/true));
  Throttle eager(0.0);
  EXPECT_TRUE(eager.due());
  EXPECT_TRUE(eager.due());
}

}  // namespace
}  // namespace hwnas
