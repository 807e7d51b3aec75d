#include "hwnas/search/search_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"

namespace hwnas::search {
namespace {

constexpr int kCheckpointVersion = 1;

nlohmann::json values_json(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(std::isnan(v) ? nlohmann::json() : nlohmann::json(v));
  return out;
}

std::vector<double> values_from(const nlohmann::json& json) {
  std::vector<double> out;
  for (const auto& v : json) out.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  return out;
}

}  // namespace

SearchRun::SearchRun(Evaluator& evaluator, SearchAlgorithm& algorithm, SearchOptions options)
    : evaluator_(evaluator), algorithm_(algorithm), options_(std::move(options)) {
  if (options_.budget == 0) throw InputError("--budget must be at least 1");
  box_ = options_.box;
  box_given_ = !box_.empty();
}

bool SearchRun::step() {
  if (stop_) return false;
  const std::vector<arch::Architecture> asked = algorithm_.ask();
  proposals_ += asked.size();
  // Cut the batch where it would evaluate more new architectures than the budget has left.
  std::size_t remaining = options_.budget - evaluator_.trials().size();
  std::size_t take = 0;
  std::unordered_set<std::string> fresh;
  for (; take < asked.size(); ++take) {
    std::string key = arch::to_canonical(evaluator_.space(), asked[take]);
    if (evaluator_.contains(key) || fresh.contains(key)) continue;
    if (fresh.size() == remaining) break;
    fresh.insert(std::move(key));
  }
  const std::vector<Trial> trials =
      evaluator_.evaluate(std::span(asked).first(take), algorithm_.generation());
  algorithm_.tell(trials);
  admit_new_trials();
  update_stop();
  check_feasibility();
  return true;
}

void SearchRun::admit_new_trials() {
  const auto& trials = evaluator_.trials();
  for (; admitted_ < trials.size(); ++admitted_) {
    if (!trials[admitted_].feasible()) continue;
    ++feasible_;
    archive_.add(admitted_, trials[admitted_].minimised);
  }
  if (box_.empty() && algorithm_.generation() >= 1 && feasible_ > 0) {
    std::vector<std::vector<double>> points;
    for (const auto& t : trials) {
      if (t.feasible()) points.push_back(t.objectives);
    }
    box_ = spanning_box(evaluator_.problem().objectives, points, 1.0);
  }
}

void SearchRun::check_feasibility() const {
  const auto& trials = evaluator_.trials();
  if (feasible_ > 0 || (trials.size() < options_.feasibility_tries && !stop_)) return;
  const Problem& problem = evaluator_.problem();
  std::string detail;
  std::size_t missing = 0;
  for (const auto& t : trials) missing += t.status == TrialStatus::missing ? 1 : 0;
  for (std::size_t c = 0; c < problem.constraints.size(); ++c) {
    double closest = problem.constraints[c].bound == Bound::at_most ? INFINITY : -INFINITY;
    for (const auto& t : trials) {
      const double v = t.constraints[c];
      if (std::isnan(v)) continue;
      closest = problem.constraints[c].bound == Bound::at_most ? std::min(closest, v) : std::max(closest, v);
    }
    detail += fmt::format("; {}: closest value seen {:g}", to_string(problem.constraints[c]), closest);
  }
  if (missing > 0) detail += fmt::format("; {} had a metric without a value", missing);
  throw InputError(fmt::format(
      "no feasible architecture among the first {} evaluated{} — loosen the constraint, or raise "
      "--feasibility-tries if feasible architectures are merely rare",
      trials.size(), detail));
}

Progress SearchRun::progress() const {
  const Problem& problem = evaluator_.problem();
  Progress p{algorithm_.generation(), evaluator_.trials().size(), options_.budget, feasible_, archive_.ids().size(),
             std::vector<double>(problem.objectives.size(), std::numeric_limits<double>::quiet_NaN()),
             std::numeric_limits<double>::quiet_NaN()};
  std::vector<std::vector<double>> raw;
  for (std::size_t id : archive_.ids()) raw.push_back(evaluator_.trials()[id].objectives);
  for (std::size_t o = 0; o < p.best.size(); ++o) {
    for (const auto& point : raw) {
      const double v = point[o];
      if (std::isnan(p.best[o]) || to_minimised(problem.objectives[o], v) < to_minimised(problem.objectives[o], p.best[o])) {
        p.best[o] = v;
      }
    }
  }
  if (!box_.empty()) p.hypervolume = hypervolume(box_, raw);
  return p;
}

std::vector<std::size_t> SearchRun::front() const {
  std::vector<std::size_t> ids = archive_.ids();
  std::sort(ids.begin(), ids.end());
  return ids;
}

nlohmann::json SearchRun::checkpoint() const {
  nlohmann::json trials = nlohmann::json::array();
  for (const auto& t : evaluator_.trials()) {
    trials.push_back({{"arch", t.canonical},
                      {"objectives", values_json(t.objectives)},
                      {"constraints", values_json(t.constraints)},
                      {"generation", t.generation}});
  }
  nlohmann::json box = nullptr;
  if (!box_.empty()) box = {{"best", box_.best}, {"worst", box_.worst}, {"given", box_given_}};
  return {{"format", "hwnas-search-checkpoint"},
          {"version", kCheckpointVersion},
          {"identity", options_.identity},
          {"proposals", proposals_},
          {"stopped", stop_.has_value()},
          {"hv_box", box},
          {"algorithm_state", algorithm_.save_state()},
          {"trials", trials}};
}

void SearchRun::resume(const nlohmann::json& checkpoint) {
  if (checkpoint.value("format", "") != "hwnas-search-checkpoint" ||
      checkpoint.value("version", 0) != kCheckpointVersion) {
    throw InputError(fmt::format("not an hwnas search checkpoint of version {}", kCheckpointVersion));
  }
  if (checkpoint.at("identity") != options_.identity) {
    throw InputError(fmt::format("the checkpoint belongs to a different run: it has {}, this run is {}",
                                 checkpoint.at("identity").dump(), options_.identity.dump()));
  }
  if (!evaluator_.trials().empty()) throw std::logic_error("resume needs a fresh evaluator");
  for (const auto& t : checkpoint.at("trials")) {
    evaluator_.restore(arch::parse_canonical(evaluator_.space(), t.at("arch").get<std::string>()),
                       values_from(t.at("objectives")), values_from(t.at("constraints")),
                       t.at("generation").get<int>());
  }
  algorithm_.load_state(checkpoint.at("algorithm_state"));
  proposals_ = checkpoint.at("proposals").get<std::size_t>();
  const auto& box = checkpoint.at("hv_box");
  if (!box.is_null() && !box_given_) {
    box_ = {box.at("best").get<std::vector<double>>(), box.at("worst").get<std::vector<double>>()};
  }
  admit_new_trials();
  update_stop();
}

void SearchRun::update_stop() {
  if (options_.generations > 0 && algorithm_.generation() > options_.generations) {
    stop_ = StopReason::generations;
  } else if (evaluator_.trials().size() >= options_.budget) {
    stop_ = StopReason::budget;
  } else if (options_.generations == 0 && proposals_ >= options_.proposals_per_budget * options_.budget) {
    // A generation count bounds the run by itself; only a budget needs the stall guard.
    stop_ = StopReason::stalled;
  }
}

}  // namespace hwnas::search
