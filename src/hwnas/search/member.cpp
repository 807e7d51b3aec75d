#include "hwnas/search/member.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hwnas/arch/encoding.hpp"

namespace hwnas::search {

Member to_member(const Trial& trial) {
  return {trial.arch, trial.canonical, trial.minimised, trial.feasible(), trial.violation};
}

namespace {
// JSON has no NaN or infinity; missing values are stored as null.
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
}  // namespace

nlohmann::json to_json(const Member& member) {
  nlohmann::json values = nlohmann::json::array();
  for (double v : member.minimised) values.push_back(number_or_null(v));
  return {{"arch", member.canonical},
          {"minimised", values},
          {"feasible", member.feasible},
          {"violation", number_or_null(member.violation)}};
}

Member member_from_json(const space::Space& space, const nlohmann::json& json) {
  Member m;
  m.canonical = json.at("arch").get<std::string>();
  m.arch = arch::parse_canonical(space, m.canonical);
  for (const auto& v : json.at("minimised")) {
    m.minimised.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  }
  m.feasible = json.at("feasible").get<bool>();
  const auto& violation = json.at("violation");
  m.violation = violation.is_null() ? std::numeric_limits<double>::infinity() : violation.get<double>();
  return m;
}

nlohmann::json members_to_json(std::span<const Member> members) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : members) out.push_back(to_json(m));
  return out;
}

std::vector<Member> members_from_json(const space::Space& space, const nlohmann::json& json) {
  std::vector<Member> out;
  for (const auto& m : json) out.push_back(member_from_json(space, m));
  return out;
}

void sort_by_first_objective(std::vector<Member>& members) {
  std::stable_sort(members.begin(), members.end(),
                   [](const Member& a, const Member& b) { return a.minimised[0] < b.minimised[0]; });
}

}  // namespace hwnas::search
