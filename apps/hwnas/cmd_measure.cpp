// hwnas measure: real latency of architectures on an engine, into the store, resumable.
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/affinity.hpp"
#include "hwnas/measure/compensation.hpp"
#include "hwnas/measure/drift_summary.hpp"
#include "hwnas/measure/latency_measurer.hpp"

namespace hwnas::cli::cmd_measure {
namespace {

struct Args {
  std::string space;
  std::string engine = std::string(engine::kDefaultEngine);
  engine::EngineOptions engine_options;
  int threads = 1;
  ArchListArgs list;
  std::string db;
  std::string device_key;
  std::string pin;
  double target = 0.01;
  std::size_t min_runs = 20;
  std::size_t max_runs = 1000;
  double max_seconds = 30;
  std::size_t warmup = 10;
  std::size_t reference_every = 25;
  std::string timing = "wall";
  bool compensate = false;
  std::string reference;
  bool json = false;
  std::vector<std::string> argv;
};

void run(const Args& args) {
  const space::Space s = space::load_space(args.space);
  if (args.list.resolution && !s.has_resolution(*args.list.resolution)) {
    throw InputError(fmt::format("--resolution {} is not in space '{}' (allowed: {})", *args.list.resolution, s.name,
                                 fmt::join(s.resolutions, ", ")));
  }
  const std::vector<arch::Architecture> archs = read_arch_list(s, args.list);

  measure::MeasureJob job;
  job.engine = args.engine;
  job.engine_options = args.engine_options;
  job.threads = args.threads;
  if (!args.pin.empty()) job.cores = measure::parse_core_list(args.pin);
  job.protocol.with_warmup(args.warmup, 0.2).with_runs(args.min_runs, args.max_runs).with_max_seconds(args.max_seconds)
      .with_target(args.target).with_compensation(args.compensate);
  if (!args.reference.empty()) {
    if (!args.compensate) throw InputError("--reference names the network --compensate interleaves; give --compensate too");
    job.reference = parse_arch_arg(s, args.reference, std::nullopt);
  }
  job.reference_every = args.reference_every;
  job.device_key = args.device_key;
  job.thread_cpu_time = args.timing == "thread-cpu";

  auto store = store::open_store(args.db);
  measure::LatencyMeasurer measurer(*store, job, fmt::format("{}", fmt::join(args.argv, " ")));
  measurer.monitor_reference(s);
  ProgressLine progress("measure " + measurer.device_key(), archs.size());
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const auto m = measurer.measure(s, archs[i]);
    progress.update(i + 1, m ? fmt::format("last median {:.3f} ms ({} runs)", m->stats.median * 1e3, m->stats.runs)
                             : std::string("already stored, skipped"));
  }
  measurer.finish(store::RunStatus::complete);

  // The summary reads back from the store, so resumed and fresh rows look the same.
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& a : archs) {
    const auto rec = measure::arch_record(s, a);
    const auto m = store->find_measurement(rec.hash, measurer.device_key());
    if (!m) continue;
    const auto c = cost::count_total(graph::build(s, a));
    rows.push_back({{"arch", rec.text}, {"hash", rec.hash}, {"macs", c.macs}, {"median_ms", m->median_s * 1e3},
                    {"iqr_ms", m->iqr_s.value_or(0) * 1e3}, {"cov", m->cov.value_or(0)}, {"runs", m->runs},
                    {"precision_met", m->precision_met.value_or(false)}});
    if (m->compensated_median_s) {
      rows.back()["compensated_median_ms"] = *m->compensated_median_s * 1e3;
      rows.back()["pair_correlation"] = m->pair_correlation.value_or(0);
    }
  }
  // This run's reference checks: how far apart its measurements may be.
  std::vector<store::MeasurementRecord> checks;
  for (auto& c : store->reference_checks(measurer.device_key())) {
    if (c.run_id && c.run_id == measurer.session().run_id()) checks.push_back(std::move(c));
  }
  const auto drift = measure::summarize_drift(checks);
  if (args.json) {
    nlohmann::json summary{{"device_key", measurer.device_key()}, {"measured", measurer.measured()},
                           {"skipped", measurer.skipped()},
                           {"protocol_seconds", measurer.session().protocol_seconds()},
                           {"own_seconds", measurer.session().own_seconds()}, {"rows", rows}};
    if (drift) {
      summary["reference_checks"] = {{"checks", drift->checks}, {"median_s", drift->median_s},
                                     {"worst_relative_deviation", drift->worst}, {"within_target", drift->within_target},
                                     {"target", drift->target}, {"widest_check_ci", drift->widest_ci}};
    }
    fmt::print("{}\n", summary.dump(2));
    return;
  }
  fmt::print("\n{:<18} {:>10} {:>11} {:>9} {:>7} {:>6} {:>4} {:>9} {:>6}  {}\n", "hash", "MMACs", "median ms", "IQR ms",
             "CoV %", "runs", "1%", "comp. ms", "r", "architecture");
  for (const auto& r : rows) {
    std::string text = r["arch"].get<std::string>();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    const bool comp = r.contains("compensated_median_ms");
    fmt::print("{:<18} {:>10.1f} {:>11.3f} {:>9.3f} {:>7.2f} {:>6} {:>4} {:>9} {:>6}  {}\n", r["hash"].get<std::string>(),
               r["macs"].get<double>() / 1e6, r["median_ms"].get<double>(), r["iqr_ms"].get<double>(),
               100 * r["cov"].get<double>(), r["runs"].get<std::int64_t>(), r["precision_met"].get<bool>() ? "yes" : "no",
               comp ? fmt::format("{:.3f}", r["compensated_median_ms"].get<double>()) : "-",
               comp ? fmt::format("{:.2f}", r["pair_correlation"].get<double>()) : "-", text);
  }
  fmt::print("\n{}: {} measured, {} already stored ({:.1f} s) -> {}\n", measurer.device_key(), measurer.measured(),
             measurer.skipped(), progress.elapsed_seconds(), args.db);
  if (const auto n = measurer.measured(); n > 0) {
    const auto& session = measurer.session();
    fmt::print("per measured network: {:.0f} ms running it (warm-up and timed runs), {:.0f} ms of hwnas's own "
               "(export, engine build, store): {:.0f} %\n",
               1e3 * session.protocol_seconds() / static_cast<double>(n), 1e3 * session.own_seconds() / static_cast<double>(n),
               100 * session.own_seconds() / session.protocol_seconds());
  }
  for (const auto& b : store->reference_baselines(measurer.device_key())) {
    if (b.space == s.name) fmt::print("compensated against {}\n", measure::describe(b));
  }
  if (drift) {
    fmt::print("this run's {} (between measurements, that is the precision to expect here)\n", measure::describe(*drift));
  }
}

const CommandRegistration registration(20, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("measure", "Measure real latency of architectures on an engine into the store");
  cmd->footer(
      "Each network gets seeded weights, is built once in the engine, warmed up, then timed (batch 1)\n"
      "until the 95% CI of the median is within --target of it or a budget ends (docs/measurement.md).\n"
      "Every network is committed on its own: kill it any time, run the same command again and it\n"
      "resumes, skipping what the store has for this device key. A reference network is re-measured\n"
      "every --reference-every networks to expose machine drift (`hwnas db show --drift`); --compensate\n"
      "cancels drift instead, by timing each network alternately with a reference.\n"
      "Examples:\n  hwnas measure --space ofa-mbv3 -n 30 --resolution 224 --db sqlite://runs.db\n"
      "  hwnas measure --space ofa-mbv3 --engine opencv --threads 2 --sample ulb -n 540 --db runs.db\n"
      "  hwnas measure --space ofa-mbv3 --archs archs.txt --engine 'command:./bench.sh {onnx} {threads}' --db runs.db\n"
      "  hwnas measure --space ofa-mbv3 -n 10 --engine ort --db runs.db   (ONNX Runtime on this CPU)");
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_option("--engine", args->engine,
                  "torchscript (default) | mobile | opencv | torch | command:<template with {onnx} {torchscript} {threads}> "
                  "| a preset of `hwnas engines` (trtexec, tflite-adb, openvino, ort-perf, pytorch-mobile-adb, ort) or its "
                  "YAML file");
  cmd->add_option("--parser", args->engine_options.parser,
                  "how a command's output is read: auto (default) | trtexec | tflite | openvino | ort-perf | "
                  "pytorch-mobile | latency");
  cmd->add_option("--adb-serial", args->engine_options.adb_serial, "the phone adb presets talk to (adb -s SERIAL)");
  cmd->add_option("--threads", args->threads, "engine threads")->check(CLI::Range(1, 1024));
  cmd->add_option("-n,--count", args->list.count, "how many architectures to sample")->check(CLI::Range(1, 10000000));
  cmd->add_option("--archs", args->list.archs_file, "file with one architecture per line (any --arch encoding)");
  cmd->add_option("--sample", args->list.sample, "uniform (A) | ulb (A_{u,l,b}, round robin over cells)")
      ->check(CLI::IsMember({"uniform", "ulb"}));
  cmd->add_option("--depth-rule", args->list.depth_rule, kDepthRuleHelp)->check(CLI::IsMember({"uniform", "clamp"}));
  cmd->add_option("--seed", args->list.seed, "sampling seed (re-running with the same seed resumes)");
  cmd->add_option("--resolution", args->list.resolution, "input resolution (default: uniform over the space's)");
  cmd->add_option("--db", args->db, kStoreUrlHelp)->required();
  cmd->add_option("--device-key", args->device_key, "device key (default cpu-<engine>-t<threads>@<host>)");
  cmd->add_option("--pin", args->pin, "pin the measuring thread to cores, e.g. 0 or 0,2-3");
  cmd->add_option("--target", args->target, "relative CI half-width of the median to stop at (default 0.01)");
  cmd->add_option("--min-runs", args->min_runs, "timed runs before the stop rule is tried (default 20)");
  cmd->add_option("--max-runs", args->max_runs, "timed-run budget per network (default 1000)");
  cmd->add_option("--max-seconds", args->max_seconds, "timed-phase budget per network, seconds (default 30)");
  cmd->add_option("--warmup", args->warmup, "warm-up runs (at least 0.2 s of them too; default 10)");
  cmd->add_option("--reference-every", args->reference_every, "drift check every N networks, 0 = off (default 25)");
  cmd->add_option("--timing", args->timing,
                  "wall (default) | thread-cpu: the measuring thread's CPU time, robust to other jobs on the core "
                  "(--threads 1 in-process engines; give it its own --device-key)")
      ->check(CLI::IsMember({"wall", "thread-cpu"}));
  cmd->add_flag("--compensate", args->compensate,
                "alternate every timed run with a reference network's and store median(t_net/t_ref) x T_ref too "
                "(drift compensation, docs/measurement.md); a setup of its own: give it its own --device-key");
  cmd->add_option("--reference", args->reference,
                  "with --compensate: the reference network (any --arch encoding; default: the space's typical-footprint one)");
  cmd->add_flag("--json", args->json, "print the summary as JSON");
  cmd->callback([args, cmd] {
    args->argv = {"hwnas", "measure"};
    for (const auto& r : cmd->get_options()) {
      for (const auto& v : r->results()) args->argv.push_back(r->get_name() + "=" + v);
    }
    run(*args);
  });
});

}  // namespace
}  // namespace hwnas::cli::cmd_measure
