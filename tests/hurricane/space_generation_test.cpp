// Space generation: eq. 2 ranks as planted, top p and the exploring operator follow the documented
// rule, option errors are InputErrors, and the generated space round-trips through YAML and only
// yields the chosen operators.
#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/hurricane/space_generation.hpp"
#include "hwnas/space/space_loader.hpp"
#include "planted_latency.hpp"

namespace hwnas::hurricane {
namespace {

using test::PlantedLatency;

struct Generated {
  space::Space source = space::load_space("hurricane");
  PlantedLatency latency;
  LayerProfile profile = profile_layers(source, latency, {});
};

std::vector<std::string> names(const LayerChoice& c, const space::Space& source) {
  std::vector<std::string> n;
  for (int b : c.blocks()) n.push_back(source.blocks[static_cast<std::size_t>(b)].name);
  return n;
}

TEST(Score, IsEquationTwo) {
  EXPECT_DOUBLE_EQ(score(1e6, 1e3, 2.0, 0.0), 0.5);
  EXPECT_DOUBLE_EQ(score(1e6, 1e3, 2.0, 0.5), std::sqrt(1e9) / 2.0);
  EXPECT_DOUBLE_EQ(score(4, 4, 8, 1.0), 2.0);
}

TEST(GenerateSpace, AlphaZeroKeepsTheFastestOps) {
  Generated g;
  const GeneratedSpace out = generate_space(g.source, g.profile, {});
  ASSERT_EQ(out.layers.size(), 20u);
  // Planted costs: Choice_3 (1.0) < ChoiceX (1.2) < MB_3_1 (1.3) < Choice_3_SE (1.4) < ...
  for (const LayerChoice& c : out.layers) {
    ASSERT_EQ(c.kept.size(), 4u);
    const auto n = names(c, g.source);
    EXPECT_EQ(std::vector<std::string>(n.begin(), n.begin() + 4),
              (std::vector<std::string>{"Choice_3", "ChoiceX", "MB_3_1", "Choice_3_SE"}));
    for (std::size_t r = 1; r < c.ranked.size(); ++r) EXPECT_GE(c.ranked[r - 1].score, c.ranked[r].score);
    // Exploring operator only in the last 4 layers: best op of a family not kept = SEP_3 (sep).
    if (c.slot.index >= 16) {
      ASSERT_EQ(n.size(), 5u);
      EXPECT_EQ(n[4], "SEP_3");
    } else {
      EXPECT_EQ(c.explorer, -1);
    }
  }
  const arch::Architecture top1 = top1_architecture(out, out.space);
  EXPECT_EQ(out.space.blocks[static_cast<std::size_t>(top1.units[2].blocks[3])].name, "Choice_3");
  const arch::Architecture top1_source = top1_architecture(out, g.source);
  EXPECT_EQ(top1_source.units[0].blocks[0], g.source.block_index("Choice_3"));
}

TEST(GenerateSpace, AlphaTradesCapacityAgainstLatency) {
  Generated g;
  GenerationOptions o;
  o.alpha = 0.5;
  const GeneratedSpace out = generate_space(g.source, g.profile, o);
  for (const LayerChoice& c : out.layers) {
    for (const ScoredOperator& s : c.ranked) {
      ASSERT_DOUBLE_EQ(s.score, std::pow(s.measure.flops * s.measure.params, 0.5) / s.measure.latency.value);
    }
    // A large α favours the ops with the most FLOPs·params: the top op is no longer the fastest.
    EXPECT_NE(c.ranked.front().measure.name, "Choice_3");
  }
}

TEST(GenerateSpace, ExplorerFallsBackToTheNextRankWhenEveryFamilyIsKept) {
  Generated g;
  GenerationOptions o;
  o.keep = 8;  // Choice_3, ChoiceX, MB_3_1, Choice_3_SE, SEP_3, ... covers all four families
  o.explore_layers = 2;
  const GeneratedSpace out = generate_space(g.source, g.profile, o);
  for (const LayerChoice& c : out.layers) {
    if (c.slot.index >= 18) {
      EXPECT_EQ(c.explorer, 8);
    } else {
      EXPECT_EQ(c.explorer, -1);
    }
  }
}

TEST(GenerateSpace, BadOptionsAreInputErrors) {
  Generated g;
  GenerationOptions o;
  o.alpha = -1;
  EXPECT_THROW(generate_space(g.source, g.profile, o), InputError);
  o = {};
  o.keep = 0;
  EXPECT_THROW(generate_space(g.source, g.profile, o), InputError);
  o.keep = 33;
  EXPECT_THROW(generate_space(g.source, g.profile, o), InputError);
  o = {};
  o.explore_layers = 21;
  EXPECT_THROW(generate_space(g.source, g.profile, o), InputError);
}

TEST(GenerateSpace, WrittenSpaceReadsBackAndSamplesOnlyChosenOps) {
  Generated g;
  const GeneratedSpace out = generate_space(g.source, g.profile, {});
  EXPECT_EQ(out.space.name, "hurricane-planted");
  const space::Space back = space::parse_space(space::write_space(out.space), "generated.yaml");
  ASSERT_EQ(back.blocks.size(), 5u);  // Choice_3, ChoiceX, MB_3_1, Choice_3_SE, + SEP_3
  arch::Rng rng(1);
  for (int i = 0; i < 200; ++i) {
    const arch::Architecture a = arch::sample_uniform(back, rng);
    int layer = 0;
    for (const auto& u : a.units) {
      for (int b : u.blocks) {
        const auto allowed = names(out.layers[static_cast<std::size_t>(layer)], g.source);
        ASSERT_NE(std::find(allowed.begin(), allowed.end(), back.blocks[static_cast<std::size_t>(b)].name), allowed.end());
        ++layer;
      }
    }
    ASSERT_EQ(layer, 20);
  }
}

TEST(StageTable, GroupsLayersLikeSeedTable1) {
  Generated g;
  const GeneratedSpace out = generate_space(g.source, g.profile, {});
  const std::vector<StageRow> rows = stage_table(out);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].output, "56^2 x 64");
  EXPECT_EQ(rows[0].layers, "1-4");
  EXPECT_EQ(rows[2].layers, "9-16");
  EXPECT_EQ(rows[3].output, "7^2 x 640");
  EXPECT_EQ(rows[3].layers, "17-20");
  EXPECT_EQ(rows[3].operators.back(), "+SEP_3");
  const std::string text = format_stage_table(out);
  EXPECT_NE(text.find("14^2 x 320"), std::string::npos) << text;
  EXPECT_NE(text.find("Choice_3, ChoiceX, MB_3_1, Choice_3_SE"), std::string::npos) << text;
}

}  // namespace
}  // namespace hwnas::hurricane
