#include "hwnas/reduce/search_space.hpp"

#include "hwnas/reduce/rules.hpp"
#include "hwnas/space/with_resolution.hpp"

namespace hwnas::reduce {

SearchSpace search_space(space::Space original, const std::string& rules, std::optional<int> resolution) {
  SearchSpace out{std::move(original), {}};
  if (!rules.empty()) {
    const RuleSet set = load_rules(rules);
    out.space = apply_rules(out.space, set);
    out.algorithm_options.unit_mutation_probabilities = set.unit_mutation;
  }
  if (resolution) out.space = space::with_resolution(std::move(out.space), *resolution);
  return out;
}

}  // namespace hwnas::reduce
