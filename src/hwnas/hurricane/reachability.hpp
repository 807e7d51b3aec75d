// The smallest latency a space can reach on a source, found by coordinate descent: start from every
// layer's fastest op in a fixed context, then sweep the layers, each time keeping the op that lowers
// the whole network's latency most, until a sweep changes nothing. Exact for latencies that add up
// over layers (cost counts, lookup-table predictors, most simulators); for others a reachable upper
// bound of the minimum, and what a constraint is reported against.
#pragma once

#include <limits>
#include <string>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/metric/metric_source.hpp"

namespace hwnas::hurricane {

struct Reachable {
  arch::Architecture arch;
  double latency = 0;
  int sweeps = 0;
  std::size_t evaluations = 0;
};

// InputError when the source gives no value for an architecture it must compare. The descent stops
// once the latency is at or below `enough` (a constraint only needs to know it can be met; on a
// measured engine each sweep times every op of every layer), and after kMaxSweeps sweeps: on a noisy
// source a sweep almost always "improves" something, so the descent need not settle by itself.
inline constexpr int kMaxSweeps = 10;
Reachable smallest_reachable(const space::Space& space, metric::MetricSource& source,
                             double enough = -std::numeric_limits<double>::infinity());

// A latency constraint no architecture of the space meets (exit code 2 in the CLI).
class UnreachableConstraint : public InputError {
 public:
  using InputError::InputError;
};

// Throws UnreachableConstraint, naming the constraint, the space (and `where`, e.g. "stage 1") and
// the smallest reachable latency with its architecture, when `bound` is below it.
void check_reachable(const space::Space& space, metric::MetricSource& source, double bound, const std::string& where);

}  // namespace hwnas::hurricane
