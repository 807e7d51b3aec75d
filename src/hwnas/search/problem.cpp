#include "hwnas/search/problem.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::search {

Objective parse_objective(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view sense = colon == std::string_view::npos ? text : text.substr(0, colon);
  if (colon == std::string_view::npos || colon + 1 == text.size() || (sense != "max" && sense != "min")) {
    throw InputError(fmt::format("--objective '{}': expected max:METRIC or min:METRIC, e.g. min:macs", text));
  }
  return {std::string(text.substr(colon + 1)), sense == "max" ? Sense::maximise : Sense::minimise};
}

Constraint parse_constraint(std::string_view text) {
  for (const auto& [op, bound] : {std::pair{"<=", Bound::at_most}, std::pair{">=", Bound::at_least}}) {
    const auto pos = text.find(op);
    if (pos == std::string_view::npos) continue;
    const std::string_view metric = text.substr(0, pos);
    const std::string number(text.substr(pos + 2));
    double value = 0;
    std::size_t used = 0;
    try {
      value = std::stod(number, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (metric.empty() || used == 0 || used != number.size() || !std::isfinite(value)) {
      throw InputError(fmt::format("--constraint '{}': expected METRIC<=NUMBER or METRIC>=NUMBER, e.g. macs<=3e8",
                                   text));
    }
    return {std::string(metric), bound, value};
  }
  throw InputError(fmt::format("--constraint '{}': expected METRIC<=NUMBER or METRIC>=NUMBER, e.g. macs<=3e8", text));
}

std::string to_string(const Objective& objective) {
  return fmt::format("{}:{}", objective.sense == Sense::maximise ? "max" : "min", objective.metric);
}

std::string to_string(const Constraint& constraint) {
  return fmt::format("{}{}{}", constraint.metric, constraint.bound == Bound::at_most ? "<=" : ">=",
                     constraint.value);
}

double to_minimised(const Objective& objective, double value) {
  return objective.sense == Sense::maximise ? -value : value;
}

double relative_violation(const Constraint& constraint, double value) {
  const double excess = constraint.bound == Bound::at_most ? value - constraint.value : constraint.value - value;
  if (excess <= 0) return 0;
  return excess / std::max(std::abs(constraint.value), 1e-12);
}

}  // namespace hwnas::search
