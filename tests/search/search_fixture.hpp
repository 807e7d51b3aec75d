// Runs a whole search in-process on the synthetic task: the loop the CLI drives, without files.
#pragma once

#include <gtest/gtest.h>

#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/search_run.hpp"
#include "hwnas/space/space_loader.hpp"
#include "synthetic_task.hpp"

namespace hwnas::test {

inline const space::Space& ofa_space() {
  static const space::Space space = space::load_space("ofa-mbv3");
  return space;
}

inline search::Problem two_objective_problem() {
  return {{{"toy:quality", search::Sense::maximise}, {"toy:cost", search::Sense::minimise}}, {}};
}

// Maximise quality with the cost at most 150: 30% of uniform architectures qualify (median 194).
inline search::Problem constrained_problem() {
  return {{{"toy:quality", search::Sense::maximise}}, {{"toy:cost", search::Bound::at_most, 150}}};
}

inline bool multi_objective(const std::string& algorithm) {
  return algorithm == "blockprofile-pareto" || algorithm == "nsga2";
}

inline search::Problem problem_for(const std::string& algorithm) {
  return multi_objective(algorithm) ? two_objective_problem() : constrained_problem();
}

struct RunOutcome {
  std::vector<search::Trial> trials;
  std::vector<std::size_t> front;
  double hypervolume = 0;
};

inline RunOutcome run_search(const std::string& algorithm, const search::Problem& problem, std::uint64_t seed,
                             std::size_t budget) {
  search::Evaluator evaluator(ofa_space(), problem, toy_opener());
  auto algo = search::make_algorithm(algorithm, ofa_space(), problem, seed);
  search::SearchOptions options;
  options.budget = budget;
  options.box = problem.objectives.size() == 2 ? toy_box_two_objectives() : toy_box_quality();
  search::SearchRun run(evaluator, *algo, options);
  while (run.step()) {
  }
  RunOutcome out{evaluator.trials(), run.front(), run.progress().hypervolume};
  return out;
}

}  // namespace hwnas::test
