// search_space: the space `hwnas search --rules --resolution` and hwnas.search run in.
#include "hwnas/reduce/search_space.hpp"

#include <gtest/gtest.h>

#include "hwnas/arch/count.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/reduce/rules.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::reduce {
namespace {

TEST(SearchSpace, WithoutRulesOrResolutionIsTheSpaceItself) {
  const auto original = space::load_space("ofa-mbv3");
  const SearchSpace s = search_space(original, "", std::nullopt);
  EXPECT_EQ(s.space.name, original.name);
  EXPECT_EQ(s.space.resolutions, original.resolutions);
  EXPECT_EQ(arch::count_total(s.space).str(), arch::count_total(original).str());
  EXPECT_TRUE(s.algorithm_options.unit_mutation_probabilities.empty());
}

TEST(SearchSpace, RulesReduceTheSpaceAndCarryTheirMutationProbabilities) {
  const auto original = space::load_space("ofa-mbv3");
  const RuleSet rules = load_rules("ofa-npu");
  const space::Space reduced = apply_rules(original, rules);
  const SearchSpace s = search_space(original, "ofa-npu", std::nullopt);
  EXPECT_EQ(s.space.name, reduced.name);
  EXPECT_EQ(arch::count_total(s.space).str(), arch::count_total(reduced).str());
  EXPECT_EQ(s.algorithm_options.unit_mutation_probabilities, rules.unit_mutation);
}

TEST(SearchSpace, AResolutionIsTheOnlyOneLeft) {
  const SearchSpace s = search_space(space::load_space("ofa-mbv3"), "ofa-npu", 224);
  EXPECT_EQ(s.space.resolutions, std::vector<int>{224});
  EXPECT_THROW(search_space(space::load_space("ofa-mbv3"), "no-such-rules", std::nullopt), InputError);
}

}  // namespace
}  // namespace hwnas::reduce
