// sample_networks: the draws `hwnas measure -n N --sample uniform|ulb` makes, seeded.
#include "hwnas/profile/network_sample.hpp"

#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/profile/cell.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::profile {
namespace {

TEST(NetworkSample, UniformIsTheSamplersSeededSequence) {
  const auto s = space::load_space("ofa-mbv3");
  const auto got = sample_networks(s, 12, 4, NetworkSample::uniform, 224, arch::DepthRule::uniform);
  arch::Rng rng(4);
  ASSERT_EQ(got.size(), 12u);
  for (const auto& a : got) EXPECT_EQ(a, arch::sample_uniform(s, rng, 224));
  EXPECT_EQ(got, sample_networks(s, 12, 4, NetworkSample::uniform, 224, arch::DepthRule::uniform));
}

TEST(NetworkSample, UlbIsTheRoundRobinOverPlacements) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(9);
  EXPECT_EQ(sample_networks(s, 30, 9, NetworkSample::ulb, std::nullopt, arch::DepthRule::clamp),
            sample_placements_round_robin(s, 30, rng, std::nullopt, arch::DepthRule::clamp));
}

TEST(NetworkSample, ParsesTheTwoNamesOnly) {
  EXPECT_EQ(parse_network_sample("uniform"), NetworkSample::uniform);
  EXPECT_EQ(parse_network_sample("ulb"), NetworkSample::ulb);
  try {
    parse_network_sample("random");
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "sample 'random': expected uniform or ulb");
  }
}

}  // namespace
}  // namespace hwnas::profile
