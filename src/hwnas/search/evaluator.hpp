// Evaluates architectures through the problem's metric sources, one batch call per source, and
// caches every result by canonical text for the run (a search proposes the same net many times).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/search/problem.hpp"
#include "hwnas/search/trial.hpp"

namespace hwnas::search {

// Opens a metric source from its spec; the CLI passes metric::open_metric, tests pass synthetic ones.
using MetricOpener = std::function<std::unique_ptr<metric::MetricSource>(std::string_view spec)>;

class Evaluator {
 public:
  // Opens each distinct metric of the problem once (an objective that is also a constraint is
  // evaluated once). Throws InputError for an unknown metric.
  Evaluator(const space::Space& space, Problem problem, MetricOpener open);

  // One trial per architecture, in order; only architectures not seen before reach the sources.
  std::vector<Trial> evaluate(std::span<const arch::Architecture> archs, int generation);
  // Whether this canonical text has been evaluated in this run.
  bool contains(const std::string& canonical) const { return index_.contains(canonical); }
  // Every distinct trial, in the order first evaluated.
  const std::vector<Trial>& trials() const { return trials_; }
  // Puts a trial from a checkpoint back into the cache: its values (NaN: missing) are judged
  // against this problem again, so the status cannot disagree with the constraints.
  void restore(const arch::Architecture& arch, std::vector<double> objectives, std::vector<double> constraints,
               int generation);
  // Unit of each objective's metric, as the source reports it ("MACs", "ms").
  std::vector<std::string> objective_units() const;
  const Problem& problem() const { return problem_; }
  const space::Space& space() const { return space_; }

 private:
  Trial make_trial(const arch::Architecture& arch, std::string canonical, const std::vector<double>& objectives,
                   const std::vector<double>& constraints, int generation) const;

  const space::Space& space_;
  Problem problem_;
  std::vector<std::unique_ptr<metric::MetricSource>> sources_;  // one per distinct spec
  std::vector<std::size_t> objective_source_;                  // objective -> index into sources_
  std::vector<std::size_t> constraint_source_;
  std::vector<Trial> trials_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace hwnas::search
