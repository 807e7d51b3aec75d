// The contract every search algorithm keeps (algorithm.hpp), run over all of them on the
// synthetic task (synthetic_task.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "search_fixture.hpp"

namespace hwnas::test {
namespace {

class AlgorithmContract : public ::testing::TestWithParam<std::string> {};

// GoogleTest names may not hold '-': "ofa-evolution" -> "ofa_evolution".
std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::vector<std::string> front_archs(const RunOutcome& run) {
  std::vector<std::string> archs;
  for (std::size_t i : run.front) archs.push_back(run.trials[i].canonical);
  return archs;
}

TEST_P(AlgorithmContract, SameSeedSameFront) {
  const auto problem = problem_for(GetParam());
  const RunOutcome a = run_search(GetParam(), problem, 7, 600);
  const RunOutcome b = run_search(GetParam(), problem, 7, 600);
  EXPECT_EQ(front_archs(a), front_archs(b));
  EXPECT_FALSE(a.front.empty());
  const RunOutcome other = run_search(GetParam(), problem, 8, 600);
  EXPECT_NE(a.trials.front().canonical, other.trials.front().canonical) << "the seed must matter";
}

TEST_P(AlgorithmContract, SpendsExactlyTheBudgetOnDistinctArchitectures) {
  const RunOutcome run = run_search(GetParam(), problem_for(GetParam()), 3, 777);
  EXPECT_EQ(run.trials.size(), 777u);
  std::set<std::string> distinct;
  for (const auto& t : run.trials) distinct.insert(t.canonical);
  EXPECT_EQ(distinct.size(), 777u);
}

TEST_P(AlgorithmContract, ResumedRunContinuesIdentically) {
  const auto problem = problem_for(GetParam());
  const std::size_t budget = 900;
  const RunOutcome straight = run_search(GetParam(), problem, 11, budget);

  search::SearchOptions options;
  options.budget = budget;
  options.box = problem.objectives.size() == 2 ? toy_box_two_objectives() : toy_box_quality();
  options.identity = {{"test", GetParam()}};
  std::string saved;
  {
    search::Evaluator evaluator(ofa_space(), problem, toy_opener());
    auto algo = search::make_algorithm(GetParam(), ofa_space(), problem, 11);
    search::SearchRun run(evaluator, *algo, options);
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(run.step());
    saved = run.checkpoint().dump();  // through text, as the CLI writes it
  }
  search::Evaluator evaluator(ofa_space(), problem, toy_opener());
  auto algo = search::make_algorithm(GetParam(), ofa_space(), problem, 11);
  search::SearchRun run(evaluator, *algo, options);
  run.resume(nlohmann::json::parse(saved));
  while (run.step()) {
  }
  ASSERT_EQ(evaluator.trials().size(), straight.trials.size());
  for (std::size_t i = 0; i < straight.trials.size(); ++i) {
    ASSERT_EQ(evaluator.trials()[i].canonical, straight.trials[i].canonical) << "trial " << i;
    ASSERT_EQ(evaluator.trials()[i].objectives, straight.trials[i].objectives) << "trial " << i;
  }
  EXPECT_EQ(run.front(), straight.front);
}

TEST_P(AlgorithmContract, CheckpointOfAnotherRunIsRejected) {
  const auto problem = problem_for(GetParam());
  search::Evaluator evaluator(ofa_space(), problem, toy_opener());
  auto algo = search::make_algorithm(GetParam(), ofa_space(), problem, 1);
  search::SearchOptions options;
  options.identity = {{"seed", 1}};
  search::SearchRun run(evaluator, *algo, options);
  run.step();
  nlohmann::json checkpoint = run.checkpoint();
  checkpoint["identity"] = {{"seed", 2}};
  search::Evaluator fresh_evaluator(ofa_space(), problem, toy_opener());
  auto fresh_algo = search::make_algorithm(GetParam(), ofa_space(), problem, 1);
  search::SearchRun fresh(fresh_evaluator, *fresh_algo, options);
  EXPECT_THROW(fresh.resume(checkpoint), InputError);
}


INSTANTIATE_TEST_SUITE_P(AllAlgorithms, AlgorithmContract, ::testing::ValuesIn(search::algorithm_names()),
                         test_name);

// Every algorithm but the baseline itself must beat uniform random sampling at equal budget, in mean hypervolume over
// three seeds, on the synthetic task whose structure (k3 dominates) a search can learn.
class BeatsRandom : public ::testing::TestWithParam<std::string> {};

TEST_P(BeatsRandom, AtEqualBudget) {
  const auto problem = problem_for(GetParam());
  const std::size_t budget = multi_objective(GetParam()) ? 2100 : 1500;
  double algo_hv = 0;
  double random_hv = 0;
  for (std::uint64_t seed : {1, 2, 3}) {
    algo_hv += run_search(GetParam(), problem, seed, budget).hypervolume / 3;
    random_hv += run_search("random", problem, seed, budget).hypervolume / 3;
  }
  RecordProperty("hypervolume", std::to_string(algo_hv));
  RecordProperty("random_hypervolume", std::to_string(random_hv));
  EXPECT_GT(algo_hv, random_hv) << GetParam() << " " << algo_hv << " vs random " << random_hv;
}

std::vector<std::string> non_random_algorithms() {
  std::vector<std::string> names;
  for (const auto& name : search::algorithm_names())
    if (name != "random") names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(AllButRandom, BeatsRandom, ::testing::ValuesIn(non_random_algorithms()),
                         test_name);

TEST(Algorithms, UnknownNameAndWrongObjectiveCountAreInputErrors) {
  EXPECT_THROW(search::make_algorithm("annealing", ofa_space(), two_objective_problem(), 0), InputError);
  EXPECT_THROW(search::make_algorithm("ofa-evolution", ofa_space(), two_objective_problem(), 0), InputError);
  EXPECT_THROW(search::make_algorithm("spos-evolution", ofa_space(), two_objective_problem(), 0), InputError);
  EXPECT_THROW(search::make_algorithm("blockprofile-maxacc", ofa_space(), two_objective_problem(), 0), InputError);
  EXPECT_THROW(search::make_algorithm("nsga2", ofa_space(), constrained_problem(), 0), InputError);
}

TEST(Algorithms, InfeasibleConstraintStopsWithInputError) {
  search::Problem problem = constrained_problem();
  problem.constraints[0].value = 1;  // the cheapest architecture costs about 29
  for (const auto& name : {"random", "ofa-evolution", "spos-evolution", "blockprofile-maxacc"}) {
    search::Evaluator evaluator(ofa_space(), problem, toy_opener());
    auto algo = search::make_algorithm(name, ofa_space(), problem, 0);
    search::SearchOptions options;
    options.budget = 1000000;
    options.feasibility_tries = 500;
    search::SearchRun run(evaluator, *algo, options);
    try {
      while (run.step()) {
      }
      FAIL() << name << " finished without a feasible architecture and without an error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("no feasible architecture"), std::string::npos) << e.what();
      EXPECT_LE(evaluator.trials().size(), 600u) << name;
    }
  }
}

}  // namespace
}  // namespace hwnas::test
