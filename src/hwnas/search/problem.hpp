// What a search optimises: objectives (max:SRC / min:SRC) and constraints (SRC<=V / SRC>=V) over
// metric sources (docs/metrics.md). The search never looks at what a source is, only at its values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hwnas::search {

enum class Sense { minimise, maximise };

struct Objective {
  std::string metric;  // a metric spec, e.g. "macs", "latency:sim:midap"
  Sense sense = Sense::minimise;
};

enum class Bound { at_most, at_least };

struct Constraint {
  std::string metric;
  Bound bound = Bound::at_most;
  double value = 0;
};

struct Problem {
  std::vector<Objective> objectives;
  std::vector<Constraint> constraints;
};

// "max:params", "min:latency:sim:midap". Throws InputError naming the text and the accepted forms.
Objective parse_objective(std::string_view text);
// "macs<=3e8", "params>=4e6". Throws InputError.
Constraint parse_constraint(std::string_view text);

std::string to_string(const Objective& objective);    // "max:params"
std::string to_string(const Constraint& constraint);  // "macs<=3e+08"

// Objective value as a quantity to minimise (maximised objectives are negated).
double to_minimised(const Objective& objective, double value);
// How far a value is outside the constraint, relative to the bound (0 when satisfied), so that
// violations of metrics in different units can be added.
double relative_violation(const Constraint& constraint, double value);

}  // namespace hwnas::search
