// `hwnas farm status`: the queue per device key with throughput and an ETA, and the workers by
// their last heartbeat, from one snapshot of the store (store::JobQueue::snapshot).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/store/job_queue.hpp"

namespace hwnas::farm {

struct KeyStatus {
  store::QueueSnapshot::KeyCounts counts;
  double jobs_per_minute = 0;          // done within the window, per minute
  std::optional<double> eta_seconds;   // pending + running at that rate; none while nothing finished
};

struct RunningJob {
  std::int64_t job_id = 0;
  std::string device_key;
  std::string worker;
  double lease_age_s = 0;  // since it was claimed
};

struct WorkerStatus {
  store::WorkerRecord worker;
  double since_heartbeat_s = 0;
  bool live = false;  // not stopped and heard from within `live_after_s`
};

struct FarmStatus {
  double window_s = 0;
  std::vector<KeyStatus> keys;
  std::vector<RunningJob> running;
  std::vector<WorkerStatus> workers;
};

// Throughput over the last window_s seconds; a worker is live if it reported within live_after_s.
FarmStatus farm_status(store::JobQueue& queue, double window_s = 300, double live_after_s = 120);
nlohmann::json to_json(const FarmStatus& status);

}  // namespace hwnas::farm
