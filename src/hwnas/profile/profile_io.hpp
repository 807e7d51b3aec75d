// A profile on disk (docs/profiling.md): profile.json (everything, read back by reports and
// `hwnas insights`), cells.csv (one row per metric, resolution and cell) and blocks.csv (M_b).
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "hwnas/profile/profile_result.hpp"

namespace hwnas::profile {

inline constexpr int kProfileFormatVersion = 1;

nlohmann::json to_json(const ProfileResult& result);
// InputError naming the field when the JSON is not a profile of this format.
ProfileResult profile_from_json(const nlohmann::json& json, const std::string& source);

// Writes profile.json, cells.csv and blocks.csv into dir (created if needed).
void write_profile(const ProfileResult& result, const std::filesystem::path& dir);
// Reads dir/profile.json (or a path to the JSON file itself).
ProfileResult read_profile(const std::filesystem::path& dir_or_file);

}  // namespace hwnas::profile
