// A predictor kind's options as users give them (`--option epochs=100 --option lr=1e-3`): each
// key=value becomes a JSON field, numbers stay numbers (whole ones integers), anything else text.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::predict {

// Throws InputError naming an option without "key=".
nlohmann::json parse_kind_options(const std::vector<std::string>& options);

}  // namespace hwnas::predict
