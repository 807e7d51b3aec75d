// The algorithms by name, with their published settings (docs/search.md lists them).
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"
#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/blockprofile_evolution.hpp"
#include "hwnas/search/nsga2.hpp"
#include "hwnas/search/ofa_evolution.hpp"
#include "hwnas/search/random_search.hpp"
#include "hwnas/search/spos_evolution.hpp"

namespace hwnas::search {

const std::vector<std::string>& algorithm_names() {
  static const std::vector<std::string> names{"random",        "blockprofile-pareto", "blockprofile-maxacc",
                                              "ofa-evolution", "spos-evolution",      "nsga2"};
  return names;
}

std::unique_ptr<SearchAlgorithm> make_algorithm(std::string_view name, const space::Space& space,
                                                const Problem& problem, std::uint64_t seed,
                                                const AlgorithmOptions& options) {
  if (name == "random") return std::make_unique<RandomSearch>(space, seed);
  if (name == "blockprofile-pareto" || name == "blockprofile-maxacc") {
    BlockProfileSettings settings =
        name == "blockprofile-pareto" ? BlockProfileSettings::pareto_front() : BlockProfileSettings::max_accuracy();
    settings.unit_probabilities = options.unit_mutation_probabilities;
    return std::make_unique<BlockProfileEvolution>(space, problem, settings, seed);
  }
  if (name == "ofa-evolution") return std::make_unique<OfaEvolution>(space, problem, OfaEvolutionSettings{}, seed);
  if (name == "spos-evolution") return std::make_unique<SposEvolution>(space, problem, SposEvolutionSettings{}, seed);
  if (name == "nsga2") return std::make_unique<Nsga2>(space, problem, Nsga2Settings{}, seed);
  throw InputError(fmt::format("unknown search algorithm '{}' (known: {})", name, fmt::join(algorithm_names(), ", ")));
}

}  // namespace hwnas::search
