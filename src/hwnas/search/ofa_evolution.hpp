// OFA's EvolutionFinder (ofa/nas/search_algorithm/evolution.py): maximise one objective under
// constraints. Population 100 random feasible architectures; each generation keeps the best
// parent_ratio·100 = 25 as parents and adds mutation_ratio·100 = 50 children by per-gene mutation
// (arch::mutate_genes, probability 0.1) of a random parent and 50 by crossover
// (arch::crossover) of two random parents; the next parents are the best 25 of parents ∪ children.
// Like OFA, a child is only kept when feasible and the slot is drawn again otherwise — but each
// redraw is an evaluation that counts against the budget, and the driver stops a run that finds
// nothing feasible, so the loop cannot spin forever as OFA's `while True` can.
#pragma once

#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/member.hpp"

namespace hwnas::search {

struct OfaEvolutionSettings {
  int population = 100;
  double parent_ratio = 0.25;
  double mutation_ratio = 0.5;
  double mutate_prob = 0.1;
};

class OfaEvolution final : public SearchAlgorithm {
 public:
  // Throws InputError unless the problem has exactly one objective.
  OfaEvolution(const space::Space& space, const Problem& problem, OfaEvolutionSettings settings,
               std::uint64_t seed);
  std::string_view name() const override { return "ofa-evolution"; }
  std::vector<arch::Architecture> ask() override;
  void tell(std::span<const Trial> trials) override;
  int generation() const override { return generation_; }
  nlohmann::json save_state() const override;
  void load_state(const nlohmann::json& state) override;

 private:
  int parents_size() const;
  int mutation_count() const;

  const space::Space& space_;
  OfaEvolutionSettings settings_;
  std::uint64_t seed_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
  std::vector<Member> population_;  // generation 0: the initial population; then the parents
  std::vector<Member> children_;    // feasible children of the current generation so far
  int mutations_done_ = 0;          // feasible mutation children so far
  int crossovers_done_ = 0;
  int asked_mutations_ = 0;         // how the last ask splits: mutations first, then crossovers
};

}  // namespace hwnas::search
