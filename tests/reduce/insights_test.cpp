// Insights find planted structure: kernel-7 blocks that cost latency without accuracy, a unit
// whose last layer costs much latency for almost no accuracy, and a block that pays off in one
// unit only (kept there, removed elsewhere).
#include <algorithm>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "../cli/cli_run.hpp"
#include "hwnas/profile/profile_io.hpp"
#include "hwnas/profile/profiler.hpp"
#include "hwnas/reduce/insights.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::reduce {
namespace {

// An additive metric: Σ over active layers of term(unit, block spec), plus, when `noise` > 0, a
// deterministic noise in [-noise, noise) per network (the same network always scores the same).
class TermMetric final : public metric::MetricSource {
 public:
  using Term = std::function<double(int unit, const space::BlockSpec&)>;
  TermMetric(std::string spec, std::string unit, Term term, double noise = 0)
      : spec_(std::move(spec)), unit_(std::move(unit)), term_(std::move(term)), noise_(noise) {}
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return unit_; }
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override {
    std::vector<std::optional<double>> out;
    for (const auto& a : archs) {
      double m = 1;
      std::string key;
      for (std::size_t u = 0; u < a.units.size(); ++u) {
        for (int b : a.units[u].blocks) {
          m += term_(static_cast<int>(u), space.blocks[static_cast<std::size_t>(b)]);
          key += std::to_string(b) + ",";
        }
        key += "|";
      }
      if (noise_ > 0) m += noise_ * (static_cast<double>(std::hash<std::string>{}(key) % 2000) / 1000.0 - 1.0);
      out.emplace_back(m);
    }
    return out;
  }

 private:
  std::string spec_, unit_;
  Term term_;
  double noise_;
};

// ofa-mbv3 profiled on the two metrics, 200 samples per cell.
profile::ProfileResult profile_of(TermMetric& latency, TermMetric& accuracy) {
  profile::ProfileOptions options;
  options.samples = 200;
  options.bootstrap = 20;
  return profile::run_profile(space::load_space("ofa-mbv3"), {&latency, &accuracy}, options);
}

profile::ProfileResult planted_profile() {
  TermMetric latency("latency:planted", "ms", [](int u, const space::BlockSpec& b) {
    return (u == 0 ? 10.0 : 1.0) + (b.kernel == 7 ? 5.0 : 0.0) + 0.01 * b.expand;
  });
  TermMetric accuracy("accuracy:planted", "%", [](int u, const space::BlockSpec& b) { return (u == 0 ? 0.001 : 1.0) * b.expand / 10; });
  return profile_of(latency, accuracy);
}

TEST(Insights, FindsPlantedUnfriendlyBlocksAndLayers) {
  const Insights insights = propose_rules(planted_profile(), InsightOptions{});
  ASSERT_EQ(insights.proposals.size(), 2U);
  const Rule& remove = insights.proposals[0].rule;
  EXPECT_EQ(remove.kind, RuleKind::remove);
  EXPECT_EQ(remove.blocks, (std::vector<std::string>{"e3k7", "e4k7", "e6k7"}));
  EXPECT_NE(insights.proposals[0].justification.find("latency:planted"), std::string::npos);
  const Rule& cap = insights.proposals[1].rule;
  EXPECT_EQ(cap.kind, RuleKind::max_depth);
  EXPECT_EQ(cap.depth, 3);
  EXPECT_EQ(cap.units, (std::vector<std::string>{"1"}));
  // The proposals are a valid rule set for the space.
  RuleSet set{"ofa-mbv3", "planted", "", {remove, cap}, {}, "proposals"};
  EXPECT_NO_THROW(apply_rules(space::load_space("ofa-mbv3"), parse_rules(write_rules(set), "proposals")));
}

// e6 blocks cost latency everywhere; on a noisy accuracy they gain only in the last unit, so
// little that the mean over locations shows no significant gain.
profile::ProfileResult pays_off_in_one_unit_profile() {
  TermMetric latency("latency:planted", "ms", [](int, const space::BlockSpec& b) { return b.expand == 6 ? 2.0 : 1.0; });
  TermMetric accuracy("accuracy:noisy", "%", [](int u, const space::BlockSpec& b) { return u == 4 && b.expand == 6 ? 0.4 : 0.0; },
                      /*noise=*/1.0);
  return profile_of(latency, accuracy);
}

TEST(Insights, KeepsABlockWhereItPaysOff) {
  const Insights insights = propose_rules(pays_off_in_one_unit_profile(), InsightOptions{});
  // unit -> layers e6k3 is removed from
  std::map<std::string, std::vector<int>> removed;
  for (const auto& p : insights.proposals) {
    if (p.rule.kind != RuleKind::remove) continue;
    EXPECT_FALSE(p.rule.units.empty()) << "e6 pays off in unit 5: no rule may remove a block everywhere";
    if (std::find(p.rule.blocks.begin(), p.rule.blocks.end(), "e6k3") == p.rule.blocks.end()) continue;
    for (const auto& u : p.rule.units) removed[u].insert(removed[u].end(), p.rule.layers.begin(), p.rule.layers.end());
    EXPECT_NE(p.justification.find("kept where it gains significantly more: u5.l1"), std::string::npos) << p.justification;
  }
  EXPECT_EQ(removed["1"], (std::vector<int>{1, 2, 3, 4}));  // costs and never pays off there
  EXPECT_EQ(removed.count("5"), 0U);                         // every layer of unit 5 keeps it
  std::vector<Rule> rules;
  for (const auto& p : insights.proposals) rules.push_back(p.rule);
  const auto reduced = apply_rules(space::load_space("ofa-mbv3"), RuleSet{"ofa-mbv3", "kept", "", rules, {}, "proposals"});
  EXPECT_EQ(reduced.units[4].layer_blocks[0].size(), 9U);  // unit 5, layer 1: all nine blocks
}

TEST(Insights, NeedsACostMetric) {
  profile::ProfileResult r = planted_profile();
  r.profiles.erase(r.profiles.begin());  // drop latency
  const Insights insights = propose_rules(r, InsightOptions{});
  EXPECT_TRUE(insights.proposals.empty());
  ASSERT_EQ(insights.notes.size(), 1U);
  EXPECT_NE(insights.notes[0].find("no latency metric"), std::string::npos);
  EXPECT_THROW(propose_rules(r, InsightOptions{{"latency:absent"}, "", 0, 2}), InputError);
}

TEST(InsightsCommand, WritesARuleFileThatReduceAccepts) {
  const test::TempDir tmp("insights-command");
  const std::string dir = (tmp / "insights-profile").string();
  profile::write_profile(planted_profile(), dir);
  const std::string rules = (tmp / "insights-rules.yaml").string();
  const auto r = test::run_cli("insights --profile " + dir + " --write " + rules);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("proposed: remove e3k7, e4k7, e6k7"), std::string::npos) << r.output;
  const auto reduce = test::run_cli("reduce --space ofa-mbv3 --rules " + rules + " --out " + (tmp / "insights-space.yaml").string());
  EXPECT_EQ(reduce.exit_code, 0) << reduce.output;
  const auto missing = test::run_cli("insights --profile /nonexistent");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
}

}  // namespace
}  // namespace hwnas::reduce
