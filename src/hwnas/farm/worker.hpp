// A farm worker: claims jobs of its device key from the store's queue, measures each with the same
// protocol, fingerprint and drift checks as `hwnas measure` (measure::LatencyMeasurer), and
// commits the measurement together with the job's `done`. A lease, extended while measuring,
// guards every change (store/job_queue.hpp); docs/farm.md describes the failure cases.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/space/space.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::farm {

struct WorkerOptions {
  // engine, engine_options, threads, cores, reference_every, thread_cpu_time and device_key (which
  // must be given) as in `hwnas measure`; the protocol comes from each job.
  measure::MeasureJob measure;
  double lease_s = 60;
  std::size_t max_jobs = 0;       // stop after this many jobs; 0: no limit
  bool exit_when_empty = false;   // stop once no job of the key is pending or running
  double poll_s = 2;              // wait between claims while the queue has nothing to hand out
  std::string worker_id;          // empty: <host>:<pid>:<device key>
};

struct WorkerReport {
  std::size_t measured = 0;  // measured and committed
  std::size_t skipped = 0;   // the store had the measurement: done without measuring
  std::size_t failed = 0;    // the measurement failed; the job is retried or failed
  std::size_t lost = 0;      // measured, but the lease had run out: not committed
  std::size_t released = 0;  // handed back when asked to stop
};

class Worker {
 public:
  // Refuses (InputError) a worker whose device is not of the kind its key is registered with.
  Worker(store::Store& store, WorkerOptions options, std::string command_line);
  ~Worker();

  const std::string& id() const { return options_.worker_id; }

  // Runs until `stop` turns true (the job in hand is finished first, or released if its
  // measurement fails meanwhile), max_jobs are done, or, with exit_when_empty, the key has no
  // pending or running job. `progress` gets one line per job.
  WorkerReport run(const std::atomic<bool>& stop, const std::function<void(const std::string&)>& progress = {});

 private:
  void process(const store::Job& job, const std::atomic<bool>& stop, WorkerReport& report,
               const std::function<void(const std::string&)>& progress);
  measure::LatencyMeasurer& measurer_for(const nlohmann::json& protocol);
  const space::Space& space_named(const std::string& name);
  void report_alive(std::optional<std::int64_t> job_id, const WorkerReport& report, bool stopped);

  store::Store& store_;
  WorkerOptions options_;
  std::string command_line_;
  std::string host_;
  std::map<std::string, space::Space> spaces_;
  // One measurer per protocol setting (its JSON text): a device key is registered with one.
  std::map<std::string, std::unique_ptr<measure::LatencyMeasurer>> measurers_;
  std::set<std::pair<std::string, std::string>> monitored_;  // (protocol, space) with drift checks on
};

}  // namespace hwnas::farm
