// The latency model on hand-made graphs: MIDAP's conv cycle formula exactly, the
// roofline per kernel, fusion, SE subgraphs, fallback, padding, and the per-layer breakdown.
#include "hwnas/sim/latency_model.hpp"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/sim/arch_simulator.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::sim {
namespace {

using graph::Activation;
using graph::GraphBuilder;
using graph::LayerRole;
using graph::Shape;

struct ConvCase {
  int c_in, h, c_out, kernel, stride;
  std::int64_t cycles;  // k_w·⌈k_h·C_in/64⌉·⌈C_out/16⌉·H_out·W_out, worked by hand
};

graph::Graph one_conv(const ConvCase& c) {
  GraphBuilder b(Shape{c.c_in, c.h, c.h});
  b.begin_layer(LayerRole::stem, "conv");
  return std::move(b).finish(b.conv(b.input(), c.c_out, c.kernel, c.stride));
}

TEST(LatencyModel, MidapConvCyclesMatchTheFormulaOnHandCases) {
  const Device midap = load_device("midap");
  const std::vector<ConvCase> cases = {
      {32, 56, 64, 3, 1, 3 * 2 * 4 * 3136},    // ⌈96/64⌉ = 2, ⌈64/16⌉ = 4, 56·56
      {24, 56, 40, 5, 2, 5 * 2 * 3 * 784},     // ⌈120/64⌉ = 2, ⌈40/16⌉ = 3, 28·28
      {96, 28, 24, 1, 1, 1 * 2 * 2 * 784},     // 1×1: ⌈96/64⌉ = 2, ⌈24/16⌉ = 2
      {3, 224, 32, 7, 2, 7 * 1 * 2 * 12544},   // S3NAS' 7×7 stem: ⌈21/64⌉ = 1, 112·112
      {64, 14, 16, 3, 1, 3 * 3 * 1 * 196},     // exact multiples: ⌈192/64⌉ = 3, ⌈16/16⌉ = 1
      {65, 14, 17, 3, 1, 3 * 4 * 2 * 196},     // one past: ⌈195/64⌉ = 4, ⌈17/16⌉ = 2
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(fmt::format("conv {}x{} {}->{} k{} s{}", c.h, c.h, c.c_in, c.c_out, c.kernel, c.stride));
    const graph::Graph g = one_conv(c);
    EXPECT_DOUBLE_EQ(op_cycles(midap, g, g.op(1)), static_cast<double>(c.cycles));
    // Compute-bound at 1 GHz with no overheads: the latency is the cycle count in ns.
    const SimResult r = simulate(midap, g);
    EXPECT_NEAR(r.total_s, c.cycles * 1e-9, 1e-15);
    EXPECT_EQ(r.kernels, 1);
  }
}

TEST(LatencyModel, MidapDepthwiseAndPoolingCycles) {
  const Device midap = load_device("midap");
  GraphBuilder b(Shape{144, 28, 28});
  b.begin_layer(LayerRole::stem, "dw");
  const int dw = b.conv(b.input(), 144, 5, 1, 144);
  const int pool = b.global_avg_pool(dw);
  const graph::Graph g = std::move(b).finish(pool);
  EXPECT_EQ(classify(g, g.op(dw)), OpClass::depthwise);
  EXPECT_DOUBLE_EQ(op_cycles(midap, g, g.op(dw)), 25.0 * 3 * 784);  // k_w·k_h·⌈C/64⌉·H·W (MidapSim)
  EXPECT_DOUBLE_EQ(op_cycles(midap, g, g.op(pool)), 3.0 * 784);     // reduction over the input
}

// A small device to test the model's arithmetic with numbers that are easy to follow.
Device toy_device(const std::string& extra = "", double on_chip_kib = 1024) {
  return parse_device(fmt::format(R"(name: toy
precision: fp32
compute: {{clock_ghz: 1.0, mac_array: {{input_lanes: 8, output_lanes: 8}}, depthwise_lanes: 8, vector_lanes: 8}}
memory: {{on_chip_kib: {}, dram_gb_per_s: 1.0}}
{})",
                                  on_chip_kib, extra),
                      "toy.yaml");
}

graph::Graph conv_bn_relu() {
  GraphBuilder b(Shape{8, 16, 16});
  b.begin_layer(LayerRole::stem, "l0");
  return std::move(b).finish(b.conv_bn_act(b.input(), 8, 3, 1, Activation::relu));
}

TEST(LatencyModel, FusionRulesMergeChainsIntoOneKernel) {
  const graph::Graph g = conv_bn_relu();
  const SimResult unfused = simulate(toy_device("overhead: {kernel_us: 10}"), g);
  const SimResult fused = simulate(toy_device("fusion: [[conv, batch_norm, activation]]\noverhead: {kernel_us: 10}"), g);
  const SimResult other_act = simulate(toy_device("fusion: [[conv, batch_norm, h_swish]]\noverhead: {kernel_us: 10}"), g);
  EXPECT_EQ(unfused.kernels, 3);
  EXPECT_EQ(fused.kernels, 1);
  EXPECT_EQ(other_act.kernels, 2);  // the rule's prefix conv+BN still fuses; relu is not h_swish
  EXPECT_LT(fused.total_s, unfused.total_s);
  // conv: 3·⌈24/8⌉·⌈8/8⌉·256 = 2304 cycles; BN and relu: ⌈8/8⌉·256 each; 10 µs per kernel.
  EXPECT_NEAR(unfused.total_s, (2304 + 256 + 256) * 1e-9 + 30e-6, 1e-12);
  EXPECT_NEAR(fused.total_s, 2304e-9 + 10e-6, 1e-12);
}

TEST(LatencyModel, KernelsThatDoNotFitOnChipAreMemoryBound) {
  const graph::Graph g = conv_bn_relu();
  // On chip (1 MiB): only weights stream, 576·4 bytes at 1 GB/s = 2.3 µs, no more than the conv's
  // 2304 cycles; BN's scale and shift (16 values) take 64 ns, under its 256 cycles.
  const SimResult fits = simulate(toy_device("", 1024), g);
  EXPECT_NEAR(fits.total_s, (2304 + 256 + 256) * 1e-9, 1e-12);
  // Nothing fits (1 KiB): every kernel moves its inputs, weights and output over DRAM.
  const SimResult spills = simulate(toy_device("", 1), g);
  const double conv_bytes = (2048 + 2048 + 576) * 4.0;
  const double bn_bytes = (2048 + 2048 + 16) * 4.0;
  const double relu_bytes = (2048 + 2048) * 4.0;
  EXPECT_NEAR(spills.total_s, (conv_bytes + bn_bytes + relu_bytes) / 1e9, 1e-12);
}

graph::Graph se_block(int channels) {
  GraphBuilder b(Shape{channels, 14, 14});
  b.begin_layer(LayerRole::stem, "se");
  const int x = b.input();
  int s = b.global_avg_pool(x);
  s = b.activation(b.conv(s, channels / 4, 1, 1, 1, true), Activation::relu);
  s = b.activation(b.conv(s, channels, 1, 1, 1, true), Activation::h_sigmoid);
  return std::move(b).finish(b.multiply(x, s));
}

TEST(LatencyModel, SeSubgraphIsOneKernelOnTheMainUnitOrTheFallback) {
  const graph::Graph g = se_block(64);
  const SimResult native = simulate(toy_device(), g);
  EXPECT_EQ(native.kernels, 1);
  EXPECT_EQ(native.fallback_kernels, 0);
  const SimResult fallback = simulate(
      toy_device("fallback: {ops: [se], gmacs_per_s: 1, gelements_per_s: 1, transfer_gb_per_s: 1, switch_us: 100}"), g);
  EXPECT_EQ(fallback.kernels, 1);
  EXPECT_EQ(fallback.fallback_kernels, 1);
  // MACs 64·16 + 16·64; elements: pool input 12544, two gates 80, multiply 12544; x in and out moved.
  const double expected = (2048 + 12544 + 16 + 64 + 12544) / 1e9 + 2 * 12544 * 4 / 1e9 + 100e-6;
  EXPECT_NEAR(fallback.total_s, expected, 1e-12);
}

TEST(LatencyModel, FallbackActivationBreaksFusion) {
  const graph::Graph g = conv_bn_relu();
  const SimResult r = simulate(toy_device(
      "fusion: [[conv, batch_norm, activation]]\n"
      "fallback: {ops: [relu], gmacs_per_s: 1, gelements_per_s: 1, transfer_gb_per_s: 1, switch_us: 50}"), g);
  EXPECT_EQ(r.kernels, 2);
  EXPECT_EQ(r.fallback_kernels, 1);
}

TEST(LatencyModel, LayersAndFixedCostsAddUpToTheTotalOnEverySpaceAndPreset) {
  for (const auto& space_name : space::list_spaces()) {
    const space::Space space = space::load_space(space_name);
    arch::Rng rng(7);
    for (const auto& name : list_devices()) {
      ArchSimulator simulator(load_device(name));
      for (int i = 0; i < 8; ++i) {
        const arch::Architecture a =
            arch::sample_uniform(space, rng, space.resolutions[static_cast<std::size_t>(i) % space.resolutions.size()]);
        SCOPED_TRACE(fmt::format("{} on {}", arch::to_canonical(space, a), name));
        const SimResult r = simulator.simulate(space, a);
        double sum = r.fixed_s;
        for (double s : r.layer_s) {
          EXPECT_GT(s, 0);
          sum += s;
        }
        EXPECT_NEAR(sum, r.total_s, 1e-12 * r.total_s + 1e-15);
        EXPECT_DOUBLE_EQ(simulator.simulate(space, a, false).total_s, r.total_s);
        EXPECT_EQ(r.resolution, simulator.device().padded_resolution(a.resolution));
      }
    }
  }
}

TEST(LatencyModel, PaddingBuildsAtTheTemplateEvenWhenTheSpaceLacksIt) {
  // Two spaces of one name that allow only 208, differing in SE: each is padded to 224 with its
  // own blocks (nothing is cached across spaces).
  space::Space plain = space::load_space("ofa-mbv3");
  plain.resolutions = {208};
  plain.default_resolution = 208;
  space::Space with_se = plain;
  for (auto& unit : with_se.units) unit.se = true;
  const ArchSimulator simulator(load_device("kirin-npu-like"));
  arch::Rng rng(2);
  const arch::Architecture a = arch::sample_uniform(plain, rng, 208);
  const SimResult p = simulator.simulate(plain, a);
  const SimResult s = simulator.simulate(with_se, a);
  EXPECT_EQ(p.resolution, 224);
  EXPECT_EQ(s.resolution, 224);
  EXPECT_LT(p.total_s, s.total_s);
  const TemplateBuilder builder(simulator.device(), plain);
  EXPECT_EQ(builder.build(a).shape(0).h, 224);
  EXPECT_DOUBLE_EQ(simulator.simulate(builder, a).total_s, p.total_s);
  arch::Architecture outside = a;
  outside.resolution = 192;  // not in the space: the user's space decides, not the template's
  EXPECT_THROW(builder.build(outside), arch::InvalidArchitecture);
}

// Every SE module the IR builder emits is recognised as one SE subgraph: with only `se` falling
// back, the fallback kernels are exactly the multiplies.
TEST(LatencyModel, RecognisesEverySeModuleOfEverySpace) {
  const Device se_fallback =
      toy_device("fallback: {ops: [se], gmacs_per_s: 1, gelements_per_s: 1, transfer_gb_per_s: 1}");
  int seen = 0;
  for (const auto& space_name : space::list_spaces()) {
    const space::Space space = space::load_space(space_name);
    arch::Rng rng(3);
    for (int i = 0; i < 5; ++i) {
      const graph::Graph g = graph::build(space, arch::sample_uniform(space, rng));
      const auto multiplies = std::count_if(g.ops.begin(), g.ops.end(),
                                            [](const graph::Op& op) { return op.kind == graph::OpKind::multiply; });
      SCOPED_TRACE(fmt::format("{}: {} multiplies", space_name, multiplies));
      EXPECT_EQ(simulate(se_fallback, g).fallback_kernels, multiplies);
      seen += static_cast<int>(multiplies);
    }
  }
  EXPECT_GT(seen, 0);
}

// An architecture of `space` with every unit `depth` layers deep (at most its maximum), all `block`.
arch::Architecture uniform_architecture(const space::Space& space, int depth, int block) {
  arch::Architecture a;
  a.resolution = space.default_resolution;
  a.variables.assign(space.variables.size(), 0);
  for (const auto& unit : space.units) a.units.push_back({0, std::vector<int>(static_cast<std::size_t>(std::min(depth, unit.max_layers)), block)});
  return a;
}

double layer_seconds(const SimResult& r, const graph::Graph& g, const std::string& layer) {
  for (std::size_t i = 0; i < g.layers.size(); ++i) {
    if (g.layers[i].name == layer) return r.layer_s[i];
  }
  ADD_FAILURE() << "no layer " << layer;
  return 0;
}

// A MixConv block can always run as one depthwise pass at its largest kernel (the smaller kernels
// zero-padded), so on MIDAP no mixed-kernel block costs more than the same block with every
// kernel at its largest size, at any position of either S3NAS space.
TEST(LatencyModel, MixedKernelBlocksNeverCostMoreThanTheirLargestKernelForm) {
  const Device midap = load_device("midap");
  for (const char* name : {"s3nas", "s3nas-fmnist"}) {
    space::Space space = space::load_space(name);
    std::vector<std::pair<int, int>> pairs;  // (mixed block, its largest-kernel form)
    const std::size_t vocabulary = space.blocks.size();
    for (std::size_t b = 0; b < vocabulary; ++b) {
      space::BlockSpec largest = space.blocks[b];
      std::set<int> kernels;
      for (const auto& branch : largest.branches) {
        if (branch.expand > 0) kernels.insert(branch.kernel);
      }
      if (kernels.size() < 2) continue;
      for (auto& branch : largest.branches) branch.kernel = branch.expand > 0 ? *kernels.rbegin() : branch.kernel;
      largest.name += "-largest";
      pairs.emplace_back(static_cast<int>(b), static_cast<int>(space.blocks.size()));
      space.blocks.push_back(largest);
      for (auto& unit : space.units) {
        for (auto& candidates : unit.layer_blocks) candidates.push_back(pairs.back().second);
      }
    }
    ASSERT_GT(pairs.size(), 10u);
    const arch::Architecture base = uniform_architecture(space, 2, space.block_index("k3-x-x"));
    for (std::size_t u = 0; u < space.units.size(); ++u) {
      for (std::size_t l = 0; l < base.units[u].blocks.size(); ++l) {
        for (const auto& [mixed, largest] : pairs) {
          arch::Architecture a = base, b = base;
          a.units[u].blocks[l] = mixed;
          b.units[u].blocks[l] = largest;
          SCOPED_TRACE(fmt::format("{} u{}.l{}: {}", name, u + 1, l + 1, space.blocks[static_cast<std::size_t>(mixed)].name));
          EXPECT_LE(simulate(midap, graph::build(space, a)).total_s, simulate(midap, graph::build(space, b)).total_s * (1 + 1e-12));
        }
      }
    }
  }
}

// S3NAS's cycle formula by hand on an s3nas-fmnist unit-1 layer (16 -> 16 channels, 14x14, stride 1,
// residual add fused into the project conv), at 1 GHz and compute-bound:
//   k5 (one branch, 32 channels): expand 1*ceil(16/64)*ceil(32/16)*196 = 392, depthwise 25*ceil(32/64)*196
//   = 4900, project ceil(32/64)*ceil(16/16)*196 = 196: 5488 cycles.
//   3+5 (32 + 32 channels): expand ceil(64/16)*196 = 784; its depthwise branches one by one 9*196 + 25*196
//   plus two slices and a concat of 196 each = 7252, as one padded 5x5 pass 25*ceil(64/64)*196 = 4900;
//   project 196: 5880 cycles, the same as 5+5.
TEST(LatencyModel, MidapMixConvLayersMatchTheCycleFormulaByHand) {
  const Device midap = load_device("midap");
  const space::Space space = space::load_space("s3nas-fmnist");
  const auto layer_ns = [&](const char* block) {
    arch::Architecture a = uniform_architecture(space, 1, space.block_index("k3-x-x"));
    a.units[0].blocks.push_back(space.block_index(block));
    const graph::Graph g = graph::build(space, a);
    return layer_seconds(simulate(midap, g), g, "u1.l2") * 1e9;
  };
  EXPECT_NEAR(layer_ns("x-x-k5"), 5488, 1e-6);
  EXPECT_NEAR(layer_ns("k3-k5-x"), 5880, 1e-6);
  EXPECT_NEAR(layer_ns("k5-k5-x"), 5880, 1e-6);
}

}  // namespace
}  // namespace hwnas::sim
