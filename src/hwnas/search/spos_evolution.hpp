// SPOS's evolutionary search (megvii-model/SinglePathOneShot search.py): maximise one
// objective under constraints. Each generation breeds from the best 10 architectures seen so far
// until 25 mutations (each gene resampled with probability 0.1, arch::mutate_genes) and 25
// crossovers (gene-wise, arch::crossover) *meet the constraints* — SPOS's is_legal loop: children
// that miss them are evaluated but do not count — each kind giving up after 10x its count of tries;
// then uniform random ones until 50 feasible candidates; the best 10 seen so far are kept across
// generations. Like SPOS, an architecture already proposed is never proposed again (its vis_dict);
// a repeat costs a try. Constraints reject by evaluation (the paper's 20 generations = a budget of
// about 1000).
#pragma once

#include <array>
#include <unordered_map>
#include <unordered_set>

#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/member.hpp"

namespace hwnas::search {

struct SposEvolutionSettings {
  int population = 50;
  int select = 10;
  int mutations = 25;
  int crossovers = 25;
  double mutate_prob = 0.1;
};

class SposEvolution final : public SearchAlgorithm {
 public:
  // Throws InputError unless the problem has exactly one objective.
  SposEvolution(const space::Space& space, const Problem& problem, SposEvolutionSettings settings,
                std::uint64_t seed);
  std::string_view name() const override { return "spos-evolution"; }
  std::vector<arch::Architecture> ask() override;
  void tell(std::span<const Trial> trials) override;
  int generation() const override { return generation_; }
  nlohmann::json save_state() const override;
  void load_state(const nlohmann::json& state) override;

 private:
  // How children came to be, for counting the feasible ones of each kind.
  enum class Origin { mutation, crossover };
  struct Breeding {
    int kept = 0;   // children that met the constraints
    int tries = 0;  // children made, repeats included
  };

  // Adds arch to the batch unless it was proposed before.
  bool propose(const arch::Architecture& arch, std::vector<arch::Architecture>& batch);
  // Proposes children of `origin` until as many are pending as still lack to reach `wanted` kept.
  template <typename MakeChild>
  void breed(Origin origin, int wanted, MakeChild make_child, std::vector<arch::Architecture>& batch);

  const space::Space& space_;
  SposEvolutionSettings settings_;
  std::uint64_t seed_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
  std::vector<Member> top_;         // best `select` seen so far
  std::vector<Member> candidates_;  // feasible candidates of the current generation
  std::array<Breeding, 2> breeding_;                  // this generation's, by Origin
  std::unordered_map<std::string, Origin> pending_;   // bred children asked but not yet told
  std::unordered_set<std::string> visited_;
};

}  // namespace hwnas::search
