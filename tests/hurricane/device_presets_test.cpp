// Generated spaces follow the devices' traits in the directions HURRICANE reports (Table 1, Figure 3),
// on the simulated presets (devices/*.yaml): the DSP keeps k = 3 operators, the VPU keeps no SE
// operator but larger kernels, and every generated space's latencies sit below the 32-op pool's.
#include <gtest/gtest.h>

#include "hwnas/hurricane/latency_distribution.hpp"
#include "hwnas/hurricane/space_generation.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::hurricane {
namespace {

struct Kept {
  int ops = 0, k3 = 0, larger = 0, se = 0;
};

Kept count_kept(const GeneratedSpace& g, const space::Space& pool) {
  Kept k;
  for (const LayerChoice& c : g.layers) {
    for (int b : c.blocks()) {
      const space::BlockSpec& block = pool.blocks[static_cast<std::size_t>(b)];
      ++k.ops;
      k.k3 += block.kernel == 3 ? 1 : 0;
      k.larger += block.kernel > 3 ? 1 : 0;
      k.se += block.se ? 1 : 0;
    }
  }
  return k;
}

GeneratedSpace generate_for(const space::Space& pool, metric::MetricSource& device) {
  return generate_space(pool, profile_layers(pool, device, {}), {});
}

TEST(DevicePresets, DspKeepsKernelThreeOperators) {
  const space::Space pool = space::load_space("hurricane");
  auto dsp = metric::open_metric("latency:sim:hexagon-dsp-like");
  const Kept k = count_kept(generate_for(pool, *dsp), pool);
  EXPECT_EQ(k.ops, 16 * 4 + 4 * 5);
  EXPECT_GE(k.k3, static_cast<int>(0.9 * k.ops)) << k.k3 << " of " << k.ops << " kept ops have k = 3";
}

TEST(DevicePresets, VpuKeepsNoSeButLargerKernels) {
  const space::Space pool = space::load_space("hurricane");
  auto vpu = metric::open_metric("latency:sim:myriad-vpu-like");
  const Kept k = count_kept(generate_for(pool, *vpu), pool);
  EXPECT_EQ(k.se, 0);
  EXPECT_GE(k.larger, 20) << "k = 5 / 7 operators among the " << k.ops << " kept";
}

TEST(DevicePresets, GeneratedDistributionSitsBelowThePool) {
  const space::Space pool = space::load_space("hurricane");
  const space::Space spos = space::load_space("spos");
  for (const char* spec : {"latency:sim:hexagon-dsp-like", "latency:sim:myriad-vpu-like"}) {
    auto device = metric::open_metric(spec);
    const GeneratedSpace g = generate_for(pool, *device);
    DistributionOptions o;
    o.samples = 1000;
    const SeriesSummary gen = summarize(sample_distribution(g.space, *device, o));
    const SeriesSummary orig = summarize(sample_distribution(pool, *device, o));
    const SeriesSummary manual = summarize(sample_distribution(spos, *device, o));
    EXPECT_LT(gen.p95, orig.p05) << spec;
    EXPECT_LT(gen.median, manual.median) << spec;
  }
}

}  // namespace
}  // namespace hwnas::hurricane
