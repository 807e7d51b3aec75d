#include "hwnas/store/job_queue.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::store {

std::string to_string(JobState state) {
  switch (state) {
    case JobState::pending: return "pending";
    case JobState::running: return "running";
    case JobState::done: return "done";
    case JobState::failed: return "failed";
    case JobState::cancelled: return "cancelled";
  }
  return "unknown";
}

JobState job_state_from_string(const std::string& text) {
  if (text == "pending") return JobState::pending;
  if (text == "running") return JobState::running;
  if (text == "done") return JobState::done;
  if (text == "failed") return JobState::failed;
  if (text == "cancelled") return JobState::cancelled;
  throw InputError(fmt::format("job state '{}': expected pending, running, done, failed or cancelled", text));
}

}  // namespace hwnas::store
