#include "hwnas/farm/worker.hpp"

#include <unistd.h>

#include <chrono>
#include <thread>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/farm/device_match.hpp"
#include "hwnas/farm/lease_keeper.hpp"
#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::farm {

Worker::Worker(store::Store& store, WorkerOptions options, std::string command_line)
    : store_(store), options_(std::move(options)), command_line_(std::move(command_line)), host_(measure::hostname()) {
  const std::string& key = options_.measure.device_key;
  if (key.empty()) throw InputError("farm worker: a device key is needed (--device-key)");
  if (!(options_.lease_s >= 1)) throw InputError(fmt::format("farm worker: --lease-s must be at least 1 s, got {}", options_.lease_s));
  if (options_.worker_id.empty()) options_.worker_id = fmt::format("{}:{}:{}", host_, getpid(), key);
  if (const auto registered = store_.find_device(key)) {
    auto engine = engine::make_engine(options_.measure.engine, options_.measure.threads, options_.measure.engine_options);
    measure::Fingerprint own = measure::collect_fingerprint(engine->name(), engine->version(), options_.measure.threads);
    own.device = engine->device_facts();
    check_same_kind(key, registered->fingerprint, own.to_json());
  }
  report_alive(std::nullopt, {}, false);
}

Worker::~Worker() {
  for (auto& [protocol, measurer] : measurers_) measurer->finish(store::RunStatus::complete);
}

void Worker::report_alive(std::optional<std::int64_t> job_id, const WorkerReport& report, bool stopped) {
  store_.queue().worker_alive({options_.worker_id, options_.measure.device_key, host_, 0, 0, job_id,
                               static_cast<std::int64_t>(report.measured + report.skipped), stopped});
}

const space::Space& Worker::space_named(const std::string& name) {
  auto it = spaces_.find(name);
  if (it == spaces_.end()) it = spaces_.emplace(name, space::load_space(name)).first;
  return it->second;
}

measure::LatencyMeasurer& Worker::measurer_for(const nlohmann::json& protocol) {
  const std::string text = protocol.dump();
  auto it = measurers_.find(text);
  if (it == measurers_.end()) {
    measure::MeasureJob job = options_.measure;
    job.protocol = measure::ProtocolOptions::from_json(protocol);
    it = measurers_.emplace(text, std::make_unique<measure::LatencyMeasurer>(store_, job, command_line_)).first;
  }
  return *it->second;
}

void Worker::process(const store::Job& job, const std::atomic<bool>& stop, WorkerReport& report,
                     const std::function<void(const std::string&)>& progress) {
  report_alive(job.id, report, false);
  LeaseKeeper lease(store_.queue(), job.id, options_.worker_id, options_.lease_s);
  std::string outcome;
  try {
    const space::Space& space = space_named(job.arch.space);
    const arch::Architecture arch = arch::parse_canonical(space, job.arch.text);
    if (arch::arch_hash(space, arch) != job.arch.hash) {
      throw InputError(fmt::format("job {}: architecture '{}' hashes to {}, not the job's {} (another space file?)", job.id,
                                   job.arch.text, arch::arch_hash(space, arch), job.arch.hash));
    }
    measure::LatencyMeasurer& measurer = measurer_for(job.protocol);
    if (options_.measure.reference_every > 0 && monitored_.emplace(job.protocol.dump(), space.name).second) {
      measurer.monitor_reference(space);
    }
    bool committed = false;
    const auto m = measurer.measure(space, arch, [&](const store::ArchRecord& record, const store::MeasurementRecord& row) {
      committed = store_.queue().complete(job.id, options_.worker_id, record, row);
    });
    if (!m) {
      committed = store_.queue().complete(job.id, options_.worker_id, job.arch, std::nullopt);
      ++report.skipped;
      outcome = "already measured";
    } else if (committed) {
      ++report.measured;
      outcome = fmt::format("median {:.3f} ms ({} runs)", m->stats.median * 1e3, m->stats.runs);
    } else {
      ++report.lost;
      outcome = "lease ran out before the commit: not stored (another worker measures it)";
    }
  } catch (const std::exception& e) {
    try {
      // Asked to stop: the failure is most likely the stop itself (a command engine's child got
      // the signal too), so hand the job back rather than count an attempt against it.
      if (stop && store_.queue().release(job.id, options_.worker_id)) {
        ++report.released;
        outcome = "released (stopping)";
      } else {
        const auto state = store_.queue().fail(job.id, options_.worker_id, e.what());
        ++report.failed;
        outcome = fmt::format("failed ({}): {}", state ? store::to_string(*state) : "lease lost", e.what());
      }
    } catch (const std::exception& store_error) {
      // The store is unreachable: the lease will run out and the job come back by itself.
      ++report.lost;
      outcome = fmt::format("{}; recording it failed too: {}", e.what(), store_error.what());
    }
  }
  if (progress) {
    progress(fmt::format("{} job {} {} r{} (attempt {}/{}): {}", options_.measure.device_key, job.id, job.arch.hash,
                         job.arch.resolution, job.attempts, job.max_attempts, outcome));
  }
}

WorkerReport Worker::run(const std::atomic<bool>& stop, const std::function<void(const std::string&)>& progress) {
  WorkerReport report;
  const std::string& key = options_.measure.device_key;
  std::size_t jobs = 0;
  while (!stop && (options_.max_jobs == 0 || jobs < options_.max_jobs)) {
    std::optional<store::Job> job;
    try {
      job = store_.queue().claim(key, options_.worker_id, options_.lease_s);
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      // A server restart or network outage: keep trying, the queue is where it was.
      if (progress) progress(fmt::format("{}: store unreachable, retrying: {}", key, e.what()));
    }
    if (!job) {
      // Running jobs count: one whose worker died is finished here once its lease runs out.
      try {
        if (options_.exit_when_empty && store_.queue().unfinished(key) == 0) break;
        report_alive(std::nullopt, report, false);
      } catch (const InputError&) {
        throw;
      } catch (const std::exception&) {
        // Unreachable: reported by the claim above.
      }
      // Short steps, so a stop request is seen at once.
      for (double waited = 0; waited < options_.poll_s && !stop; waited += 0.05) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      continue;
    }
    process(*job, stop, report, progress);
    ++jobs;
  }
  report_alive(std::nullopt, report, true);
  return report;
}

}  // namespace hwnas::farm
