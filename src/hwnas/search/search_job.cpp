#include "hwnas/search/search_job.hpp"

#include <fstream>
#include <limits>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::search {
namespace {

namespace fs = std::filesystem;

Problem parse_problem(const SearchRequest& request) {
  Problem problem;
  for (const auto& o : request.objectives) problem.objectives.push_back(parse_objective(o));
  for (const auto& c : request.constraints) problem.constraints.push_back(parse_constraint(c));
  return problem;
}

SearchOptions search_options(const SearchRequest& request, const space::Space& space, const Problem& problem) {
  if ((request.budget > 0) == (request.generations > 0)) {
    throw InputError("give one of a budget (distinct evaluations) or a number of generations");
  }
  SearchOptions options;
  options.budget = request.generations > 0 ? std::numeric_limits<std::size_t>::max() / 64 : request.budget;
  options.generations = request.generations;
  options.feasibility_tries = request.feasibility_tries;
  if (!request.hv_box.empty()) options.box = parse_hv_box(problem.objectives, request.hv_box);
  nlohmann::json objectives = nlohmann::json::array();
  for (const auto& o : problem.objectives) objectives.push_back(to_string(o));
  nlohmann::json constraints = nlohmann::json::array();
  for (const auto& c : problem.constraints) constraints.push_back(to_string(c));
  options.identity = {{"space", space.name},         {"algorithm", request.algorithm}, {"seed", request.seed},
                      {"objectives", objectives}, {"constraints", constraints}};
  if (request.resolution) options.identity["resolution"] = *request.resolution;
  return options;
}

nlohmann::json read_checkpoint(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("--resume: {} does not exist", file.string()));
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", file.string(), e.what()));
  }
}

}  // namespace

SearchJob::SearchJob(const space::Space& space, const AlgorithmOptions& algorithm_options, SearchRequest request,
                     MetricOpener open)
    : space_(space),
      request_(std::move(request)),
      evaluator_(space, parse_problem(request_), std::move(open)),
      algorithm_(make_algorithm(request_.algorithm, space, evaluator_.problem(), request_.seed, algorithm_options)),
      run_(evaluator_, *algorithm_, search_options(request_, space, evaluator_.problem())) {
  if (request_.out.empty()) {
    if (request_.resume) throw InputError("resuming a search needs the folder of its checkpoint (out)");
    return;
  }
  if (request_.resume) {
    run_.resume(read_checkpoint(checkpoint_file()));
    resumed_at_ = evaluator_.trials().size();
  } else if (fs::exists(checkpoint_file())) {
    throw InputError(fmt::format("{} exists: pass --resume to continue that run, or choose another --out",
                                 checkpoint_file().string()));
  }
  fs::create_directories(request_.out);
}

bool SearchJob::step() {
  if (!run_.step()) return false;
  if (!request_.out.empty()) write_atomically(checkpoint_file(), run_.checkpoint().dump());
  return true;
}

SearchOutcome SearchJob::finish() const {
  SearchOutcome outcome{{space_.name, request_.algorithm, request_.seed, request_.budget, request_.generations,
                         evaluator_.problem(), evaluator_.objective_units(), run_.box(),
                         run_.box_given() ? "given" : "first generation"},
                        run_.front(),
                        {}};
  const auto& trials = evaluator_.trials();
  outcome.front_json = front_json(outcome.info, trials, outcome.front, trials.size());
  if (!request_.out.empty()) {
    std::vector<std::size_t> all(trials.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    write_trials_csv(request_.out / "evaluated.csv", outcome.info, trials, all);
    write_trials_csv(request_.out / "front.csv", outcome.info, trials, outcome.front);
    write_atomically(request_.out / "front.json", outcome.front_json.dump(2) + "\n");
  }
  return outcome;
}

}  // namespace hwnas::search
