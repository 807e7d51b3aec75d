#include "hwnas/search/evaluator.hpp"

#include <cmath>
#include <limits>
#include <unordered_set>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"

namespace hwnas::search {

std::string_view to_string(TrialStatus status) {
  switch (status) {
    case TrialStatus::feasible: return "feasible";
    case TrialStatus::infeasible: return "infeasible";
    case TrialStatus::missing: return "missing";
  }
  return "missing";
}

Evaluator::Evaluator(const space::Space& space, Problem problem, MetricOpener open)
    : space_(space), problem_(std::move(problem)) {
  if (problem_.objectives.empty()) throw InputError("a search needs at least one --objective");
  std::vector<std::string> specs;
  auto source_for = [&](const std::string& spec) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (specs[i] == spec) return i;
    }
    specs.push_back(spec);
    sources_.push_back(open(spec));
    return specs.size() - 1;
  };
  for (const auto& o : problem_.objectives) objective_source_.push_back(source_for(o.metric));
  for (const auto& c : problem_.constraints) constraint_source_.push_back(source_for(c.metric));
}

std::vector<std::string> Evaluator::objective_units() const {
  std::vector<std::string> units;
  for (std::size_t s : objective_source_) units.push_back(sources_[s]->unit());
  return units;
}

Trial Evaluator::make_trial(const arch::Architecture& arch, std::string canonical,
                            const std::vector<double>& objectives, const std::vector<double>& constraints,
                            int generation) const {
  Trial t{arch, std::move(canonical), objectives, constraints, {}, TrialStatus::feasible, 0, generation};
  bool missing = false;
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    missing |= std::isnan(objectives[i]);
    t.minimised.push_back(to_minimised(problem_.objectives[i], objectives[i]));
  }
  for (std::size_t i = 0; i < constraints.size(); ++i) {
    missing |= std::isnan(constraints[i]);
    if (!std::isnan(constraints[i])) t.violation += relative_violation(problem_.constraints[i], constraints[i]);
  }
  if (missing) {
    t.status = TrialStatus::missing;
    t.violation = std::numeric_limits<double>::infinity();
  } else if (t.violation > 0) {
    t.status = TrialStatus::infeasible;
  }
  return t;
}

std::vector<Trial> Evaluator::evaluate(std::span<const arch::Architecture> archs, int generation) {
  std::vector<std::string> keys;
  keys.reserve(archs.size());
  std::vector<arch::Architecture> fresh;
  std::vector<std::string> fresh_keys;
  std::unordered_set<std::string> pending;  // new in this batch
  for (const auto& a : archs) {
    keys.push_back(arch::to_canonical(space_, a));
    if (index_.contains(keys.back()) || pending.contains(keys.back())) continue;
    pending.insert(keys.back());
    fresh.push_back(a);
    fresh_keys.push_back(keys.back());
  }
  if (!fresh.empty()) {
    std::vector<std::vector<std::optional<double>>> per_source;
    for (auto& source : sources_) per_source.push_back(source->evaluate(space_, fresh));
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> objectives(objective_source_.size());
    std::vector<double> constraints(constraint_source_.size());
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      for (std::size_t o = 0; o < objectives.size(); ++o) objectives[o] = per_source[objective_source_[o]][i].value_or(nan);
      for (std::size_t c = 0; c < constraints.size(); ++c) {
        constraints[c] = per_source[constraint_source_[c]][i].value_or(nan);
      }
      index_.emplace(fresh_keys[i], trials_.size());
      trials_.push_back(make_trial(fresh[i], std::move(fresh_keys[i]), objectives, constraints, generation));
    }
  }
  std::vector<Trial> out;
  out.reserve(archs.size());
  for (const auto& key : keys) out.push_back(trials_[index_.at(key)]);
  return out;
}

void Evaluator::restore(const arch::Architecture& arch, std::vector<double> objectives,
                        std::vector<double> constraints, int generation) {
  std::string canonical = arch::to_canonical(space_, arch);
  if (index_.contains(canonical)) return;
  index_.emplace(canonical, trials_.size());
  trials_.push_back(make_trial(arch, std::move(canonical), objectives, constraints, generation));
}

}  // namespace hwnas::search
