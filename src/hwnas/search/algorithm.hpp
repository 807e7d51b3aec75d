// Search algorithms speak ask/tell: ask() proposes architectures, the driver evaluates them (with
// the run's cache) and tell() hands back the trials. An algorithm owns no evaluator and no I/O,
// so the same object runs in-process, from a checkpoint, or (later) against a shared store.
//
// Contract for every algorithm (tests/search/algorithm_contract_test.cpp runs it over all of them):
// - deterministic: the same seed and the same trials give the same proposals;
// - resumable: save_state() after a tell, load_state() into a fresh object of the same name and
//   seed, and the next ask() is identical;
// - tell() receives trials for a prefix of the last ask, in order (the driver cuts the batch that
//   would overrun the budget); infeasible and missing trials are never selected as parents when a
//   feasible one exists.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/search/problem.hpp"
#include "hwnas/search/trial.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::search {

class SearchAlgorithm {
 public:
  virtual ~SearchAlgorithm() = default;
  virtual std::string_view name() const = 0;
  // Architectures to evaluate next; never empty (algorithms run until the driver's budget ends).
  virtual std::vector<arch::Architecture> ask() = 0;
  virtual void tell(std::span<const Trial> trials) = 0;
  // Completed generations: 0 while the initial population is being filled, which then counts as
  // the first.
  virtual int generation() const = 0;
  virtual nlohmann::json save_state() const = 0;
  // Throws InputError when the state does not belong to this algorithm or space.
  virtual void load_state(const nlohmann::json& state) = 0;
};

// What a user may change of an algorithm's published settings.
struct AlgorithmOptions {
  // BlockProfile evolution: per unit, the probability that a child mutates it (empty: 0.5 each);
  // reduction rule presets carry it (rules/ofa-npu.yaml).
  std::vector<double> unit_mutation_probabilities;
};

// The algorithm table (algorithm_registry.cpp): every algorithm is one row — its `--algo` name, a
// line of help, its constructor with the published settings. Adding an algorithm is its source
// file pair plus one row; make_algorithm, errors, help and the contract tests read the table.
struct AlgorithmKind {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<SearchAlgorithm> (*make)(const space::Space& space, const Problem& problem, std::uint64_t seed,
                                           const AlgorithmOptions& options);
};
std::span<const AlgorithmKind> algorithm_kinds();

// Opens an algorithm by name with its published settings; throws InputError for an unknown name
// or a problem it cannot handle (e.g. two objectives for a single-objective algorithm).
std::unique_ptr<SearchAlgorithm> make_algorithm(std::string_view name, const space::Space& space,
                                                const Problem& problem, std::uint64_t seed,
                                                const AlgorithmOptions& options = {});
// The table's names, in its order.
const std::vector<std::string>& algorithm_names();

}  // namespace hwnas::search
