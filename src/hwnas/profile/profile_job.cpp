#include "hwnas/profile/profile_job.hpp"

#include <ctime>

#include "hwnas/profile/profile_io.hpp"

namespace hwnas::profile {
namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

ProfileResult profile_and_save(const space::Space& space, const std::vector<metric::MetricSource*>& metrics,
                               const ProfileOptions& options, std::string command, const std::filesystem::path& out) {
  ProfileResult result = run_profile(space, metrics, options);
  result.provenance = {std::move(command), utc_now(), HWNAS_VERSION};
  if (!out.empty()) write_profile(result, out);
  return result;
}

}  // namespace hwnas::profile
