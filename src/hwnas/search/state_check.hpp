// Checks that a saved algorithm state belongs to the algorithm loading it.
#pragma once

#include <string_view>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "hwnas/common/error.hpp"

namespace hwnas::search {

inline void check_state_owner(const nlohmann::json& state, std::string_view algorithm) {
  const std::string saved = state.value("algorithm", std::string("(none)"));
  if (saved != algorithm) {
    throw InputError(fmt::format("checkpoint state is for algorithm '{}', not '{}'", saved, algorithm));
  }
}

}  // namespace hwnas::search
