// Measures architectures on an engine into the store: the loop behind `hwnas measure` and behind
// latency:<device key> when missing values may be measured. Each network is exported with seeded
// weights, built once in the engine, timed by the protocol and committed atomically; what the store
// already has for the device key is skipped without building anything (resume).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/measure/affinity.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/measure/session.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::measure {

struct MeasureJob {
  std::string engine = std::string(engine::kDefaultEngine);  // an engine spec (engine::make_engine)
  engine::EngineOptions engine_options;                       // parser, adb serial (command engines)
  int threads = 1;
  std::vector<int> cores;          // pin the measuring thread to these cores; empty: no pinning
  ProtocolOptions protocol;
  std::uint64_t weight_seed = 0;   // seeded weights: the same network computes the same function
  std::size_t reference_every = 0; // drift check every N measured networks; 0: none
  std::string device_key;          // empty: device_key("cpu", engine name, threads)
  // Time each run by the measuring thread's CPU time instead of wall time. Only for one-thread
  // in-process engines (they compute on this thread): on a machine shared with other jobs, wall
  // time counts their time slices too, CPU time does not. Recorded in the device's settings.
  bool thread_cpu_time = false;
  // protocol.compensate: the reference to interleave (its blocks; the resolution is each network's).
  // nullopt: the stored one of (device key, space, resolution), else typical_reference.
  std::optional<arch::Architecture> reference;
};

class LatencyMeasurer {
 public:
  // Registers the device and begins a run labelled with command_line.
  LatencyMeasurer(store::Store& store, const MeasureJob& job, const std::string& command_line);
  ~LatencyMeasurer();

  const std::string& device_key() const { return device_key_; }
  // Drift checks use this space's reference network (a fixed sample at its default resolution).
  void monitor_reference(const space::Space& space);
  // nullopt: already stored for this device key. Otherwise the fresh measurement, committed.
  // With protocol.compensate the network's runs alternate with its reference's (kept built between
  // networks); the first one at a (space, resolution) also measures and stores the baseline T_ref.
  // `commit` (optional) writes the row instead of the store's put_measurement (MeasureSession::Commit).
  std::optional<Measurement> measure(const space::Space& space, const arch::Architecture& arch,
                                     const MeasureSession::Commit& commit = {});
  void finish(store::RunStatus status);

  std::size_t measured() const { return session_->measured(); }
  std::size_t skipped() const { return session_->skipped(); }
  const MeasureSession& session() const { return *session_; }

 private:
  struct CompensationReference {
    std::unique_ptr<engine::Engine> engine;
    RunOnce run;
    double baseline_s = 0;
  };
  Compensation compensation_for(const space::Space& space, int resolution);

  store::Store& store_;
  MeasureJob job_;
  std::string device_key_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<engine::Engine> reference_engine_;
  std::unique_ptr<MeasureSession> session_;
  std::map<std::pair<std::string, int>, CompensationReference> compensation_;  // by (space, resolution)
  std::optional<ScopedAffinity> pin_;
  bool finished_ = false;
};

// The store's architecture entry for an architecture of a space.
store::ArchRecord arch_record(const space::Space& space, const arch::Architecture& arch);

}  // namespace hwnas::measure
