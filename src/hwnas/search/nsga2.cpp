#include "hwnas/search/nsga2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <pagmo/rng.hpp>
#include <pagmo/utils/genetic_operators.hpp>
#include <pagmo/utils/multi_objective.hpp>

#include "hwnas/common/error.hpp"
#include "hwnas/search/rng.hpp"
#include "hwnas/search/state_check.hpp"

namespace hwnas::search {
namespace {

using pagmo::pop_size_t;
using pagmo::vector_double;

struct FeasibleSplit {
  std::vector<pop_size_t> feasible;    // indices into members
  std::vector<pop_size_t> infeasible;  // sorted by violation, ties in index order
};

FeasibleSplit split(const std::vector<Member>& members) {
  FeasibleSplit s;
  for (pop_size_t i = 0; i < members.size(); ++i) (members[i].feasible ? s.feasible : s.infeasible).push_back(i);
  std::stable_sort(s.infeasible.begin(), s.infeasible.end(),
                   [&](pop_size_t a, pop_size_t b) { return members[a].violation < members[b].violation; });
  return s;
}

std::vector<vector_double> objectives_of(const std::vector<Member>& members, const std::vector<pop_size_t>& idx) {
  std::vector<vector_double> f;
  for (pop_size_t i : idx) f.push_back(members[i].minimised);
  return f;
}

// pagmo's detail::mo_tournament_selection_impl (not exported): rank, then crowding, then a coin.
pop_size_t tournament(pop_size_t a, pop_size_t b, const Nsga2Ranking& r, pagmo::detail::random_engine_type& e) {
  if (r.rank[a] < r.rank[b]) return a;
  if (r.rank[a] > r.rank[b]) return b;
  if (r.crowding[a] > r.crowding[b]) return a;
  if (r.crowding[a] < r.crowding[b]) return b;
  std::uniform_real_distribution<> coin(0., 1.);
  return coin(e) < 0.5 ? a : b;
}

}  // namespace

Nsga2Ranking rank_constrained(const std::vector<Member>& members) {
  Nsga2Ranking r{std::vector<pop_size_t>(members.size(), 0), std::vector<double>(members.size(), 0.)};
  const FeasibleSplit s = split(members);
  pop_size_t fronts = 0;
  if (s.feasible.size() == 1) {
    r.crowding[s.feasible[0]] = std::numeric_limits<double>::infinity();
    fronts = 1;
  } else if (s.feasible.size() > 1) {
    const auto f = objectives_of(members, s.feasible);
    const auto sorted = pagmo::fast_non_dominated_sorting(f);
    const auto& ndf = std::get<0>(sorted);
    for (pop_size_t k = 0; k < ndf.size(); ++k) {
      const auto& front = ndf[k];
      // As pagmo's nsga2: fronts of one or two points get infinite crowding.
      std::vector<double> cd(front.size(), std::numeric_limits<double>::infinity());
      if (front.size() > 2) {
        std::vector<vector_double> points;
        for (pop_size_t i : front) points.push_back(f[i]);
        cd = pagmo::crowding_distance(points);
      }
      for (pop_size_t i = 0; i < front.size(); ++i) {
        r.rank[s.feasible[front[i]]] = k;
        r.crowding[s.feasible[front[i]]] = cd[i];
      }
    }
    fronts = ndf.size();
  }
  for (pop_size_t i = 0, rank = fronts; i < s.infeasible.size(); ++i) {
    if (i > 0 && members[s.infeasible[i]].violation > members[s.infeasible[i - 1]].violation) ++rank;
    r.rank[s.infeasible[i]] = rank;
  }
  return r;
}

std::vector<pop_size_t> select_best_constrained(const std::vector<Member>& members, std::size_t n) {
  const FeasibleSplit s = split(members);
  std::vector<pop_size_t> best;
  for (pop_size_t i : pagmo::select_best_N_mo(objectives_of(members, s.feasible), n)) best.push_back(s.feasible[i]);
  for (pop_size_t i = 0; best.size() < n && i < s.infeasible.size(); ++i) best.push_back(s.infeasible[i]);
  return best;
}

Nsga2::Nsga2(const space::Space& space, const Problem& problem, Nsga2Settings settings, std::uint64_t seed)
    : space_(space), settings_(settings), seed_(seed), encoding_(space) {
  if (problem.objectives.size() < 2) {
    throw InputError("nsga2 needs at least two objectives (for one, use ofa-evolution or spos-evolution)");
  }
  if (settings_.population < 8 || settings_.population % 4 != 0) {
    throw InputError(fmt::format("nsga2: the population must be a multiple of 4 and at least 8, got {}",
                                 settings_.population));
  }
  for (int u : encoding_.upper_bounds()) {
    bounds_.first.push_back(0);
    bounds_.second.push_back(u);
  }
  mutation_ = settings_.mutation < 0 ? 1.0 / static_cast<double>(encoding_.size()) : settings_.mutation;
}

arch::Architecture Nsga2::decode(const vector_double& x) const {
  std::vector<int> genes;
  for (double v : x) genes.push_back(static_cast<int>(std::lround(v)));
  return encoding_.decode(genes);
}

std::vector<vector_double> Nsga2::make_offspring(std::uint32_t engine_seed) const {
  pagmo::detail::random_engine_type e(engine_seed);
  const pop_size_t np = population_x_.size();
  const auto nix = static_cast<vector_double::size_type>(encoding_.size());
  std::vector<pop_size_t> shuffle1(np), shuffle2(np);
  std::iota(shuffle1.begin(), shuffle1.end(), pop_size_t(0));
  std::iota(shuffle2.begin(), shuffle2.end(), pop_size_t(0));
  std::shuffle(shuffle1.begin(), shuffle1.end(), e);
  std::shuffle(shuffle2.begin(), shuffle2.end(), e);
  const Nsga2Ranking ranking = rank_constrained(population_);
  std::vector<vector_double> offspring;
  offspring.reserve(2 * np);
  for (pop_size_t i = 0; i < np; i += 4) {
    for (const auto* order : {&shuffle1, &shuffle2}) {
      const auto& sh = *order;
      const pop_size_t p1 = tournament(sh[i], sh[i + 1], ranking, e);
      const pop_size_t p2 = tournament(sh[i + 2], sh[i + 3], ranking, e);
      auto children = pagmo::sbx_crossover(population_x_[p1], population_x_[p2], bounds_, nix, settings_.crossover,
                                           settings_.eta_c, e);
      pagmo::polynomial_mutation(children.first, bounds_, nix, mutation_, settings_.eta_m, e);
      pagmo::polynomial_mutation(children.second, bounds_, nix, mutation_, settings_.eta_m, e);
      offspring.push_back(std::move(children.first));
      offspring.push_back(std::move(children.second));
    }
  }
  return offspring;
}

std::vector<arch::Architecture> Nsga2::ask() {
  const std::uint64_t step = step_++;
  pending_x_.clear();
  if (population_x_.size() < static_cast<std::size_t>(settings_.population)) {
    // The initial population: uniform genes, as pagmo's population constructor draws them.
    arch::Rng rng = step_rng(seed_, step);
    const std::vector<int> upper = encoding_.upper_bounds();
    for (auto i = population_x_.size(); i < static_cast<std::size_t>(settings_.population); ++i) {
      vector_double x;
      for (int u : upper) x.push_back(std::uniform_int_distribution<int>(0, u)(rng));
      pending_x_.push_back(std::move(x));
    }
  } else {
    pending_x_ = make_offspring(step_seed32(seed_, step));
  }
  std::vector<arch::Architecture> batch;
  for (const auto& x : pending_x_) batch.push_back(decode(x));
  return batch;
}

void Nsga2::tell(std::span<const Trial> trials) {
  const bool initial = population_x_.size() < static_cast<std::size_t>(settings_.population);
  for (std::size_t i = 0; i < trials.size(); ++i) {
    population_x_.push_back(pending_x_[i]);
    population_.push_back(to_member(trials[i]));
  }
  if (initial) {
    if (population_x_.size() == static_cast<std::size_t>(settings_.population)) ++generation_;
    return;
  }
  // population_ now holds parents then offspring, in pagmo's popnew order.
  const auto best = select_best_constrained(population_, static_cast<std::size_t>(settings_.population));
  std::vector<vector_double> next_x;
  std::vector<Member> next;
  for (pop_size_t i : best) {
    next_x.push_back(population_x_[i]);
    next.push_back(population_[i]);
  }
  population_x_ = std::move(next_x);
  population_ = std::move(next);
  ++generation_;
}

nlohmann::json Nsga2::save_state() const {
  return {{"algorithm", name()},
          {"step", step_},
          {"generation", generation_},
          {"genes", population_x_},
          {"population", members_to_json(population_)}};
}

void Nsga2::load_state(const nlohmann::json& state) {
  check_state_owner(state, name());
  step_ = state.at("step").get<std::uint64_t>();
  generation_ = state.at("generation").get<int>();
  population_x_ = state.at("genes").get<std::vector<vector_double>>();
  population_ = members_from_json(space_, state.at("population"));
  for (const auto& x : population_x_) {
    if (x.size() != encoding_.size()) {
      throw InputError(fmt::format("nsga2 checkpoint: {} genes per member, the space '{}' encodes {}", x.size(),
                                   space_.name, encoding_.size()));
    }
  }
}

}  // namespace hwnas::search
