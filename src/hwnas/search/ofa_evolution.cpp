#include "hwnas/search/ofa_evolution.hpp"

#include <cmath>

#include "hwnas/arch/mutation.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/search/rng.hpp"
#include "hwnas/search/state_check.hpp"

namespace hwnas::search {

OfaEvolution::OfaEvolution(const space::Space& space, const Problem& problem, OfaEvolutionSettings settings,
                           std::uint64_t seed)
    : space_(space), settings_(settings), seed_(seed) {
  if (problem.objectives.size() != 1) {
    throw InputError(fmt::format("ofa-evolution optimises one objective under constraints; {} were given",
                                 problem.objectives.size()));
  }
}

// OFA rounds both with Python's int(round(...)).
int OfaEvolution::parents_size() const {
  return static_cast<int>(std::lround(settings_.parent_ratio * settings_.population));
}
int OfaEvolution::mutation_count() const {
  return static_cast<int>(std::lround(settings_.mutation_ratio * settings_.population));
}

std::vector<arch::Architecture> OfaEvolution::ask() {
  arch::Rng rng = step_rng(seed_, step_++);
  std::vector<arch::Architecture> batch;
  if (generation_ == 0) {
    for (auto i = population_.size(); i < static_cast<std::size_t>(settings_.population); ++i) {
      batch.push_back(arch::sample_uniform(space_, rng));
    }
    asked_mutations_ = 0;
    return batch;
  }
  auto parent = [&]() -> const arch::Architecture& {
    return population_[static_cast<std::size_t>(uniform_index(rng, population_.size()))].arch;
  };
  for (int i = mutations_done_; i < mutation_count(); ++i) {
    arch::Architecture child = parent();
    arch::mutate_genes(space_, child, settings_.mutate_prob, rng);
    batch.push_back(std::move(child));
  }
  asked_mutations_ = static_cast<int>(batch.size());
  for (int i = crossovers_done_; i < settings_.population - mutation_count(); ++i) {
    const arch::Architecture& a = parent();
    const arch::Architecture& b = parent();
    batch.push_back(arch::crossover(space_, a, b, rng));
  }
  return batch;
}

void OfaEvolution::tell(std::span<const Trial> trials) {
  if (generation_ == 0) {
    for (const Trial& t : trials) {
      if (t.feasible()) population_.push_back(to_member(t));
    }
    if (static_cast<int>(population_.size()) < settings_.population) return;
  } else {
    for (std::size_t i = 0; i < trials.size(); ++i) {
      if (!trials[i].feasible()) continue;
      (static_cast<int>(i) < asked_mutations_ ? mutations_done_ : crossovers_done_) += 1;
      children_.push_back(to_member(trials[i]));
    }
    if (mutations_done_ < mutation_count() || crossovers_done_ < settings_.population - mutation_count()) return;
    population_.insert(population_.end(), children_.begin(), children_.end());
  }
  sort_by_first_objective(population_);
  population_.resize(std::min(population_.size(), static_cast<std::size_t>(parents_size())));
  children_.clear();
  mutations_done_ = crossovers_done_ = 0;
  ++generation_;
}

nlohmann::json OfaEvolution::save_state() const {
  return {{"algorithm", name()},          {"step", step_},
          {"generation", generation_},    {"population", members_to_json(population_)},
          {"children", members_to_json(children_)}, {"mutations_done", mutations_done_},
          {"crossovers_done", crossovers_done_}};
}

void OfaEvolution::load_state(const nlohmann::json& state) {
  check_state_owner(state, name());
  step_ = state.at("step").get<std::uint64_t>();
  generation_ = state.at("generation").get<int>();
  population_ = members_from_json(space_, state.at("population"));
  children_ = members_from_json(space_, state.at("children"));
  mutations_done_ = state.at("mutations_done").get<int>();
  crossovers_done_ = state.at("crossovers_done").get<int>();
}

}  // namespace hwnas::search
