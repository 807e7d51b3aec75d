// A population member as algorithms keep it: the architecture and the trial values selection needs.
// Saved in checkpoints by canonical text, so a state file stays readable and space-checked.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/search/trial.hpp"

namespace hwnas::search {

struct Member {
  arch::Architecture arch;
  std::string canonical;
  std::vector<double> minimised;  // objectives as minimised quantities
  bool feasible = true;
  double violation = 0;
};

Member to_member(const Trial& trial);
nlohmann::json to_json(const Member& member);
// Throws InputError when the canonical text is not an architecture of the space.
Member member_from_json(const space::Space& space, const nlohmann::json& json);
nlohmann::json members_to_json(std::span<const Member> members);
std::vector<Member> members_from_json(const space::Space& space, const nlohmann::json& json);

// Best first by the single objective, ties kept in their order (stable).
void sort_by_first_objective(std::vector<Member>& members);

}  // namespace hwnas::search
