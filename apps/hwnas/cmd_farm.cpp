// hwnas farm: the measurement farm's queue in the store — submit jobs, run a worker per device,
// watch, retry and cancel (docs/farm.md).
#include <atomic>
#include <csignal>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/farm/status.hpp"
#include "hwnas/farm/submit.hpp"
#include "hwnas/farm/worker.hpp"
#include "hwnas/measure/affinity.hpp"
#include "hwnas/store/url_password.hpp"

namespace hwnas::cli::cmd_farm {
namespace {

struct SubmitArgs {
  std::string db;
  std::string space;
  ArchListArgs list;
  farm::SubmitOptions options;
  double target = 0.01;
  std::size_t min_runs = 20;
  std::size_t max_runs = 1000;
  double max_seconds = 30;
  std::size_t warmup = 10;
  bool compensate = false;
  bool json = false;
};

struct WorkerArgs {
  std::string db;
  farm::WorkerOptions options;
  std::string pin;
  std::string timing = "wall";
  bool json = false;
};

struct QueueArgs {
  std::string db;
  std::string device_key;
  bool failed_only = false;
  bool json = false;
  double window_s = 300;
};

// The command line as typed, for the runs table (the store hides the URL's password).
std::string command_line(CLI::App* cmd, const std::string& name) {
  std::vector<std::string> parts = {"hwnas", "farm", name};
  for (const auto* option : cmd->get_options()) {
    for (const auto& value : option->results()) parts.push_back(option->get_name() + "=" + value);
  }
  return store::hide_password(fmt::format("{}", fmt::join(parts, " ")));
}

void submit(const SubmitArgs& args) {
  const space::Space s = space::load_space(args.space);
  farm::SubmitOptions options = args.options;
  options.protocol.with_warmup(args.warmup, 0.2).with_runs(args.min_runs, args.max_runs).with_max_seconds(args.max_seconds)
      .with_target(args.target).with_compensation(args.compensate);
  const auto store = store::open_store(args.db);
  const auto counts = farm::submit(*store, s, read_arch_list(s, args.list), options);
  if (args.json) {
    fmt::print("{}\n", nlohmann::json({{"device_key", options.device_key}, {"added", counts.added},
                                       {"already_queued", counts.already_queued},
                                       {"already_measured", counts.already_measured}})
                           .dump(2));
    return;
  }
  fmt::print("{}: {} new jobs, {} already queued, {} already measured\n", options.device_key, counts.added,
             counts.already_queued, counts.already_measured);
}

std::atomic<bool> stop_requested = false;
void request_stop(int) { stop_requested = true; }

void work(WorkerArgs& args, const std::string& line) {
  if (!args.pin.empty()) args.options.measure.cores = measure::parse_core_list(args.pin);
  args.options.measure.thread_cpu_time = args.timing == "thread-cpu";
  // A worker never migrates: a store of another schema version is refused, naming `db init`.
  const auto store = store::open_store(args.db, store::SchemaAction::refuse);
  farm::Worker worker(*store, args.options, line);
  // SIGTERM (systemd, docker stop) and SIGINT finish or hand back the job in hand, then exit 0.
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  fmt::print(stderr, "farm worker {} on {}: waiting for jobs\n", worker.id(), store->url());
  const auto report = worker.run(stop_requested, [](const std::string& progress) { fmt::print(stderr, "{}\n", progress); });
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (args.json) {
    fmt::print("{}\n", nlohmann::json({{"worker", worker.id()}, {"measured", report.measured}, {"skipped", report.skipped},
                                       {"failed", report.failed}, {"lost", report.lost}, {"released", report.released},
                                       {"stopped_by_signal", stop_requested.load()}})
                           .dump(2));
    return;
  }
  fmt::print("farm worker {}: {} measured, {} already measured, {} failed, {} lost to an expired lease, {} handed back{}\n",
             worker.id(), report.measured, report.skipped, report.failed, report.lost, report.released,
             stop_requested ? " (stopped by a signal)" : "");
}

std::string duration_text(std::optional<double> seconds) {
  if (!seconds) return "-";
  if (*seconds < 120) return fmt::format("{:.0f} s", *seconds);
  if (*seconds < 7200) return fmt::format("{:.0f} min", *seconds / 60);
  return fmt::format("{:.1f} h", *seconds / 3600);
}

void status(const QueueArgs& args) {
  const auto store = store::open_store(args.db);
  const farm::FarmStatus st = farm::farm_status(store->queue(), args.window_s);
  if (args.json) {
    fmt::print("{}\n", farm::to_json(st).dump(2));
    return;
  }
  fmt::print("{:<36} {:>8} {:>8} {:>8} {:>7} {:>9} {:>8} {:>8}\n", "device key", "pending", "running", "done", "failed",
             "cancelled", "jobs/min", "ETA");
  for (const auto& k : st.keys) {
    fmt::print("{:<36} {:>8} {:>8} {:>8} {:>7} {:>9} {:>8.1f} {:>8}\n", k.counts.device_key, k.counts.pending,
               k.counts.running, k.counts.done, k.counts.failed, k.counts.cancelled, k.jobs_per_minute,
               duration_text(k.eta_seconds));
  }
  fmt::print("(throughput over the last {})\n", duration_text(st.window_s));
  if (!st.running.empty()) fmt::print("running:\n");
  for (const auto& r : st.running) {
    fmt::print("  job {:<8} {:<30} {:<40} for {}\n", r.job_id, r.device_key, r.worker, duration_text(r.lease_age_s));
  }
  if (!st.workers.empty()) fmt::print("workers:\n");
  for (const auto& w : st.workers) {
    fmt::print("  {:<44} {:<30} {:<8} last heard {} ago, {} jobs{}\n", w.worker.id, w.worker.device_key,
               w.worker.stopped ? "stopped" : (w.live ? "live" : "silent"), duration_text(w.since_heartbeat_s),
               w.worker.jobs_done, w.worker.job_id ? fmt::format(", on job {}", *w.worker.job_id) : "");
  }
}

const CommandRegistration registration(27, [](CLI::App& app) {
  auto* farm_cmd = app.add_subcommand("farm", "Measurement farm: a job queue in the store, workers on every device host");
  farm_cmd->require_subcommand(1);
  farm_cmd->footer("One store (PostgreSQL for several machines, SQLite for local processes) holds the jobs; a worker\n"
                   "per device claims jobs of its --device-key and commits each measurement with its job.\n"
                   "Setup, roles, TLS and what happens on every failure: docs/farm.md.\n"
                   "Examples:\n  hwnas db init --db postgresql://owner@db.lab/nas\n"
                   "  hwnas farm submit --db postgresql://farm@db.lab/nas --space ofa-mbv3 -n 1000 --device-key pixel7-tflite\n"
                   "  hwnas farm worker --db postgresql://farm@db.lab/nas --device-key pixel7-tflite --engine tflite-adb\n"
                   "  hwnas farm status --db postgresql://farm@db.lab/nas");

  auto sargs = std::make_shared<SubmitArgs>();
  auto* sub = farm_cmd->add_subcommand("submit", "Enqueue architectures to be measured under a device key");
  sub->add_option("--db", sargs->db, kStoreUrlHelp)->required();
  sub->add_option("--space", sargs->space, kSpaceHelp)->required();
  sub->add_option("-n,--count", sargs->list.count, "how many architectures to sample")->check(CLI::Range(1, 10000000));
  sub->add_option("--archs", sargs->list.archs_file, "file with one architecture per line (any --arch encoding)");
  sub->add_option("--sample", sargs->list.sample, "uniform (A) | ulb (A_{u,l,b}, round robin over cells)")
      ->check(CLI::IsMember({"uniform", "ulb"}));
  sub->add_option("--depth-rule", sargs->list.depth_rule, kDepthRuleHelp)->check(CLI::IsMember({"uniform", "clamp"}));
  sub->add_option("--seed", sargs->list.seed, "sampling seed");
  sub->add_option("--resolution", sargs->list.resolution, "input resolution (default: uniform over the space's)");
  sub->add_option("--device-key", sargs->options.device_key, "the device key workers measure under")->required();
  sub->add_option("--priority", sargs->options.priority, "higher is measured first (default 0)");
  sub->add_option("--max-attempts", sargs->options.max_attempts, "attempts before a job is failed (default 3)")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--target", sargs->target, "as in measure: relative CI half-width of the median (default 0.01)");
  sub->add_option("--min-runs", sargs->min_runs, "as in measure (default 20)");
  sub->add_option("--max-runs", sargs->max_runs, "as in measure (default 1000)");
  sub->add_option("--max-seconds", sargs->max_seconds, "as in measure (default 30)");
  sub->add_option("--warmup", sargs->warmup, "as in measure (default 10)");
  sub->add_flag("--compensate", sargs->compensate, "as in measure: drift compensation against a reference");
  sub->add_flag("--json", sargs->json, "print the counts as JSON");
  sub->callback([sargs] { submit(*sargs); });

  auto wargs = std::make_shared<WorkerArgs>();
  wargs->options.measure.reference_every = 25;  // as in measure
  auto* worker = farm_cmd->add_subcommand("worker", "Measure queued jobs of one device key until stopped");
  worker->footer("Stops cleanly on SIGTERM/SIGINT: the job in hand is finished (or handed back), then it exits 0.\n"
                 "A worker killed outright loses nothing: its lease runs out and another worker takes the job.");
  worker->add_option("--db", wargs->db, kStoreUrlHelp)->required();
  worker->add_option("--device-key", wargs->options.measure.device_key, "claim only jobs of this key")->required();
  worker->add_option("--engine", wargs->options.measure.engine, "as in measure: torchscript (default), command:..., a preset");
  worker->add_option("--parser", wargs->options.measure.engine_options.parser, "as in measure");
  worker->add_option("--adb-serial", wargs->options.measure.engine_options.adb_serial, "as in measure");
  worker->add_option("--threads", wargs->options.measure.threads, "engine threads")->check(CLI::Range(1, 1024));
  worker->add_option("--affinity,--pin", wargs->pin, "pin the measuring thread to cores, e.g. 0 or 0,2-3");
  worker->add_option("--timing", wargs->timing, "wall (default) | thread-cpu, as in measure")
      ->check(CLI::IsMember({"wall", "thread-cpu"}));
  worker->add_option("--reference-every", wargs->options.measure.reference_every,
                     "drift check every N measured networks, 0 = off (default 25)");
  worker->add_option("--lease-s", wargs->options.lease_s, "lease per job, extended every third of it (default 60)");
  worker->add_option("--max-jobs", wargs->options.max_jobs, "stop after N jobs (default: no limit)");
  worker->add_flag("--exit-when-empty", wargs->options.exit_when_empty,
                   "exit once no job of the key is pending or running (others' expired leases are finished first)");
  worker->add_option("--poll-s", wargs->options.poll_s, "wait between claims when nothing is pending (default 2)");
  worker->add_option("--worker-id", wargs->options.worker_id, "name in the queue (default <host>:<pid>:<device key>)");
  worker->add_flag("--json", wargs->json, "print the final counts as JSON");
  worker->callback([wargs, worker] { work(*wargs, command_line(worker, "worker")); });

  auto qargs = std::make_shared<QueueArgs>();
  auto* status_cmd = farm_cmd->add_subcommand("status", "Jobs per device key, throughput, ETA, running jobs, workers");
  status_cmd->add_option("--db", qargs->db, kStoreUrlHelp)->required();
  status_cmd->add_option("--window-s", qargs->window_s, "throughput over the last S seconds (default 300)")
      ->check(CLI::PositiveNumber);
  status_cmd->add_flag("--json", qargs->json, "print JSON");
  status_cmd->callback([qargs] { status(*qargs); });

  auto* retry = farm_cmd->add_subcommand("retry", "Put failed and cancelled jobs of a key back to pending");
  retry->add_option("--db", qargs->db, kStoreUrlHelp)->required();
  retry->add_option("--device-key", qargs->device_key, "device key")->required();
  retry->add_flag("--failed", qargs->failed_only, "only failed jobs, not cancelled ones");
  retry->callback([qargs] {
    const auto store = store::open_store(qargs->db);
    fmt::print("{}: {} jobs back to pending\n", qargs->device_key, store->queue().retry(qargs->device_key, qargs->failed_only));
  });

  auto* cancel = farm_cmd->add_subcommand("cancel", "Cancel the pending (or failed) jobs of a key; running ones finish");
  cancel->add_option("--db", qargs->db, kStoreUrlHelp)->required();
  cancel->add_option("--device-key", qargs->device_key, "device key")->required();
  cancel->add_flag("--failed", qargs->failed_only, "the failed jobs instead: given up, kept out of `retry --failed`");
  cancel->callback([qargs] {
    const auto store = store::open_store(qargs->db);
    fmt::print("{}: {} {} jobs cancelled\n", qargs->device_key, store->queue().cancel(qargs->device_key, qargs->failed_only),
               qargs->failed_only ? "failed" : "pending");
  });
});

}  // namespace
}  // namespace hwnas::cli::cmd_farm
