// One evaluated architecture: its metric values and whether it satisfies the constraints.
#pragma once

#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::search {

enum class TrialStatus {
  feasible,    // every value present, every constraint satisfied
  infeasible,  // a constraint is violated
  missing,     // a metric source had no value (an expected gap, e.g. not in the store)
};

std::string_view to_string(TrialStatus status);

struct Trial {
  arch::Architecture arch;
  std::string canonical;            // arch::to_canonical: the cache and de-duplication key
  std::vector<double> objectives;   // raw values in the metrics' units, one per objective (NaN: missing)
  std::vector<double> constraints;  // raw values of the constraint metrics (NaN: missing)
  std::vector<double> minimised;    // objectives as quantities to minimise (maximised ones negated)
  TrialStatus status = TrialStatus::missing;
  double violation = 0;             // sum of relative constraint violations; +inf when missing
  int generation = 0;               // the algorithm's generation that first proposed it
  bool feasible() const { return status == TrialStatus::feasible; }
};

}  // namespace hwnas::search
