#include "hwnas/measure/latency_measurer.hpp"

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/thread_cpu_time.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/compensation.hpp"
#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/record.hpp"
#include "hwnas/measure/tool_record.hpp"

namespace hwnas::measure {
namespace {

using ToolReports = std::vector<engine::ToolReport>;

// Builds the network in the engine and hands back its timed runner. A failed run (an external
// command that printed no latency) stops the protocol with its message. What a benchmark tool
// printed beyond the latency goes to `reports` when given.
RunOnce prepare(engine::Engine& engine, const graph::Graph& graph, std::uint64_t seed, bool thread_cpu_time,
                std::shared_ptr<ToolReports> reports = nullptr) {
  engine.build(graph, exporting::random_weights(graph, seed));
  return [&engine, thread_cpu_time, reports] {
    const double cpu_before = thread_cpu_time ? thread_cpu_seconds() : 0.0;
    engine::RunResult r = engine.run();
    if (!r.ok()) throw InputError("engine " + engine.name() + ": " + r.error);
    if (reports && r.tool) reports->push_back(std::move(*r.tool));
    return thread_cpu_time ? thread_cpu_seconds() - cpu_before : r.seconds;
  };
}

}  // namespace

store::ArchRecord arch_record(const space::Space& space, const arch::Architecture& arch) {
  return {space.name, "canonical", arch::to_canonical(space, arch), arch::arch_hash(space, arch), arch.resolution};
}

LatencyMeasurer::LatencyMeasurer(store::Store& store, const MeasureJob& job, const std::string& command_line)
    : store_(store), job_(job) {
  job_.protocol.validate();
  engine_ = engine::make_engine(job_.engine, job_.threads, job_.engine_options);
  if (job_.thread_cpu_time && (job_.threads != 1 || !engine_->gives_outputs())) {
    throw InputError("thread CPU timing needs a one-thread in-process engine (--threads 1, not a command engine)");
  }
  device_key_ = job_.device_key.empty() ? measure::device_key("cpu", engine_->name(), job_.threads) : job_.device_key;
  if (!job_.cores.empty()) pin_.emplace(job_.cores);
  Fingerprint fingerprint = collect_fingerprint(engine_->name(), engine_->version(), job_.threads);
  fingerprint.device = engine_->device_facts();
  store::DeviceRecord device{device_key_, engine_->name(),
                             {{"engine", job_.engine},
                              {"threads", job_.threads},
                              {"weight_seed", job_.weight_seed},
                              {"protocol", job_.protocol.to_json()},
                              {"timing", job_.thread_cpu_time ? "thread_cpu" : "wall"}},
                             fingerprint.to_json()};
  // Only when set, so that devices registered before these options existed keep their settings.
  const engine::EngineOptions defaults;
  if (job_.engine_options.parser != defaults.parser || !job_.engine_options.adb_serial.empty()) {
    device.settings["engine_options"] = job_.engine_options.to_json();
  }
  session_ = std::make_unique<MeasureSession>(store_, device, job_.protocol, fingerprint, store_.begin_run(command_line));
}

LatencyMeasurer::~LatencyMeasurer() {
  // An exception unwinding past us: the run did not complete, but what was committed stays.
  if (!finished_) session_->finish(store::RunStatus::failed);
}

void LatencyMeasurer::monitor_reference(const space::Space& space) {
  if (job_.reference_every == 0) return;
  arch::Rng rng(0);
  const arch::Architecture reference = arch::sample_uniform(space, rng, space.default_resolution);
  reference_engine_ = engine::make_engine(job_.engine, job_.threads, job_.engine_options);
  RunOnce run = prepare(*reference_engine_, graph::build(space, reference), job_.weight_seed, job_.thread_cpu_time);
  session_->monitor_reference({space.name + " " + arch::to_canonical(space, reference), reference.resolution, run},
                              job_.reference_every);
}

Compensation LatencyMeasurer::compensation_for(const space::Space& space, int resolution) {
  auto it = compensation_.find({space.name, resolution});
  if (it != compensation_.end()) return {it->second.run, it->second.baseline_s};
  const auto stored = store_.find_reference_baseline(device_key_, space.name, resolution);
  arch::Architecture reference;
  if (stored) {
    const auto record = store_.find_architecture(stored->reference_hash).value();
    reference = arch::parse_canonical(space, record.text);
    // T_ref belongs to its reference: a different one would rescale every later network.
    if (job_.reference) {
      const arch::Architecture named = choose_reference(space, resolution, job_.reference);
      if (arch::arch_hash(space, named) != stored->reference_hash) {
        throw InputError(fmt::format("--reference {}: device key '{}' has the reference {} for {} r{} already (its "
                                     "baseline is stored); measure with that one or under another --device-key",
                                     arch::to_canonical(space, named), device_key_, record.text, space.name, resolution));
      }
    }
  } else {
    reference = choose_reference(space, resolution, job_.reference);
  }
  CompensationReference ref;
  ref.engine = engine::make_engine(job_.engine, job_.threads, job_.engine_options);
  ref.run = prepare(*ref.engine, graph::build(space, reference), job_.weight_seed, job_.thread_cpu_time);
  if (stored) {
    ref.baseline_s = stored->baseline_s;
  } else {
    ProtocolOptions plain = job_.protocol;
    plain.compensate = false;
    const Measurement m = run_protocol(ref.run, plain);
    const store::ArchRecord record = arch_record(space, reference);
    store_.put_reference_baseline(record, {device_key_, space.name, resolution, record.hash, m.stats.median,
                                           m.stats.ci_level > 0 ? std::optional(m.stats.ci_low) : std::nullopt,
                                           m.stats.ci_level > 0 ? std::optional(m.stats.ci_high) : std::nullopt,
                                           static_cast<std::int64_t>(m.stats.runs), session_->run_id(), ""});
    // Another process may have stored one first: every measurement uses the one stored.
    ref.baseline_s = store_.find_reference_baseline(device_key_, space.name, resolution).value().baseline_s;
  }
  it = compensation_.emplace(std::make_pair(space.name, resolution), std::move(ref)).first;
  return {it->second.run, it->second.baseline_s};
}

std::optional<Measurement> LatencyMeasurer::measure(const space::Space& space, const arch::Architecture& arch,
                                                    const MeasureSession::Commit& commit) {
  CompensationFor compensation;
  if (job_.protocol.compensate) compensation = [&] { return compensation_for(space, arch.resolution); };
  std::optional<graph::Graph> graph;
  auto reports = std::make_shared<ToolReports>();
  return session_->measure(
      arch_record(space, arch),
      [&] {
        graph = graph::build(space, arch);
        return prepare(*engine_, *graph, job_.weight_seed, job_.thread_cpu_time, reports);
      },
      store::OnExisting::keep,
      [&](const Measurement& m, store::MeasurementRecord& row) {
        add_tool_record(*reports, m.run_times.size(), *graph, row);
      },
      compensation, commit);
}

void LatencyMeasurer::finish(store::RunStatus status) {
  session_->finish(status);
  finished_ = true;
}

}  // namespace hwnas::measure
