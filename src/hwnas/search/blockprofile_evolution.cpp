#include "hwnas/search/blockprofile_evolution.hpp"

#include <set>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/mutation.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/search/pareto.hpp"
#include "hwnas/search/rng.hpp"
#include "hwnas/search/state_check.hpp"

namespace hwnas::search {

BlockProfileEvolution::BlockProfileEvolution(const space::Space& space, const Problem& problem,
                                             BlockProfileSettings settings, std::uint64_t seed)
    : space_(space), settings_(settings), seed_(seed) {
  if (settings_.selection == BlockProfileSettings::Selection::top_k && problem.objectives.size() != 1) {
    throw InputError(fmt::format("{} maximises one objective; {} were given (use blockprofile-pareto or nsga2)",
                                 name(), problem.objectives.size()));
  }
  const auto& p = settings_.unit_probabilities;
  if (!p.empty() && p.size() != space.units.size()) {
    throw InputError(fmt::format("{}: {} unit mutation probabilities for the {} units of space '{}'", name(),
                                 p.size(), space.units.size(), space.name));
  }
  for (double q : p) {
    if (!(q >= 0 && q <= 1)) throw InputError(fmt::format("{}: unit mutation probability {} is not in [0, 1]", name(), q));
  }
}

std::string_view BlockProfileEvolution::name() const {
  return settings_.selection == BlockProfileSettings::Selection::pareto ? "blockprofile-pareto"
                                                                        : "blockprofile-maxacc";
}

template <typename Draw>
arch::Architecture BlockProfileEvolution::propose(Draw draw) {
  arch::Architecture candidate = draw();
  std::string key = arch::to_canonical(space_, candidate);
  for (int attempt = 1; attempt < 100 && proposed_.contains(key); ++attempt) {
    candidate = draw();
    key = arch::to_canonical(space_, candidate);
  }
  proposed_.insert(std::move(key));
  return candidate;
}

std::vector<arch::Architecture> BlockProfileEvolution::ask() {
  arch::Rng rng = step_rng(seed_, step_++);
  std::vector<arch::Architecture> batch;
  if (generation_ == 0 && static_cast<int>(population_.size()) < settings_.initial) {
    for (int i = static_cast<int>(population_.size()); i < settings_.initial; ++i) {
      batch.push_back(propose([&] { return arch::sample_uniform(space_, rng); }));
    }
    return batch;
  }
  for (int i = 0; i < settings_.children; ++i) {
    batch.push_back(propose([&] {
      arch::Architecture child = population_[static_cast<std::size_t>(uniform_index(rng, population_.size()))].arch;
      arch::mutate_blockprofile(space_, child, settings_.unit_probabilities, rng);
      return child;
    }));
  }
  return batch;
}

void BlockProfileEvolution::select(std::vector<Member> merged) {
  if (settings_.selection == BlockProfileSettings::Selection::pareto) {
    std::vector<std::vector<double>> points;
    for (const auto& m : merged) points.push_back(m.minimised);
    population_.clear();
    for (std::size_t i : non_dominated(points)) population_.push_back(std::move(merged[i]));
  } else {
    sort_by_first_objective(merged);
    if (static_cast<int>(merged.size()) > settings_.top_k) merged.resize(static_cast<std::size_t>(settings_.top_k));
    population_ = std::move(merged);
  }
}

void BlockProfileEvolution::tell(std::span<const Trial> trials) {
  std::unordered_set<std::string> present;
  for (const auto& m : population_) present.insert(m.canonical);
  std::vector<Member> merged = population_;
  for (const Trial& t : trials) {
    if (t.feasible() && present.insert(t.canonical).second) merged.push_back(to_member(t));
  }
  if (generation_ == 0 && static_cast<int>(merged.size()) < settings_.initial) {
    population_ = std::move(merged);  // still filling the initial population
    return;
  }
  select(std::move(merged));
  ++generation_;
}

nlohmann::json BlockProfileEvolution::save_state() const {
  return {{"algorithm", name()},
          {"step", step_},
          {"generation", generation_},
          {"population", members_to_json(population_)},
          {"proposed", std::set<std::string>(proposed_.begin(), proposed_.end())}};
}

void BlockProfileEvolution::load_state(const nlohmann::json& state) {
  check_state_owner(state, name());
  step_ = state.at("step").get<std::uint64_t>();
  generation_ = state.at("generation").get<int>();
  population_ = members_from_json(space_, state.at("population"));
  const auto proposed = state.value("proposed", std::vector<std::string>{});
  proposed_ = std::unordered_set<std::string>(proposed.begin(), proposed.end());
}

}  // namespace hwnas::search
