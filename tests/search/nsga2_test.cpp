// NSGA-II: the integer encoding, and one ask/tell generation against pagmo::nsga2::evolve itself.
#include <gtest/gtest.h>

#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/search/integer_encoding.hpp"
#include "hwnas/search/nsga2.hpp"
#include "hwnas/search/rng.hpp"
#include "search_fixture.hpp"

namespace hwnas::test {
namespace {

class EncodingRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(EncodingRoundTrip, DecodeOfEncodeIsIdentityAndAnyVectorDecodesToAValidArchitecture) {
  const space::Space space = space::load_space(GetParam());
  const search::IntegerEncoding encoding(space);
  arch::Rng rng(5);
  for (int i = 0; i < 300; ++i) {
    const arch::Architecture a = arch::sample_uniform(space, rng);
    const std::vector<int> genes = encoding.encode(a);
    ASSERT_EQ(genes.size(), encoding.size());
    ASSERT_EQ(encoding.decode(genes), a) << arch::to_canonical(space, a);
  }
  const std::vector<int> upper = encoding.upper_bounds();
  for (int i = 0; i < 300; ++i) {
    std::vector<int> genes;
    // Out-of-range values too: decoding clamps.
    for (int u : upper) genes.push_back(std::uniform_int_distribution<int>(-2, u + 2)(rng));
    const arch::Architecture a = encoding.decode(genes);
    ASSERT_NO_THROW(arch::validate(space, a));
    ASSERT_EQ(encoding.decode(encoding.encode(a)), a);
  }
}

INSTANTIATE_TEST_SUITE_P(ShippedSpaces, EncodingRoundTrip,
                         ::testing::Values("ofa-mbv3", "proxyless", "resnet50", "spos", "hurricane", "s3nas"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(IntegerEncoding, OfaGenesAreResolutionThenUnitByUnit) {
  const search::IntegerEncoding encoding(ofa_space());
  // resolution + 5 units × (depth + 4 layer blocks); widths are fixed in ofa-mbv3.
  ASSERT_EQ(encoding.size(), 1u + 5u * 5u);
  EXPECT_EQ(encoding.describe(0), "resolution");
  EXPECT_EQ(encoding.describe(1), "unit 1 depth");
  EXPECT_EQ(encoding.describe(2), "unit 1 layer 1 block");
  EXPECT_EQ(encoding.upper_bounds()[1], 2);  // depth 2..4
  EXPECT_EQ(encoding.upper_bounds()[2], 8);  // 9 blocks
}

// pagmo's view of the same task, for comparison.
struct ToyUdp {
  const search::IntegerEncoding* encoding = nullptr;
  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    std::vector<int> genes;
    for (double v : x) genes.push_back(static_cast<int>(std::lround(v)));
    const arch::Architecture a = encoding->decode(genes);
    ToyMetric quality("toy:quality");
    ToyMetric cost("toy:cost");
    return {-*quality.evaluate(ofa_space(), std::span(&a, 1))[0], *cost.evaluate(ofa_space(), std::span(&a, 1))[0]};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    pagmo::vector_double lb, ub;
    for (int u : encoding->upper_bounds()) {
      lb.push_back(0);
      ub.push_back(u);
    }
    return {lb, ub};
  }
  pagmo::vector_double::size_type get_nobj() const { return 2; }
  pagmo::vector_double::size_type get_nix() const { return encoding->upper_bounds().size(); }
};

TEST(Nsga2, OneGenerationEqualsPagmoEvolve) {
  const search::Problem problem = two_objective_problem();
  search::Evaluator evaluator(ofa_space(), problem, toy_opener());
  search::Nsga2 nsga(ofa_space(), problem, search::Nsga2Settings{}, 42);
  nsga.tell(evaluator.evaluate(nsga.ask(), 0));  // the initial population

  pagmo::population pop{pagmo::problem{ToyUdp{&nsga.encoding()}}};
  for (const auto& x : nsga.population_genes()) pop.push_back(x);
  const auto& s = nsga.settings();
  const pagmo::nsga2 reference(1u, s.crossover, s.eta_c, nsga.mutation_probability(), s.eta_m,
                               search::step_seed32(42, nsga.step()));
  const pagmo::population evolved = reference.evolve(pop);

  nsga.tell(evaluator.evaluate(nsga.ask(), 1));
  ASSERT_EQ(nsga.population_genes().size(), evolved.size());
  EXPECT_EQ(nsga.population_genes(), evolved.get_x());
}

TEST(Nsga2, FeasibleMembersRankBeforeInfeasibleOnes) {
  std::vector<search::Member> members(4);
  members[0] = {{}, "a", {5, 5}, false, 0.5};
  members[1] = {{}, "b", {9, 9}, true, 0};
  members[2] = {{}, "c", {1, 1}, false, 0.1};
  members[3] = {{}, "d", {8, 10}, true, 0};
  const auto ranking = search::rank_constrained(members);
  EXPECT_EQ(ranking.rank[1], 0u);
  EXPECT_EQ(ranking.rank[3], 0u);
  EXPECT_EQ(ranking.rank[2], 1u);  // smaller violation first
  EXPECT_EQ(ranking.rank[0], 2u);
  EXPECT_EQ(search::select_best_constrained(members, 3), (std::vector<pagmo::pop_size_t>{1, 3, 2}));
}

}  // namespace
}  // namespace hwnas::test
