// The algorithms by name, with their published settings (docs/search.md lists them).
#include <array>

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

namespace {

std::unique_ptr<SearchAlgorithm> make_random(const space::Space& space, const Problem&, std::uint64_t seed,
                                             const AlgorithmOptions&) {
  return std::make_unique<RandomSearch>(space, seed);
}
std::unique_ptr<SearchAlgorithm> make_blockprofile(BlockProfileSettings settings, const space::Space& space,
                                                   const Problem& problem, std::uint64_t seed,
                                                   const AlgorithmOptions& options) {
  settings.unit_probabilities = options.unit_mutation_probabilities;
  return std::make_unique<BlockProfileEvolution>(space, problem, settings, seed);
}
std::unique_ptr<SearchAlgorithm> make_blockprofile_pareto(const space::Space& space, const Problem& problem,
                                                          std::uint64_t seed, const AlgorithmOptions& options) {
  return make_blockprofile(BlockProfileSettings::pareto_front(), space, problem, seed, options);
}
std::unique_ptr<SearchAlgorithm> make_blockprofile_maxacc(const space::Space& space, const Problem& problem,
                                                          std::uint64_t seed, const AlgorithmOptions& options) {
  return make_blockprofile(BlockProfileSettings::max_accuracy(), space, problem, seed, options);
}
std::unique_ptr<SearchAlgorithm> make_ofa(const space::Space& space, const Problem& problem, std::uint64_t seed,
                                          const AlgorithmOptions&) {
  return std::make_unique<OfaEvolution>(space, problem, OfaEvolutionSettings{}, seed);
}
std::unique_ptr<SearchAlgorithm> make_spos(const space::Space& space, const Problem& problem, std::uint64_t seed,
                                           const AlgorithmOptions&) {
  return std::make_unique<SposEvolution>(space, problem, SposEvolutionSettings{}, seed);
}
std::unique_ptr<SearchAlgorithm> make_nsga2(const space::Space& space, const Problem& problem, std::uint64_t seed,
                                            const AlgorithmOptions&) {
  return std::make_unique<Nsga2>(space, problem, Nsga2Settings{}, seed);
}

const std::array<AlgorithmKind, 6> kKinds{{
    {"random", "uniform samples in batches of 100: the baseline every comparison must include", make_random},
    {"blockprofile-pareto", "BlockProfile's evolution towards a Pareto front (100 initial, 200 children)",
     make_blockprofile_pareto},
    {"blockprofile-maxacc", "BlockProfile's evolution for the best single objective (20 initial, 50 children)",
     make_blockprofile_maxacc},
    {"ofa-evolution", "OFA's EvolutionFinder: one objective under constraints", make_ofa},
    {"spos-evolution", "SPOS evolution as HURRICANE uses it: one objective under constraints", make_spos},
    {"nsga2", "NSGA-II (pagmo) for two or more objectives", make_nsga2},
}};

}  // namespace

std::span<const AlgorithmKind> algorithm_kinds() { return kKinds; }

const std::vector<std::string>& algorithm_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& kind : kKinds) all.emplace_back(kind.name);
    return all;
  }();
  return names;
}

std::unique_ptr<SearchAlgorithm> make_algorithm(std::string_view name, const space::Space& space,
                                                const Problem& problem, std::uint64_t seed,
                                                const AlgorithmOptions& options) {
  for (const auto& kind : kKinds) {
    if (kind.name == name) return kind.make(space, problem, seed, options);
  }
  throw InputError(fmt::format("unknown search algorithm '{}' (known: {})", name, fmt::join(algorithm_names(), ", ")));
}

}  // namespace hwnas::search
