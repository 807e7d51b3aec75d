// A profile as `hwnas profile` and hwnas.profile make it: run over the metric sources, stamped
// with the command that asked for it, and written as profile.json, cells.csv and blocks.csv.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hwnas/profile/profile_result.hpp"
#include "hwnas/profile/profiler.hpp"

namespace hwnas::profile {

// run_profile, then the provenance {command, the UTC time to the second, this version}; with a
// non-empty `out`, the files are written there.
ProfileResult profile_and_save(const space::Space& space, const std::vector<metric::MetricSource*>& metrics,
                               const ProfileOptions& options, std::string command, const std::filesystem::path& out);

}  // namespace hwnas::profile
