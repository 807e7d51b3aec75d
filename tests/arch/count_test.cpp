#include "hwnas/arch/count.hpp"

#include <gtest/gtest.h>

#include "hwnas/space/space_loader.hpp"

namespace hwnas::arch {
namespace {

TEST(Count, OfaMbv3Is7371ToTheFifthPerResolution) {
  const auto s = space::load_space("ofa-mbv3");
  BigInt expected = 1;
  for (int i = 0; i < 5; ++i) expected *= 7371;  // 9^2 + 9^3 + 9^4 per unit
  EXPECT_EQ(count_per_resolution(s), expected);
  EXPECT_EQ(count_total(s), expected * 7);
  EXPECT_NEAR(log10_count(expected), 19.3384, 1e-3);
}

TEST(Count, PaperSizesOfTheOtherSpaces) {
  EXPECT_EQ(count_per_resolution(space::load_space("proxyless")).str(), (BigInt(7371) * 7371 * 7371 * 7371 * 7371 * 9).str());
  // ResNet50: stem 3·3·2, units 3·(3^2+3^3+3^4) ×3 and 3·(3^4+3^5+3^6).
  EXPECT_EQ(count_per_resolution(space::load_space("resnet50")), BigInt(18) * 351 * 351 * 351 * 3159);
  EXPECT_EQ(count_per_resolution(space::load_space("spos")), BigInt(1) << 40);  // 4^20
  EXPECT_NEAR(log10_count(count_per_resolution(space::load_space("hurricane"))), 20 * std::log10(32.0), 1e-9);
}

}  // namespace
}  // namespace hwnas::arch
