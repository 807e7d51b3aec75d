// --option key=value for predictor kinds: numbers stay numbers, the rest text, a missing key an error.
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/predict/kind_options.hpp"

namespace hwnas::test {
namespace {

TEST(KindOptions, WholeNumbersRealsAndText) {
  const auto j = predict::parse_kind_options({"epochs=100", "lr=1e-3", "scale=0.5", "loss=huber", "big=1e999"});
  EXPECT_TRUE(j["epochs"].is_number_integer());
  EXPECT_EQ(j["epochs"], 100);
  EXPECT_DOUBLE_EQ(j["lr"].get<double>(), 1e-3);
  EXPECT_DOUBLE_EQ(j["scale"].get<double>(), 0.5);
  EXPECT_EQ(j["loss"], "huber");
  EXPECT_EQ(j["big"], "1e999");
}

TEST(KindOptions, AnOptionWithoutAKeyIsAnInputError) {
  EXPECT_THROW(predict::parse_kind_options({"=3"}), InputError);
  EXPECT_THROW(predict::parse_kind_options({"epochs"}), InputError);
}

}  // namespace
}  // namespace hwnas::test
