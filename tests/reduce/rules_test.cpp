// Reduction rules: presets give the paper's spaces with the expected sizes, rule files and reduced
// spaces round-trip, and contradictions are errors naming the rule.
#include <fstream>

#include <gtest/gtest.h>

#include "../cli/cli_run.hpp"
#include "hwnas/arch/count.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/reduce/rules.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::reduce {
namespace {

using arch::BigInt;

BigInt pw(long base, unsigned exp) { return boost::multiprecision::pow(BigInt(base), exp); }

BigInt preset_size(const std::string& space, const std::string& preset) {
  return arch::count_per_resolution(apply_rules(space::load_space(space), load_rules(preset)));
}

TEST(Presets, HaveThePapersSizes) {
  // Per unit with n candidate blocks and depths 2–4: n² + n³ + n⁴.
  EXPECT_EQ(preset_size("ofa-mbv3", "ofa-npu"), pw(6 * 6 + 6 * 6 * 6 + 6 * 6 * 6 * 6, 5));
  EXPECT_EQ(preset_size("ofa-mbv3", "ofa-gpu"), pw(36 + 216 + 1296, 2) * pw(36 + 216, 3));
  EXPECT_EQ(preset_size("ofa-mbv3", "ofa-cpu"), pw(81 + 729, 3) * pw(81 + 729 + 6561, 2));
  EXPECT_EQ(preset_size("ofa-mbv3", "ofa-note10"), BigInt(49 + 343) * pw(49 + 343 + 2401, 4));
  EXPECT_EQ(preset_size("ofa-mbv3", "ofa-maxacc"), pw(25 + 125 + 625, 5));
  EXPECT_EQ(preset_size("proxyless", "pn-npu"), 6 * pw(1548, 5));  // the 1-layer unit 6 loses k7 too
  EXPECT_EQ(preset_size("proxyless", "pn-gpu"), 6 * pw(252, 3) * pw(1548, 2));
  EXPECT_EQ(preset_size("proxyless", "pn-cpu"), 9 * pw(810, 2) * pw(7371, 3));
  EXPECT_EQ(preset_size("proxyless", "pn-maxacc"), 5 * pw(775, 5));
  // Stem variables 3·3·2; units 1, 2: 3 widths × (3²+3³+3⁴); unit 3: C100 × 3⁶; unit 4: C100 × 3⁴.
  EXPECT_EQ(preset_size("resnet50", "resnet50-maxacc"), 18 * pw(3 * (9 + 27 + 81), 2) * 729 * 81);
  const space::Space note10 = apply_rules(space::load_space("ofa-mbv3"), load_rules("ofa-note10"));
  EXPECT_EQ(note10.resolutions, (std::vector<int>{192, 224}));
  EXPECT_EQ(note10.name, "ofa-mbv3-note10");
}

TEST(Presets, EveryPresetAppliesToItsSpace) {
  const auto presets = list_presets();
  EXPECT_GE(presets.size(), 10U);
  for (const auto& name : presets) {
    const RuleSet rules = load_rules(name);
    const space::Space reduced = apply_rules(space::load_space(rules.space), rules);
    arch::Rng rng(1);
    for (int i = 0; i < 20; ++i) EXPECT_NO_THROW(arch::validate(reduced, arch::sample_uniform(reduced, rng))) << name;
  }
}

TEST(Rules, RoundTripThroughYaml) {
  const RuleSet rules = parse_rules(R"(space: ofa-mbv3
name: tiny
rules:
  - {remove: [e3k7], units: [1, u2], layers: [1, 3], why: "a reason"}
  - {max_depth: 3, units: [4]}
  - {min_depth: 3, units: [4]}
  - {resolutions: [160, 224]}
)", "inline");
  const RuleSet again = parse_rules(write_rules(rules), "again");
  ASSERT_EQ(again.rules.size(), rules.rules.size());
  for (std::size_t i = 0; i < rules.rules.size(); ++i) EXPECT_EQ(describe(again.rules[i]), describe(rules.rules[i]));
  EXPECT_EQ(again.rules[0].why, "a reason");
  const space::Space base = space::load_space("ofa-mbv3");
  const space::Space reduced = apply_rules(base, rules);
  EXPECT_EQ(arch::count_per_resolution(apply_rules(base, again)), arch::count_per_resolution(reduced));
  // Layers 1 and 3 of units 1 and 2 lost e3k7; layer 2 kept it.
  EXPECT_EQ(reduced.units[0].layer_blocks[0].size(), 8U);
  EXPECT_EQ(reduced.units[1].layer_blocks[1].size(), 9U);
  EXPECT_EQ(reduced.units[3].min_layers, 3);
  EXPECT_EQ(reduced.units[3].max_layers, 3);
  // The written space reads back to the same space.
  const space::Space reread = space::parse_space(space::write_space(reduced), "reread");
  EXPECT_EQ(space::write_space(reread), space::write_space(reduced));
}

void expect_rule_error(const std::string& space, const std::string& yaml, const std::string& fragment) {
  try {
    apply_rules(space::load_space(space), parse_rules(yaml, "bad.yaml"));
    ADD_FAILURE() << "accepted: " << yaml;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.yaml"), std::string::npos) << e.what();
  }
}

TEST(Rules, ContradictionsNameTheRule) {
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {remove: [e3k3, e3k5, e3k7, e4k3, e4k5, e4k7, e6k3, e6k5, e6k7]}\n",
                    "rule 'remove e3k3");
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {remove: [e3k3, e3k5, e3k7, e4k3, e4k5, e4k7, e6k3, e6k5, e6k7]}\n",
                    "no candidate block");
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {remove: [k9]}\n", "block 'k9' is not in space");
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {max_depth: 5, units: [1]}\n", "depths 2 to 4; 5 is outside");
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {max_depth: 3, units: [7]}\n", "unit '7' does not exist");
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {resolutions: [225]}\n", "resolution 225 is not in space");
  expect_rule_error("resnet50", "space: resnet50\nrules:\n  - {widths: [C90], units: [1]}\n", "no width 'C90'");
  expect_rule_error("proxyless", "space: ofa-mbv3\nrules:\n  - {remove: [e3k7]}\n", "rules are for space 'ofa-mbv3'");
  expect_rule_error("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {max_depth: 3}\n  - {remove: [e3k7], layers: [4]}\n",
                    "has layers 1 to 3, not 4");
  EXPECT_THROW(parse_rules("space: x\nrules:\n  - {remove: [a], max_depth: 3}\n", "two.yaml"), InputError);
  EXPECT_THROW(parse_rules("space: x\nrules:\n  - {drop: [a]}\n", "typo.yaml"), InputError);
}

TEST(ReduceCommand, WritesASpaceEveryCommandAccepts) {
  const test::TempDir dir("reduce-command");
  const std::string out = (dir / "ofa-npu.yaml").string();
  const auto reduce = test::run_cli("reduce --space ofa-mbv3 --rules ofa-npu --out " + out);
  ASSERT_EQ(reduce.exit_code, 0) << reduce.output;
  EXPECT_NE(reduce.output.find("8889038387923968"), std::string::npos) << reduce.output;  // 1548^5
  const auto sample = test::run_cli("sample --space " + out + " -n 20 --seed 2");
  ASSERT_EQ(sample.exit_code, 0) << sample.output;
  EXPECT_EQ(sample.output.find("k7"), std::string::npos) << sample.output;
  const auto wrong = test::run_cli("reduce --space proxyless --rules ofa-npu --out " + out);
  EXPECT_EQ(wrong.exit_code, 2) << wrong.output;
  EXPECT_NE(wrong.output.find("rules are for space 'ofa-mbv3'"), std::string::npos) << wrong.output;
}

}  // namespace
}  // namespace hwnas::reduce
