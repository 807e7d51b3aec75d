// SPOS's evolutionary search (megvii-model/SinglePathOneShot search.py): maximise one
// objective under constraints. Each generation's candidates are 25 mutations (each gene resampled
// with probability 0.1, arch::mutate_genes) and 25 crossovers (arch::crossover) of the best 10
// architectures seen so far, then uniform random ones until 50 feasible candidates; the best 10
// seen so far are kept across generations. Like SPOS, an architecture already proposed is never
// proposed again (its vis_dict), and mutation/crossover give up after 10× their count of tries;
// constraints reject by evaluation (the paper's 20 generations = a budget of about 1000).
#pragma once

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
  // Adds arch to the batch unless it was proposed before.
  bool propose(const arch::Architecture& arch, std::vector<arch::Architecture>& batch);

  const space::Space& space_;
  SposEvolutionSettings settings_;
  std::uint64_t seed_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
  std::vector<Member> top_;         // best `select` seen so far
  std::vector<Member> candidates_;  // feasible candidates of the current generation
  bool bred_ = false;               // this generation's mutations and crossovers were asked
  std::unordered_set<std::string> visited_;
};

}  // namespace hwnas::search
