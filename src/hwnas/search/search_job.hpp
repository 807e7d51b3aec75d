// A search as `hwnas search` and hwnas.search run it: the problem parsed from objective and
// constraint specs, the algorithm opened by name, the run checkpointed to OUT/checkpoint.json after
// every generation and resumed from it, and OUT's result files written at the end. Callers drive
// step() and report progress their own way.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/evaluator.hpp"
#include "hwnas/search/front_file.hpp"
#include "hwnas/search/search_run.hpp"

namespace hwnas::search {

struct SearchRequest {
  std::string algorithm;
  std::vector<std::string> objectives;   // "max:SPEC" / "min:SPEC"
  std::vector<std::string> constraints;  // "SPEC<=VALUE" / "SPEC>=VALUE"
  std::size_t budget = 0;                // one of budget (distinct evaluations) and generations
  int generations = 0;
  // The one resolution the space was fixed to (reduce::search_space), part of the run's identity.
  std::optional<int> resolution;
  std::uint64_t seed = 0;
  std::vector<std::string> hv_box;  // OBJECTIVE=BEST:WORST; empty: from the first generation
  std::size_t feasibility_tries = 1000;
  std::filesystem::path out;  // empty: no checkpoint and no files
  bool resume = false;        // continue from out/checkpoint.json
};

struct SearchOutcome {
  RunInfo info;
  std::vector<std::size_t> front;  // indices into the trials
  nlohmann::json front_json;       // front.json's content
};

class SearchJob {
 public:
  // Opens the metrics and the algorithm; with `out`, resumes from out/checkpoint.json when
  // `resume` is set and otherwise refuses to overwrite one (InputError). Holds `space` by reference.
  SearchJob(const space::Space& space, const AlgorithmOptions& algorithm_options, SearchRequest request,
            MetricOpener open);
  SearchJob(const SearchJob&) = delete;
  SearchJob& operator=(const SearchJob&) = delete;

  // Trials restored from the checkpoint when resumed.
  std::optional<std::size_t> resumed_at() const { return resumed_at_; }
  std::filesystem::path checkpoint_file() const { return request_.out / "checkpoint.json"; }

  // One generation, then the checkpoint is written. False, doing nothing, once the run has finished.
  bool step();
  Progress progress() const { return run_.progress(); }
  StopReason stop_reason() const { return run_.stop_reason(); }
  const Problem& problem() const { return evaluator_.problem(); }
  const std::vector<Trial>& trials() const { return evaluator_.trials(); }

  // The front; with `out`, writes evaluated.csv, front.csv and front.json there.
  SearchOutcome finish() const;

 private:
  const space::Space& space_;
  SearchRequest request_;
  Evaluator evaluator_;
  std::unique_ptr<SearchAlgorithm> algorithm_;
  SearchRun run_;
  std::optional<std::size_t> resumed_at_;
};

}  // namespace hwnas::search
