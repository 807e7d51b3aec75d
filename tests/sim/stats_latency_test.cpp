#include "hwnas/sim/stats_latency.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/cost/arch_stats.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::sim {
namespace {

TEST(StatsLatency, NoDeviceNoLatency) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(1);
  EXPECT_FALSE(stats_latency("--device", "", s, arch::sample_uniform(s, rng)).has_value());
}

TEST(StatsLatency, OtherThanSimIsAnInputErrorNamingTheOption) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(1);
  const auto a = arch::sample_uniform(s, rng);
  for (const char* device : {"midap", "sim:", "onnx:cpu"}) {
    try {
      stats_latency("--device", device, s, a);
      ADD_FAILURE() << device << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(fmt::format("--device '{}': expected sim:<device>", device)), std::string::npos)
          << e.what();
    }
  }
}

// The per-layer latencies land on the stats' layer rows and sum, with the fixed part, to the total.
TEST(StatsLatency, AddsTotalsAndOneValuePerLayer) {
  const auto s = space::load_space("ofa-mbv3");
  arch::Rng rng(3);
  const auto a = arch::sample_uniform(s, rng, 224);
  const auto latency = stats_latency("device", "sim:midap", s, a);
  ASSERT_TRUE(latency.has_value());
  nlohmann::json j = cost::to_json(cost::arch_stats(s, a));
  add_latency(j, "sim:midap", *latency);
  EXPECT_EQ(j.at("device"), "sim:midap");
  EXPECT_TRUE(j.at("latency_is_simulated").get<bool>());
  double sum = j.at("latency_fixed_ms").get<double>();
  for (const auto& layer : j.at("layers")) sum += layer.at("latency_ms").get<double>();
  EXPECT_NEAR(sum, j.at("latency_ms").get<double>(), 1e-9 * j.at("latency_ms").get<double>());
}

}  // namespace
}  // namespace hwnas::sim
