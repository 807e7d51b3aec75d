// BlockProfile's evolutionary search (seed 000 §5, DESIGN 4.8): start from uniform random
// architectures; each child is a parent from the population with one unit-wise mutation (add a
// layer, remove the last layer, or swap one layer's block, in a uniformly chosen unit); the new
// population is the best of population ∪ children:
//   pareto: the non-dominated set (100 initial, 200 children per generation; paper: 10 generations)
//   maxacc: the top 10 by the single objective (20 initial, 50 children; paper: 4 generations)
// Infeasible children are dropped; the initial population is refilled until it holds `initial`
// feasible architectures (bounded by the driver's budget and feasibility guard).
// The resolution is inherited from the parent: the paper's mutations are unit-wise only.
#pragma once

#include "hwnas/arch/sampler.hpp"
#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/member.hpp"

namespace hwnas::search {

struct BlockProfileSettings {
  enum class Selection { pareto, top_k } selection = Selection::pareto;
  int initial = 100;
  int children = 200;
  int top_k = 10;  // top_k selection only

  static BlockProfileSettings pareto_front() { return {Selection::pareto, 100, 200, 10}; }
  static BlockProfileSettings max_accuracy() { return {Selection::top_k, 20, 50, 10}; }
};

class BlockProfileEvolution final : public SearchAlgorithm {
 public:
  // Throws InputError when top_k selection is asked for more than one objective.
  BlockProfileEvolution(const space::Space& space, const Problem& problem, BlockProfileSettings settings,
                        std::uint64_t seed);
  std::string_view name() const override;
  std::vector<arch::Architecture> ask() override;
  void tell(std::span<const Trial> trials) override;
  int generation() const override { return generation_; }
  nlohmann::json save_state() const override;
  void load_state(const nlohmann::json& state) override;

 private:
  arch::Architecture mutate(const arch::Architecture& parent, arch::Rng& rng) const;
  void select(std::vector<Member> merged);

  const space::Space& space_;
  BlockProfileSettings settings_;
  std::uint64_t seed_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
  std::vector<Member> population_;
};

}  // namespace hwnas::search
