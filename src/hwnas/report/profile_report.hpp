// The profile report: a folder with index.html, the figures (PNG + their gnuplot scripts) and the
// tables, built only from a ProfileResult (so `profile.json` alone regenerates it).
#pragma once

#include <filesystem>

#include "hwnas/profile/profile_result.hpp"

namespace hwnas::report {

// Writes dir/index.html and every figure; returns the path of index.html.
std::filesystem::path write_profile_report(const profile::ProfileResult& result, const std::filesystem::path& dir);

}  // namespace hwnas::report
