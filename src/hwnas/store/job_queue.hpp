// The measurement farm's work queue, kept in the profile store (docs/farm.md). A job asks for one
// architecture to be measured under one device key with given protocol settings; workers on the
// device's host claim jobs of their key, measure, and commit the measurement together with the
// job's `done`.
//
// Contract, for every backend (tests/farm/job_queue_contract_test.cpp checks it):
// - One job per (architecture, device key). States: pending -> running -> done | failed, and
//   cancelled by hand; retry puts failed (and cancelled) jobs back to pending.
// - claim hands a pending job to exactly one worker (PostgreSQL: SELECT ... FOR UPDATE SKIP
//   LOCKED; SQLite: an immediate transaction), highest priority first, then oldest; it bumps
//   `attempts` and gives the worker a lease of lease_s seconds by the database's clock.
// - Every later change (heartbeat, complete, fail, release) names the job and the worker and takes
//   effect only while that worker holds an unexpired lease; otherwise it changes nothing and
//   reports false. So a worker whose lease ran out cannot overwrite a result.
// - A lease that ran out returns its job to pending (at the next claim of that key), or to failed
//   when the job has used all its attempts.
// - complete writes the measurement (kept if one exists) and `done` in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/store/records.hpp"

namespace hwnas::store {

enum class JobState { pending, running, done, failed, cancelled };
std::string to_string(JobState state);
JobState job_state_from_string(const std::string& text);

// What to measure: submitted by `hwnas farm submit` (or a study's --measure-missing --farm).
struct JobSpec {
  ArchRecord arch;
  std::string device_key;
  nlohmann::json protocol = nlohmann::json::object();  // measure::ProtocolOptions::to_json
  int priority = 0;                                     // higher runs first
  int max_attempts = 3;
};

struct SubmitCounts {
  std::int64_t added = 0;             // new jobs
  std::int64_t already_queued = 0;    // a job of (architecture, key) existed, in any state
  std::int64_t already_measured = 0;  // the store has the measurement: nothing to do
};

// A claimed job, as the worker sees it.
struct Job {
  std::int64_t id = 0;
  ArchRecord arch;
  std::string device_key;
  nlohmann::json protocol = nlohmann::json::object();
  int priority = 0;
  int attempts = 0;  // including this one
  int max_attempts = 0;
};

// One job as stored (status listings, tests).
struct JobRecord {
  std::int64_t id = 0;
  std::string arch_hash;
  std::string device_key;
  JobState state = JobState::pending;
  int priority = 0;
  int attempts = 0;
  int max_attempts = 0;
  std::optional<std::string> last_error;
  std::optional<std::string> worker;  // holding it (running) or that finished it (done)
  std::optional<double> started_at, finished_at;  // epoch seconds, the database's clock
};

// A worker process as it last reported itself.
struct WorkerRecord {
  std::string id;  // host:pid:device key unless given
  std::string device_key;
  std::string host;
  double started_at = 0;
  double heartbeat_at = 0;  // epoch seconds, the database's clock
  std::optional<std::int64_t> job_id;
  std::int64_t jobs_done = 0;
  bool stopped = false;
};

struct QueueSnapshot {
  double now = 0;  // the database's clock, epoch seconds
  std::vector<JobRecord> running;  // by key, then id
  struct KeyCounts {
    std::string device_key;
    std::int64_t pending = 0, running = 0, done = 0, failed = 0, cancelled = 0;
    std::int64_t done_in_window = 0;  // finished within the window asked for
  };
  std::vector<KeyCounts> keys;
  std::vector<WorkerRecord> workers;
};

class JobQueue {
 public:
  virtual ~JobQueue() = default;

  // Enqueues in one transaction; jobs whose (architecture, key) is queued or measured are counted, not added.
  virtual SubmitCounts submit(const std::vector<JobSpec>& jobs) = 0;
  // Returns expired leases of the key to pending (or failed), then claims its next pending job.
  virtual std::optional<Job> claim(std::string_view device_key, std::string_view worker, double lease_s) = 0;
  virtual bool heartbeat(std::int64_t job_id, std::string_view worker, double lease_s) = 0;
  // The measurement (nullopt: the store had it already) and `done`, in one transaction.
  virtual bool complete(std::int64_t job_id, std::string_view worker, const ArchRecord& arch,
                        const std::optional<MeasurementRecord>& measurement) = 0;
  // Records the error; pending again while attempts remain, else failed. nullopt: lease lost.
  virtual std::optional<JobState> fail(std::int64_t job_id, std::string_view worker, const std::string& error) = 0;
  // Back to pending without using up an attempt (a worker asked to stop).
  virtual bool release(std::int64_t job_id, std::string_view worker) = 0;

  // Failed (and, unless failed_only, cancelled) jobs of the key back to pending with fresh attempts.
  virtual std::int64_t retry(std::string_view device_key, bool failed_only) = 0;
  // Pending jobs of the key (failed_jobs: its failed ones instead) to cancelled; running ones finish.
  // Cancelled failed jobs keep their error and are left alone by retry(failed_only).
  virtual std::int64_t cancel(std::string_view device_key, bool failed_jobs) = 0;

  // Pending plus running jobs of the key (a worker with --exit-when-empty stops at 0).
  virtual std::int64_t unfinished(std::string_view device_key) = 0;
  virtual std::vector<JobRecord> jobs(std::string_view device_key) = 0;  // every key's when empty
  // Counts per key, running jobs, workers; done_in_window counts jobs finished in the last window_s.
  virtual QueueSnapshot snapshot(double window_s) = 0;

  // Workers report themselves (farm status shows them by last heartbeat).
  virtual void worker_alive(const WorkerRecord& worker) = 0;
};

}  // namespace hwnas::store
