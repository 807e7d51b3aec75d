// NSGA-II (Deb et al. 2002) over the integer encoding (integer_encoding.hpp), with pagmo2's
// operators and sorting: one generation is exactly pagmo::nsga2::evolve with gen = 1 —
// shuffles, binary tournaments on (non-domination rank, crowding distance), pagmo::sbx_crossover
// (a two-point crossover on integer genes), pagmo::polynomial_mutation (an integer gene is
// redrawn uniformly with probability m), then pagmo::select_best_N_mo over parents ∪ offspring —
// written as ask/tell so offspring are evaluated in one batch through the metric sources and the
// run can be checkpointed. Each generation seeds pagmo's engine from (seed, step) (see rng.hpp);
// tests/search/nsga2_test.cpp checks a generation against pagmo::nsga2::evolve itself.
// pagmo's NSGA-II has no constraints; here Deb's constraint-domination applies: feasible
// architectures rank before all infeasible ones, which rank by their total relative violation.
#pragma once

#include <pagmo/types.hpp>

#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/integer_encoding.hpp"
#include "hwnas/search/member.hpp"

namespace hwnas::search {

struct Nsga2Settings {
  int population = 100;       // a multiple of 4, at least 8 (pagmo's requirement)
  double crossover = 0.95;    // pagmo's default cr
  double eta_c = 10;          // pagmo's default (unused by integer genes)
  double mutation = -1;       // per-gene probability; < 0 means 1/genes (Deb's recommendation)
  double eta_m = 50;          // pagmo's default (unused by integer genes)
};

// Non-domination rank and crowding distance of each member, feasible ones first (constrained).
struct Nsga2Ranking {
  std::vector<pagmo::pop_size_t> rank;
  std::vector<double> crowding;
};
Nsga2Ranking rank_constrained(const std::vector<Member>& members);
// The n best members by constrained rank, then crowding (pagmo::select_best_N_mo when all are feasible).
std::vector<pagmo::pop_size_t> select_best_constrained(const std::vector<Member>& members, std::size_t n);

class Nsga2 final : public SearchAlgorithm {
 public:
  // Throws InputError for fewer than two objectives or a bad population size.
  Nsga2(const space::Space& space, const Problem& problem, Nsga2Settings settings, std::uint64_t seed);
  std::string_view name() const override { return "nsga2"; }
  std::vector<arch::Architecture> ask() override;
  void tell(std::span<const Trial> trials) override;
  int generation() const override { return generation_; }
  nlohmann::json save_state() const override;
  void load_state(const nlohmann::json& state) override;

  const IntegerEncoding& encoding() const { return encoding_; }
  double mutation_probability() const { return mutation_; }
  const Nsga2Settings& settings() const { return settings_; }
  // The current population as pagmo decision vectors, for comparison with pagmo itself.
  const std::vector<pagmo::vector_double>& population_genes() const { return population_x_; }
  std::uint64_t step() const { return step_; }

 private:
  std::vector<pagmo::vector_double> make_offspring(std::uint32_t engine_seed) const;
  arch::Architecture decode(const pagmo::vector_double& x) const;

  const space::Space& space_;
  Nsga2Settings settings_;
  std::uint64_t seed_;
  IntegerEncoding encoding_;
  std::pair<pagmo::vector_double, pagmo::vector_double> bounds_;
  double mutation_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
  std::vector<pagmo::vector_double> population_x_;
  std::vector<Member> population_;
  std::vector<pagmo::vector_double> pending_x_;  // genes of the last ask
};

}  // namespace hwnas::search
