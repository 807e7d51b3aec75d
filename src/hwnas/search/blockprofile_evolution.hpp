// BlockProfile's evolutionary search (Mills et al., CIKM'21 §5): start from uniform random
// architectures; each child is a parent from the population mutated by arch::mutate_blockprofile
// (each unit with its probability, 0.5 by default: add or remove a layer at a random position, swap
// a block, change the width; the stem's variables and the resolution likewise); the new population
// is the best of population ∪ children:
//   pareto: the non-dominated set (100 initial, 200 children per generation; paper: 10 generations)
//   maxacc: the top 10 by the single objective (20 initial, 50 children; paper: 4 generations)
// A child (or initial sample) that repeats an architecture already proposed is redrawn, up to 100
// times, so a generation evaluates `children` new architectures and "10 generations" means 10.
// Infeasible children are dropped; the initial population is refilled until it holds `initial`
// feasible architectures (bounded by the driver's budget and feasibility guard).
// A fixed resolution is a space with one resolution (space::with_resolution).
#pragma once

#include "hwnas/arch/sampler.hpp"
#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/member.hpp"

#include <unordered_set>

namespace hwnas::search {

struct BlockProfileSettings {
  enum class Selection { pareto, top_k } selection = Selection::pareto;
  int initial = 100;
  int children = 200;
  int top_k = 10;  // top_k selection only
  // Per unit, the probability that a child mutates it (empty: 0.5 each), e.g. OFA-NPU's
  // [0.25, 0.25, 0.25, 0.5, 0.5], which prioritises the final two units.
  std::vector<double> unit_probabilities;

  static BlockProfileSettings pareto_front() { return {Selection::pareto, 100, 200, 10, {}}; }
  static BlockProfileSettings max_accuracy() { return {Selection::top_k, 20, 50, 10, {}}; }
};

class BlockProfileEvolution final : public SearchAlgorithm {
 public:
  // Throws InputError when top_k selection is asked for more than one objective, or when
  // unit_probabilities is not one probability in [0, 1] per unit.
  BlockProfileEvolution(const space::Space& space, const Problem& problem, BlockProfileSettings settings,
                        std::uint64_t seed);
  std::string_view name() const override;
  std::vector<arch::Architecture> ask() override;
  void tell(std::span<const Trial> trials) override;
  int generation() const override { return generation_; }
  nlohmann::json save_state() const override;
  void load_state(const nlohmann::json& state) override;

 private:
  // A draw from `draw` that no earlier proposal repeats (the last of 100 tries otherwise); records it.
  template <typename Draw>
  arch::Architecture propose(Draw draw);
  void select(std::vector<Member> merged);

  const space::Space& space_;
  BlockProfileSettings settings_;
  std::uint64_t seed_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
  std::vector<Member> population_;
  std::unordered_set<std::string> proposed_;  // canonical text of every architecture asked so far
};

}  // namespace hwnas::search
