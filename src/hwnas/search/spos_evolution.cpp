#include "hwnas/search/spos_evolution.hpp"

#include <algorithm>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/mutation.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/search/rng.hpp"
#include "hwnas/search/state_check.hpp"

namespace hwnas::search {

SposEvolution::SposEvolution(const space::Space& space, const Problem& problem, SposEvolutionSettings settings,
                             std::uint64_t seed)
    : space_(space), settings_(settings), seed_(seed) {
  if (problem.objectives.size() != 1) {
    throw InputError(fmt::format("spos-evolution optimises one objective under constraints; {} were given",
                                 problem.objectives.size()));
  }
}

bool SposEvolution::propose(const arch::Architecture& arch, std::vector<arch::Architecture>& batch) {
  if (!visited_.insert(arch::to_canonical(space_, arch)).second) return false;
  batch.push_back(arch);
  return true;
}

template <typename MakeChild>
void SposEvolution::breed(Origin origin, int wanted, MakeChild make_child, std::vector<arch::Architecture>& batch) {
  Breeding& b = breeding_[static_cast<std::size_t>(origin)];
  const auto pending = [&] {
    return static_cast<int>(std::count_if(pending_.begin(), pending_.end(), [&](const auto& p) { return p.second == origin; }));
  };
  for (int open = wanted - b.kept - pending(); open > 0 && b.tries < 10 * wanted; ++b.tries) {
    const arch::Architecture child = make_child();
    if (!propose(child, batch)) continue;
    pending_.emplace(arch::to_canonical(space_, child), origin);
    --open;
  }
}

std::vector<arch::Architecture> SposEvolution::ask() {
  arch::Rng rng = step_rng(seed_, step_++);
  std::vector<arch::Architecture> batch;
  if (!top_.empty()) {
    auto parent = [&]() -> const arch::Architecture& {
      return top_[static_cast<std::size_t>(uniform_index(rng, top_.size()))].arch;
    };
    breed(Origin::mutation, settings_.mutations, [&] {
      arch::Architecture child = parent();
      arch::mutate_genes(space_, child, settings_.mutate_prob, rng);
      return child;
    }, batch);
    breed(Origin::crossover, settings_.crossovers, [&] {
      const arch::Architecture& a = parent();
      const arch::Architecture& b = parent();
      return arch::crossover(space_, a, b, rng);
    }, batch);
    if (!batch.empty()) return batch;
  }
  // Random fill. In a nearly exhausted space new draws run out: the tries are bounded, and when
  // nothing new was found one repeat is proposed (free through the cache) so the budget ends the run.
  const int wanted = settings_.population - static_cast<int>(candidates_.size());
  arch::Architecture draw;
  for (int made = 0, tries = 0; made < wanted && tries < 10 * wanted; ++tries) {
    draw = arch::sample_uniform(space_, rng);
    made += propose(draw, batch) ? 1 : 0;
  }
  if (batch.empty()) batch.push_back(std::move(draw));
  return batch;
}

void SposEvolution::tell(std::span<const Trial> trials) {
  for (const Trial& t : trials) {
    if (const auto bred = pending_.find(t.canonical); bred != pending_.end()) {
      breeding_[static_cast<std::size_t>(bred->second)].kept += t.feasible() ? 1 : 0;
      pending_.erase(bred);
    }
    if (t.feasible()) candidates_.push_back(to_member(t));
  }
  if (static_cast<int>(candidates_.size()) < settings_.population) return;
  top_.insert(top_.end(), candidates_.begin(), candidates_.end());
  sort_by_first_objective(top_);
  if (static_cast<int>(top_.size()) > settings_.select) top_.resize(static_cast<std::size_t>(settings_.select));
  candidates_.clear();
  breeding_ = {};
  pending_.clear();
  ++generation_;
}

nlohmann::json SposEvolution::save_state() const {
  nlohmann::json visited = nlohmann::json::array();
  nlohmann::json pending = nlohmann::json::object();
  for (const auto& [canonical, origin] : pending_) pending[canonical] = origin == Origin::mutation ? "mutation" : "crossover";
  std::vector<std::string> sorted(visited_.begin(), visited_.end());
  std::sort(sorted.begin(), sorted.end());
  for (auto& v : sorted) visited.push_back(std::move(v));
  return {{"algorithm", name()},
          {"step", step_},
          {"generation", generation_},
          {"top", members_to_json(top_)},
          {"candidates", members_to_json(candidates_)},
          {"breeding", {{"mutation", {breeding_[0].kept, breeding_[0].tries}},
                        {"crossover", {breeding_[1].kept, breeding_[1].tries}}}},
          {"pending", pending},
          {"visited", visited}};
}

void SposEvolution::load_state(const nlohmann::json& state) {
  check_state_owner(state, name());
  step_ = state.at("step").get<std::uint64_t>();
  generation_ = state.at("generation").get<int>();
  top_ = members_from_json(space_, state.at("top"));
  candidates_ = members_from_json(space_, state.at("candidates"));
  for (const auto& [kind, index] : {std::pair{"mutation", 0}, std::pair{"crossover", 1}}) {
    const auto& b = state.at("breeding").at(kind);
    breeding_[static_cast<std::size_t>(index)] = {b.at(0).get<int>(), b.at(1).get<int>()};
  }
  pending_.clear();
  for (const auto& [canonical, origin] : state.at("pending").items()) {
    pending_.emplace(canonical, origin.get<std::string>() == "mutation" ? Origin::mutation : Origin::crossover);
  }
  visited_.clear();
  for (const auto& v : state.at("visited")) visited_.insert(v.get<std::string>());
}

}  // namespace hwnas::search
