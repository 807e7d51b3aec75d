// hwnas predictor: train latency predictors from the store, evaluate them on networks they never
// saw, learning curves against training-set size, and the noise floor (docs/predictors.md).
#include <chrono>
#include <filesystem>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "options.hpp"
#include "hwnas/predict/kind_options.hpp"
#include "hwnas/predict/training.hpp"

namespace hwnas::cli::cmd_predictor {
namespace {

namespace fs = std::filesystem;

struct Args {
  std::vector<std::string> kinds;
  std::string space;
  std::string device;
  std::string target;
  std::string db;
  std::string out;
  std::size_t holdout = 0;
  std::size_t train_limit = 0;
  std::uint64_t seed = 0;
  std::optional<double> max_drift;
  std::vector<std::string> options;
  std::string from;
  std::string noise_device;
  std::vector<std::string> models;
  bool all = false;
  std::vector<std::size_t> sizes{50, 100, 300, 1000};
  bool json = false;
};

std::string target_of(const Args& a) {
  if (!a.target.empty()) return a.target;
  if (a.device.empty()) throw InputError("give --device-key KEY (latency on that device) or --target METRIC");
  return "latency:" + a.device;
}

// `unit`: the predictor's (ms for latency, % for accuracy).
void print_worst(const predict::Evaluation& e, const std::string& unit) {
  fmt::print("  worst: ");
  for (const auto& w : e.worst) {
    fmt::print("{} {:.2f} vs {:.2f}{}{} ({:+.1f}%)  ", w.hash, w.predicted, w.actual, unit.empty() ? "" : " ", unit,
               100 * w.relative_error);
  }
  fmt::print("\n");
}

void print_noise(const Args& a, const space::Space& s, nlohmann::json& out) {
  if (a.noise_device.empty()) return;
  auto store = store::open_store(a.db);
  const auto e = predict::noise_floor(*store, s, a.device, a.noise_device, a.max_drift.value_or(0));
  out["noise_floor"] = e.to_json();
  if (!a.json) fmt::print("{}\n", predict::evaluation_row("noise floor", e));
}

void train(const Args& a) {
  const space::Space s = space::load_space(a.space);
  if (a.kinds.size() > 1) fs::create_directories(a.out);
  nlohmann::json out = nlohmann::json::object();
  std::vector<std::pair<std::string, predict::Evaluation>> rows;
  std::string unit;
  for (const auto& kind : a.kinds) {
    predict::find_kind(kind);
    const fs::path file = a.kinds.size() > 1 ? fs::path(a.out) / (kind + ".json") : fs::path(a.out);
    nlohmann::json options = predict::parse_kind_options(a.options);
    if (!a.from.empty()) options["from"] = a.from;
    predict::TrainRequest request{kind, target_of(a), a.db, a.holdout, a.train_limit, a.seed, a.max_drift.value_or(0),
                                  options, a.json};
    const auto started = std::chrono::steady_clock::now();
    auto result = predict::train_predictor(s, request);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.predictor->provenance().metrics["train_seconds"] = seconds;
    result.predictor->save(file);
    out[kind] = result.predictor->provenance().metrics;
    out[kind]["file"] = file.string();
    if (!a.json) {
      fmt::print(stderr, "{}: trained on {} networks in {:.1f} s -> {}\n", kind, result.train_count, seconds, file.string());
    }
    rows.emplace_back(kind, result.test ? *result.test : result.train);
    unit = result.predictor->provenance().unit;
  }
  if (!a.json) {
    fmt::print("\n{} on {}, {} ({})\n{}\n", target_of(a), s.name, a.holdout > 0 ? "held-out networks" : "training networks",
               a.holdout > 0 ? fmt::format("{} never trained on", rows.front().second.count) : "no hold-out", predict::evaluation_header());
    for (const auto& [kind, e] : rows) fmt::print("{}\n", predict::evaluation_row(kind, e));
  }
  print_noise(a, s, out);
  if (!a.json && rows.size() == 1) print_worst(rows.front().second, unit);
  if (a.json) fmt::print("{}\n", out.dump(2));
}

void eval(const Args& a) {
  const space::Space s = space::load_space(a.space);
  auto store = store::open_store(a.db);
  nlohmann::json out = nlohmann::json::object();
  if (!a.json) fmt::print("{}\n", predict::evaluation_header());
  for (const auto& file : a.models) {
    auto predictor = predict::load_predictor(file, s);
    const auto& p = predictor->provenance();
    if (!a.device.empty()) predict::check_device(*predictor, a.device, file);
    const double max_drift = a.max_drift.value_or(p.split.value("max_drift", 0.0));
    const auto samples =
        predict::scoring_samples(p, predict::load_samples(*store, s, p.target, max_drift), a.db, a.all, file);
    const auto e = predict::evaluate_on(*predictor, samples);
    out[file] = e.to_json();
    if (!a.json) {
      fmt::print("{}\n", predict::evaluation_row(p.kind, e));
      print_worst(e, p.unit);
    }
  }
  if (!a.noise_device.empty() && a.device.empty()) throw InputError("--noise-device-key needs --device-key");
  print_noise(a, s, out);
  if (a.json) fmt::print("{}\n", out.dump(2));
}

void curve(const Args& a) {
  const space::Space s = space::load_space(a.space);
  if (a.holdout == 0) throw InputError("a learning curve needs held-out networks: give --holdout N");
  auto store = store::open_store(a.db);
  const auto samples = predict::load_samples(*store, s, target_of(a), a.max_drift.value_or(0));
  const auto split = predict::split_holdout(samples, a.holdout, a.seed);
  const std::string key = predict::target_device_key(target_of(a));
  const auto device = key.empty() ? std::nullopt : store->find_device(key);
  nlohmann::json out = nlohmann::json::array();
  if (!a.json) fmt::print("{} train networks available, {} held out\n{:<7}{}\n", split.train.size(), split.test.size(), "train",
                          predict::evaluation_header());
  for (const auto& kind : a.kinds) {
    for (const std::size_t n : a.sizes) {
      if (n > split.train.size()) {
        if (!a.json) fmt::print("{:<7}{} (only {} available)\n", n, kind, split.train.size());
        continue;
      }
      const std::vector<predict::Sample> train(split.train.begin(), split.train.begin() + static_cast<std::ptrdiff_t>(n));
      predict::TrainRequest request{kind, target_of(a), a.db, a.holdout, n, a.seed, a.max_drift.value_or(0),
                                    predict::parse_kind_options(a.options), true};
      const auto r = predict::train_on_split(s, request, train, split.test, device ? &*device : nullptr);
      out.push_back({{"kind", kind}, {"train", n}, {"held_out", r.test->to_json()}});
      if (!a.json) fmt::print("{:<7}{}\n", n, predict::evaluation_row(kind, *r.test));
    }
  }
  if (a.json) fmt::print("{}\n", out.dump(2));
}

void noise(const Args& a) {
  const space::Space s = space::load_space(a.space);
  nlohmann::json out = nlohmann::json::object();
  if (!a.json) fmt::print("{} vs {}\n{}\n", a.device, a.noise_device, predict::evaluation_header());
  print_noise(a, s, out);
  if (a.json) fmt::print("{}\n", out.dump(2));
}

std::string kinds_help() {
  std::string h;
  for (const auto& k : predict::predictor_kinds()) h += fmt::format("\n  {:<6} {}", k.name, k.summary);
  return h;
}

const CommandRegistration registration(45, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("predictor", "Train and evaluate latency predictors on measured networks");
  cmd->require_subcommand(1);
  cmd->footer("Kinds:" + kinds_help() + "\nFile formats, metrics and the experiment: docs/predictors.md.");

  const auto common = [&](CLI::App* c) {
    add_space_option(c, args->space)->required();
    c->add_option("--db", args->db, "store URL with the measurements")->required();
    c->add_option("--device-key", args->device, "device key whose latency to predict (target latency:<KEY>)");
    refuse_renamed_option(c, "--device", "--device-key");
    add_json_flag(c, args->json);
    c->add_option("--max-drift", args->max_drift,
                  "keep only latencies whose surrounding reference checks are within this fraction of the fastest "
                  "(e.g. 0.1; eval defaults to the predictor file's)");
  };
  const auto noise_floor = [&](CLI::App* c) {
    c->add_option("--noise-device-key", args->noise_device, "a repeat measurement's device key: print the noise floor");
    refuse_renamed_option(c, "--noise-device", "--noise-device-key");
  };
  const auto training = [&](CLI::App* c) {
    c->add_option("--kind", args->kinds, "predictor kind(s), comma separated")->required()->delimiter(',');
    c->add_option("--target", args->target,
                  "training target: a stored metric (default latency:<device>; latency-min:<key>,<key> = lowest of sessions)");
    add_seed_option(c, args->seed, "seed of the held-out split");
    c->add_option("--option", args->options, "kind option key=value (e.g. epochs=100 hidden=512 rounds=600)");
  };

  auto* train_cmd = cmd->add_subcommand("train", "Train predictor(s); print their evaluation table");
  common(train_cmd);
  training(train_cmd);
  train_cmd->add_option("--out", args->out, "predictor file (one kind) or directory (several: <dir>/<kind>.json)")->required();
  train_cmd->add_option("--holdout", args->holdout, "networks held out for testing, never trained on")->capture_default_str();
  train_cmd->add_option("--train-limit", args->train_limit, "train on at most N networks (default: all the rest)");
  train_cmd->add_option("--from", args->from, "lut: engine (layers measured alone, default) | layers (stored per-layer "
                        "times of a profiling benchmark tool)")->check(CLI::IsMember({"engine", "layers"}));
  noise_floor(train_cmd);
  train_cmd->footer("Example:\n  hwnas predictor train --kind lut,ridge,gru,xgb,macs --space ofa-mbv3 --device-key cpu-opencv-t1@vm \\\n"
                    "    --db /work/data/opencv.db --holdout 300 --train-limit 1000 --out models/");
  train_cmd->callback([args] { train(*args); });

  auto* eval_cmd = cmd->add_subcommand("eval", "Score predictor files on held-out networks or a second store");
  common(eval_cmd);
  eval_cmd->add_option("--model", args->models, "predictor file(s)")->required();
  eval_cmd->add_flag("--all", args->all, "on the training store, score every network (not only the held-out ones)");
  noise_floor(eval_cmd);
  eval_cmd->callback([args] { eval(*args); });

  auto* curve_cmd = cmd->add_subcommand("curve", "Held-out accuracy against training-set size");
  common(curve_cmd);
  training(curve_cmd);
  curve_cmd->add_option("--holdout", args->holdout, "held-out networks (the same for every size)")->required();
  curve_cmd->add_option("--sizes", args->sizes, "training-set sizes")->delimiter(',')->capture_default_str();
  curve_cmd->callback([args] { curve(*args); });

  auto* noise_cmd = cmd->add_subcommand("noise", "Noise floor: a repeat measurement scored as if it were a predictor");
  common(noise_cmd);
  noise_cmd->add_option("--repeat-device-key", args->noise_device, "device key of the repeat measurement")->required();
  refuse_renamed_option(noise_cmd, "--repeat-device", "--repeat-device-key");
  noise_cmd->callback([args] {
    if (args->device.empty()) throw InputError("give --device-key KEY");
    noise(*args);
  });
});

}  // namespace
}  // namespace hwnas::cli::cmd_predictor
