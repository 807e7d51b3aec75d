// The search loop: ask the algorithm, evaluate through the run's cache, tell, checkpoint. It owns
// the budget (distinct architectures evaluated; a repeat is free), the feasibility guard and the
// archive of non-dominated feasible trials; algorithms own none of these.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/evaluator.hpp"
#include "hwnas/search/hypervolume.hpp"
#include "hwnas/search/pareto.hpp"

namespace hwnas::search {

struct SearchOptions {
  std::size_t budget = 1000;             // distinct architectures to evaluate
  // When > 0 the run ends after the initial population and this many generations of children
  // (the algorithm's generation() reaching generations + 1), whatever the budget.
  int generations = 0;
  // With no feasible trial after this many evaluations (or at the end of the run) the run stops
  // with an InputError.
  std::size_t feasibility_tries = 1000;
  // A run whose algorithm keeps proposing evaluated architectures ends after this many proposals
  // per unit of budget.
  std::size_t proposals_per_budget = 20;
  HvBox box;                             // empty: fixed from the first generation's feasible trials
  nlohmann::json identity;               // what a checkpoint must match to be resumed (space, seed, ...)
};

enum class StopReason { budget, generations, stalled };

struct Progress {
  int generation = 0;
  std::size_t evaluated = 0;
  std::size_t budget = 0;
  std::size_t feasible = 0;
  std::size_t front_size = 0;
  std::vector<double> best;  // per objective, raw units, over feasible trials (NaN before any)
  double hypervolume = 0;    // of the archive in the run's box (NaN before the box is fixed)
};

class SearchRun {
 public:
  SearchRun(Evaluator& evaluator, SearchAlgorithm& algorithm, SearchOptions options);

  // One ask → evaluate → tell cycle. Returns false, doing nothing, once the run has finished.
  // Throws InputError when the feasibility guard trips.
  bool step();
  bool finished() const { return stop_.has_value(); }
  StopReason stop_reason() const { return stop_.value_or(StopReason::budget); }
  Progress progress() const;

  // Everything needed to continue: the identity, counters, the algorithm's state and every trial.
  nlohmann::json checkpoint() const;
  // Continues from checkpoint(); throws InputError when it was written by a different run.
  void resume(const nlohmann::json& checkpoint);

  const HvBox& box() const { return box_; }
  bool box_given() const { return box_given_; }
  // Indices into evaluator.trials() of the non-dominated feasible trials, ascending.
  std::vector<std::size_t> front() const;

 private:
  void admit_new_trials();
  void check_feasibility() const;
  void update_stop();

  Evaluator& evaluator_;
  SearchAlgorithm& algorithm_;
  SearchOptions options_;
  HvBox box_;
  bool box_given_ = false;
  std::size_t proposals_ = 0;
  std::size_t admitted_ = 0;  // trials already added to the archive
  std::size_t feasible_ = 0;
  ParetoArchive archive_;
  std::optional<StopReason> stop_;
};

}  // namespace hwnas::search
