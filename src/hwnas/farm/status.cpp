#include "hwnas/farm/status.hpp"

namespace hwnas::farm {

FarmStatus farm_status(store::JobQueue& queue, double window_s, double live_after_s) {
  const store::QueueSnapshot snap = queue.snapshot(window_s);
  FarmStatus status;
  status.window_s = window_s;
  for (const auto& counts : snap.keys) {
    KeyStatus k;
    k.counts = counts;
    k.jobs_per_minute = 60.0 * static_cast<double>(counts.done_in_window) / window_s;
    const auto left = static_cast<double>(counts.pending + counts.running);
    if (left == 0) {
      k.eta_seconds = 0;
    } else if (counts.done_in_window > 0) {
      k.eta_seconds = 60.0 * left / k.jobs_per_minute;
    }
    status.keys.push_back(k);
  }
  for (const auto& j : snap.running) {
    status.running.push_back({j.id, j.device_key, j.worker.value_or(""), snap.now - j.started_at.value_or(snap.now)});
  }
  for (const auto& w : snap.workers) {
    const double since = snap.now - w.heartbeat_at;
    status.workers.push_back({w, since, !w.stopped && since <= live_after_s});
  }
  return status;
}

nlohmann::json to_json(const FarmStatus& status) {
  nlohmann::json out{{"window_s", status.window_s}, {"keys", nlohmann::json::array()}, {"running", nlohmann::json::array()},
                     {"workers", nlohmann::json::array()}};
  for (const auto& k : status.keys) {
    out["keys"].push_back({{"device_key", k.counts.device_key}, {"pending", k.counts.pending}, {"running", k.counts.running},
                           {"done", k.counts.done}, {"failed", k.counts.failed}, {"cancelled", k.counts.cancelled},
                           {"jobs_per_minute", k.jobs_per_minute},
                           {"eta_s", k.eta_seconds ? nlohmann::json(*k.eta_seconds) : nlohmann::json(nullptr)}});
  }
  for (const auto& r : status.running) {
    out["running"].push_back({{"job", r.job_id}, {"device_key", r.device_key}, {"worker", r.worker}, {"lease_age_s", r.lease_age_s}});
  }
  for (const auto& w : status.workers) {
    out["workers"].push_back({{"id", w.worker.id}, {"device_key", w.worker.device_key}, {"host", w.worker.host},
                              {"since_heartbeat_s", w.since_heartbeat_s}, {"live", w.live},
                              {"job", w.worker.job_id ? nlohmann::json(*w.worker.job_id) : nlohmann::json(nullptr)},
                              {"jobs_done", w.worker.jobs_done}, {"stopped", w.worker.stopped}});
  }
  return out;
}

}  // namespace hwnas::farm
