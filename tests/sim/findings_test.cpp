// The qualitative findings each preset is meant to reproduce (issue 6, "How it will be judged"),
// checked through the same paths users take: the profiler over latency:sim:<device>, and whole
// architectures of the shipped spaces.
#include <algorithm>
#include <map>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/profile/profiler.hpp"
#include "hwnas/sim/arch_simulator.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::sim {
namespace {

// Every searchable layer of ofa-mbv3 set to one block, at full depth.
arch::Architecture uniform_arch(const space::Space& space, const std::string& block, int resolution = 224) {
  int index = -1;
  for (std::size_t b = 0; b < space.blocks.size(); ++b) {
    if (space.blocks[b].name == block) index = static_cast<int>(b);
  }
  EXPECT_GE(index, 0) << block;
  arch::Architecture a;
  a.resolution = resolution;
  for (const auto& unit : space.units) a.units.push_back({0, std::vector<int>(static_cast<std::size_t>(unit.max_layers), index)});
  return a;
}

double simulated_ms(const std::string& device, const space::Space& space, const arch::Architecture& a) {
  ArchSimulator simulator(load_device(device));
  return simulator.simulate(space, a, false).total_s * 1e3;
}

TEST(PresetFindings, KirinBlockProfileShowsKernel7ClearlySlower) {
  const space::Space space = space::load_space("ofa-mbv3");
  auto metric = metric::open_metric("latency:sim:kirin-npu-like");
  profile::ProfileOptions options;
  options.samples = 40;
  options.bootstrap = 20;
  options.seed = 3;
  const profile::ProfileResult r = profile::run_profile(space, {metric.get()}, options);
  ASSERT_EQ(r.profiles.size(), 1U);
  double fastest_k7 = 1e300;
  double slowest_k35 = 0;
  double fastest_k35 = 1e300;
  std::string table;
  for (const auto& b : r.profiles[0].blocks) {
    table += fmt::format(" {}={:.3f}", b.code, b.mean.value);
    if (b.code.ends_with("k7")) {
      fastest_k7 = std::min(fastest_k7, b.mean.value);
    } else {
      slowest_k35 = std::max(slowest_k35, b.mean.value);
      fastest_k35 = std::min(fastest_k35, b.mean.value);
    }
  }
  SCOPED_TRACE("M_b in ms:" + table);
  // Clearly: every k = 7 block is >= 10% slower than every k = 3/5 block, and that gap is over
  // five times the whole spread among the k = 3/5 blocks. (The M_b intervals themselves overlap:
  // they carry the spread of the random rest of the network, in which k = 7 blocks are a third.)
  EXPECT_GT(fastest_k7, 1.1 * slowest_k35);
  EXPECT_GT(fastest_k7 - slowest_k35, 5 * (slowest_k35 - fastest_k35));
}

TEST(PresetFindings, KirinTemplateMakes224FasterThan208And192) {
  const space::Space space = space::load_space("ofa-mbv3");
  const auto macs = [&](const arch::Architecture& a) { return cost::count_total(graph::build(space, a)).macs; };
  arch::Rng rng(11);
  for (int i = 0; i < 30; ++i) {
    arch::Architecture a = arch::sample_uniform(space, rng, 224);
    SCOPED_TRACE(arch::to_canonical(space, a));
    const double at224 = simulated_ms("kirin-npu-like", space, a);
    const std::int64_t macs224 = macs(a);
    for (int smaller : {208, 192}) {
      a.resolution = smaller;
      // The smaller input computes less, yet runs slower: it is padded up to the 224 template.
      EXPECT_LT(macs(a), macs224);
      EXPECT_LT(at224, simulated_ms("kirin-npu-like", space, a)) << "at " << smaller;
    }
  }
}

TEST(PresetFindings, KirinBlockProfileIsFastestAt224) {
  const space::Space space = space::load_space("ofa-mbv3");
  auto metric = metric::open_metric("latency:sim:kirin-npu-like");
  profile::ProfileOptions options;
  options.samples = 40;
  options.bootstrap = 20;
  options.seed = 4;
  options.resolutions = {192, 208, 224};
  const profile::ProfileResult r = profile::run_profile(space, {metric.get()}, options);
  ASSERT_EQ(r.profiles.size(), 3U);
  std::map<int, const profile::MetricProfile*> by_resolution;
  for (const auto& p : r.profiles) by_resolution[p.resolution] = &p;
  for (std::size_t b = 0; b < space.blocks.size(); ++b) {
    const double at224 = by_resolution.at(224)->blocks[b].mean.value;
    SCOPED_TRACE(fmt::format("{}: M_b {:.3f} ms at 224, {:.3f} at 208, {:.3f} at 192", by_resolution.at(224)->blocks[b].code,
                             at224, by_resolution.at(208)->blocks[b].mean.value,
                             by_resolution.at(192)->blocks[b].mean.value));
    EXPECT_LT(at224, by_resolution.at(208)->blocks[b].mean.value);
    EXPECT_LT(at224, by_resolution.at(192)->blocks[b].mean.value);
  }
  EXPECT_LT(by_resolution.at(224)->baseline.value, by_resolution.at(208)->baseline.value);
  EXPECT_LT(by_resolution.at(224)->baseline.value, by_resolution.at(192)->baseline.value);
}

// ofa-mbv3 with SE switched on (or off) in every unit.
space::Space with_se(space::Space space, bool se) {
  for (auto& unit : space.units) unit.se = se;
  space.name += se ? "+se" : "-se";
  return space;
}

TEST(PresetFindings, SeCostsMoreOnMyriadThanOnMidap) {
  const space::Space base = space::load_space("ofa-mbv3");
  const space::Space plain = with_se(base, false);
  const space::Space se = with_se(base, true);
  arch::Rng rng(5);
  for (int i = 0; i < 10; ++i) {
    const arch::Architecture a = arch::sample_uniform(base, rng, 224);
    SCOPED_TRACE(arch::to_canonical(base, a));
    const double myriad_extra = simulated_ms("myriad-vpu-like", se, a) / simulated_ms("myriad-vpu-like", plain, a);
    const double midap_extra = simulated_ms("midap", se, a) / simulated_ms("midap", plain, a);
    EXPECT_GT(midap_extra, 1.0);
    EXPECT_GT(myriad_extra, 1.0 + 2 * (midap_extra - 1.0)) << "myriad x" << myriad_extra << ", midap x" << midap_extra;
  }
}

TEST(PresetFindings, HexagonRunsABiggerK3BlockFasterThanASmallerK5Block) {
  const space::Space space = space::load_space("ofa-mbv3");
  const arch::Architecture k3 = uniform_arch(space, "e6k3");
  const arch::Architecture k5 = uniform_arch(space, "e3k5");
  const auto macs = [&](const arch::Architecture& a) { return cost::count_total(graph::build(space, a)).macs; };
  ASSERT_GT(macs(k3), macs(k5));
  EXPECT_LT(simulated_ms("hexagon-dsp-like", space, k3), simulated_ms("hexagon-dsp-like", space, k5));
  // Not a property of the network: a device without the k <= 3 specialisation orders them by MACs.
  EXPECT_GT(simulated_ms("midap", space, k3), simulated_ms("midap", space, k5));
}

// One HURRICANE operator alone in HURRICANE Figure 1's context: 56×56×64 in and out, stride 1.
double operator_ms(const std::string& device, const space::Space& space, const std::string& block) {
  const auto it = std::find_if(space.blocks.begin(), space.blocks.end(),
                               [&](const space::BlockSpec& b) { return b.name == block; });
  EXPECT_NE(it, space.blocks.end()) << block;
  graph::GraphBuilder b(graph::Shape{64, 56, 56});
  b.begin_layer(graph::LayerRole::block, "op", block, 0, 0);
  const int y = graph::build_block(b, space, *it, b.input(), 64, 1, graph::Activation::relu, false);
  // The operator's own time, without the per-inference overhead a lone op would not pay.
  const graph::Graph g = std::move(b).finish(y);
  const SimResult r = simulate(load_device(device), g);
  return (r.total_s - r.fixed_s) * 1e3;
}

TEST(PresetFindings, HurricaneChoice3SeIsCheapOnTheDspAndExpensiveOnTheVpu) {
  // HURRICANE (Zhang et al., CVPRW'20) §1: "the latency of operator Choice_3 is almost the same as
  // Choice_3_SE on the DSP, but the difference on the VPU is more than 24x".
  const space::Space space = space::load_space("hurricane");
  const double dsp = operator_ms("hexagon-dsp-like", space, "Choice_3_SE") / operator_ms("hexagon-dsp-like", space, "Choice_3");
  const double vpu = operator_ms("myriad-vpu-like", space, "Choice_3_SE") / operator_ms("myriad-vpu-like", space, "Choice_3");
  SCOPED_TRACE(fmt::format("Choice_3_SE / Choice_3: {:.2f} on the DSP, {:.1f} on the VPU", dsp, vpu));
  EXPECT_LT(dsp, 1.25);
  EXPECT_GT(vpu, 10.0);
}

TEST(PresetFindings, GpuAndCpuFollowDepthMoreThanKernelSize) {
  const space::Space space = space::load_space("ofa-mbv3");
  for (const char* device : {"desktop-gpu-like", "mobile-cpu-like"}) {
    SCOPED_TRACE(device);
    arch::Architecture shallow_k3 = uniform_arch(space, "e4k3");
    for (auto& unit : shallow_k3.units) unit.blocks.resize(2);
    arch::Architecture deep_k3 = uniform_arch(space, "e4k3");
    arch::Architecture deep_k7 = uniform_arch(space, "e4k7");
    const double depth_effect = simulated_ms(device, space, deep_k3) / simulated_ms(device, space, shallow_k3);
    const double kernel_effect = simulated_ms(device, space, deep_k7) / simulated_ms(device, space, deep_k3);
    EXPECT_GT(depth_effect, 1.4);
    EXPECT_LT(kernel_effect, 1.15);
  }
}

}  // namespace
}  // namespace hwnas::sim
