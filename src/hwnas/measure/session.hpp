// The per-network loop body of `hwnas measure`: skip what the store has, otherwise build the
// network, run the protocol and store the result atomically. A command is then a thin loop:
//
//   auto store = store::open_store(url);
//   MeasureSession session(*store, device, options, fingerprint, store->begin_run(command_line));
//   for (const auto& a : archs) session.measure(arch_record(a), [&] { return engine.prepare(a); });
//   session.finish(store::RunStatus::complete);
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/measure/reference_monitor.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::measure {

// Builds a network (export, engine load) and returns its runner; called only when a measurement
// is needed, so resuming costs no builds.
using BuildRunner = std::function<RunOnce()>;

// measure --compensate: the reference's runner (built, warm) and its baseline T_ref, seconds.
struct Compensation {
  RunOnce reference;
  double baseline_s = 0;
};
// Called only when a measurement is needed, like BuildRunner.
using CompensationFor = std::function<Compensation()>;

class MeasureSession {
 public:
  // Registers the device (InputError if its key is taken by another setup).
  MeasureSession(store::Store& store, const store::DeviceRecord& device, ProtocolOptions options,
                 Fingerprint fingerprint, std::optional<std::int64_t> run_id);

  // Drift checks every `every` measured networks, and one right away as the run's baseline.
  void monitor_reference(ReferenceNetwork reference, std::size_t every);

  // Adds to a measurement's row what only the caller knows (a benchmark tool's own statistics and
  // per-layer times), after the protocol and before the row is stored.
  using Annotate = std::function<void(const Measurement&, store::MeasurementRecord&)>;

  // Writes a finished row instead of Store::put_measurement: a farm worker commits it together with
  // its job's `done` (farm/worker.hpp).
  using Commit = std::function<void(const store::ArchRecord&, const store::MeasurementRecord&)>;

  // nullopt: already stored, skipped. Otherwise the fresh measurement, committed before returning.
  // With `compensation` the runs alternate with the reference's (run_paired_protocol): the row gets
  // the compensated median beside the raw statistics, which are returned.
  std::optional<Measurement> measure(const store::ArchRecord& arch, const BuildRunner& build,
                                     store::OnExisting on_existing = store::OnExisting::keep,
                                     const Annotate& annotate = {}, const CompensationFor& compensation = {},
                                     const Commit& commit = {});

  void finish(store::RunStatus status);

  std::size_t measured() const { return measured_; }
  std::size_t skipped() const { return skipped_; }
  // Over the networks measured so far: the protocols' wall time (warm-up and timed runs), and the
  // rest of measure()'s time, hwnas's own (export, engine build, storing). Drift checks and the
  // compensation baselines are in neither; the interleaved reference runs are in the first.
  double protocol_seconds() const { return protocol_seconds_; }
  std::optional<std::int64_t> run_id() const { return run_id_; }
  double own_seconds() const { return own_seconds_; }

 private:
  store::Store& store_;
  std::string device_key_;
  ProtocolOptions options_;
  Fingerprint fingerprint_;
  std::optional<std::int64_t> run_id_;
  std::optional<ReferenceMonitor> monitor_;
  std::size_t measured_ = 0;
  std::size_t skipped_ = 0;
  double protocol_seconds_ = 0;
  double own_seconds_ = 0;
};

}  // namespace hwnas::measure
