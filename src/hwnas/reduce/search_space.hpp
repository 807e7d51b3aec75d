// The space a search runs in (`hwnas search --rules --resolution`, hwnas.search(rules=,
// resolution=)): the original reduced by a rule set, fixed to one resolution when given, with the
// per-unit mutation probabilities the rule set carries for BlockProfile's evolution.
#pragma once

#include <optional>
#include <string>

#include "hwnas/search/algorithm.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::reduce {

struct SearchSpace {
  space::Space space;
  search::AlgorithmOptions algorithm_options;
};

// rules: a preset name or rule file; empty: the space as it is.
SearchSpace search_space(space::Space original, const std::string& rules, std::optional<int> resolution);

}  // namespace hwnas::reduce
