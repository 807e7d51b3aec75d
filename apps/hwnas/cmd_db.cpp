// hwnas db: look into a profile store and move measurements in and out as CSV (docs/store.md).
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_args.hpp"
#include "command.hpp"
#include "options.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/measure/compensation.hpp"
#include "hwnas/measure/drift_summary.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/csv_io.hpp"
#include "hwnas/store/record_json.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::cli::cmd_db {
namespace {


struct Args {
  std::string db;
  std::optional<std::string> device;
  std::optional<std::string> space;
  bool json = false;
  bool drift = false;
  std::string csv;
  std::string format = "hwnas";
  bool replace = false;
};

std::string ms_text(const std::optional<double>& seconds) { return seconds ? fmt::format("{:.3f}", *seconds * 1e3) : "-"; }

void list(const Args& args) {
  auto s = store::open_store(args.db);
  const auto devices = s->devices();
  const auto counts = s->counts();
  const auto runs = s->runs();
  if (args.json) {
    nlohmann::json out{{"devices", nlohmann::json::array()}, {"counts", nlohmann::json::array()}, {"runs", nlohmann::json::array()}};
    for (const auto& d : devices) out["devices"].push_back({{"key", d.key}, {"engine", d.engine}, {"settings", d.settings}, {"fingerprint", d.fingerprint}});
    for (const auto& c : counts) out["counts"].push_back({{"space", c.space}, {"device", c.device_key}, {"measurements", c.measurements}});
    out["reference_baselines"] = nlohmann::json::array();
    for (const auto& b : s->reference_baselines("")) {
      out["reference_baselines"].push_back({{"device", b.device_key}, {"space", b.space}, {"resolution", b.resolution},
                                            {"reference_hash", b.reference_hash}, {"baseline_s", b.baseline_s},
                                            {"runs", b.runs}, {"run_id", b.run_id ? nlohmann::json(*b.run_id) : nlohmann::json(nullptr)},
                                            {"measured_at", b.measured_at}});
    }
    for (const auto& r : runs) {
      out["runs"].push_back({{"id", r.id}, {"command", r.command}, {"started_at", r.started_at},
                             {"ended_at", r.ended_at ? nlohmann::json(*r.ended_at) : nlohmann::json(nullptr)},
                             {"status", store::to_string(r.status)}, {"hwnas_version", r.hwnas_version}});
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("devices ({}):\n", devices.size());
  for (const auto& d : devices) fmt::print("  {:<36} engine {:<14} {}\n", d.key, d.engine, d.settings.dump());
  fmt::print("measurements per space and device:\n");
  for (const auto& c : counts) fmt::print("  {:<36} {:<14} {:>8}\n", c.device_key, c.space, c.measurements);
  const auto baselines = s->reference_baselines("");
  if (!baselines.empty()) fmt::print("reference baselines of measure --compensate:\n");
  for (const auto& b : baselines) fmt::print("  {}: {}\n", b.device_key, measure::describe(b));
  fmt::print("runs ({}):\n", runs.size());
  for (const auto& r : runs) {
    fmt::print("  #{:<4} {:<11} {} .. {}  {}\n", r.id, store::to_string(r.status), r.started_at, r.ended_at.value_or("-"), r.command);
  }
}

void show(const Args& args) {
  auto s = store::open_store(args.db);
  std::vector<store::MeasurementRecord> rows;
  if (args.drift) {
    if (!args.device) throw InputError("hwnas db show --drift needs --device-key KEY (reference checks are per device)");
    rows = s->reference_checks(*args.device);
  } else {
    rows = s->measurements({.device_key = args.device, .space = args.space});
  }
  if (args.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : rows) out.push_back(store::measurement_json(s->find_architecture(m.arch_hash).value(), m));
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{:<30} {:<10} {:>10} {:>9} {:>7} {:>6} {:>8} {:<8} {:>9} {:>5}  {}\n", "device", "space", "median ms",
             "IQR ms", "CoV %", "runs", "CI +-%", "precise", "comp. ms", "r",
             args.drift ? "reference (check #, time)" : "architecture");
  for (const auto& m : rows) {
    const auto a = s->find_architecture(m.arch_hash).value();
    const std::string ci = m.ci_low_s && m.ci_high_s && m.median_s > 0
                               ? fmt::format("{:.2f}", 100.0 * std::max(m.median_s - *m.ci_low_s, *m.ci_high_s - m.median_s) / m.median_s)
                               : "-";
    const std::string what = args.drift ? fmt::format("{} #{} {}", a.text, m.repeat, m.measured_at) : a.text;
    fmt::print("{:<30} {:<10} {:>10} {:>9} {:>7} {:>6} {:>8} {:<8} {:>9} {:>5}  {}\n", m.device_key, a.space,
               ms_text(m.median_s), ms_text(m.iqr_s), m.cov ? fmt::format("{:.2f}", *m.cov * 100) : "-", m.runs, ci,
               m.precision_met ? (*m.precision_met ? "yes" : "no") : "-", ms_text(m.compensated_median_s),
               m.pair_correlation ? fmt::format("{:.2f}", *m.pair_correlation) : "-", what);
  }
  fmt::print("{} rows\n", rows.size());
  // The T_ref every compensated median above was scaled by.
  for (const auto& b : s->reference_baselines(args.device.value_or(""))) {
    if (!args.space || b.space == *args.space) fmt::print("{}: {}\n", b.device_key, measure::describe(b));
  }
  if (args.drift) {
    if (const auto drift = measure::summarize_drift(rows)) fmt::print("{}\n", measure::describe(*drift));
  }
}

// Spaces by name, loaded once: BlockProfile net_str blocks say which (mbconv3: MobileNetV3, mbconv2: ProxylessNAS).
class SpaceCache {
 public:
  explicit SpaceCache(std::optional<std::string> forced) : forced_(std::move(forced)) {}
  const space::Space& for_net_str(const std::string& net_str) {
    std::string name;
    if (forced_) name = *forced_;
    else if (net_str.find("mbconv3") != std::string::npos) name = "ofa-mbv3";
    else if (net_str.find("mbconv2") != std::string::npos) name = "proxyless";
    else throw InputError(fmt::format("cannot tell the design space of net_str '{}'; pass --space", net_str.substr(0, 60)));
    return get(name);
  }
  const space::Space& get(const std::string& name) {
    auto it = spaces_.find(name);
    if (it == spaces_.end()) it = spaces_.emplace(name, space::load_space(name)).first;
    return it->second;
  }

 private:
  std::optional<std::string> forced_;
  std::map<std::string, space::Space> spaces_;
};

void export_csv(const Args& args) {
  auto s = store::open_store(args.db);
  SpaceCache spaces(std::nullopt);
  const auto format = store::csv_format_from_string(args.format);
  const auto summary = store::export_csv(
      *s, args.csv, {.device_key = args.device, .space = args.space}, format,
      [&](const store::ArchRecord& a) -> std::optional<std::string> {
        if (a.encoding != "canonical" || (a.space != "ofa-mbv3" && a.space != "proxyless")) return std::nullopt;
        const auto& sp = spaces.get(a.space);
        return arch::to_net_str(sp, arch::parse_canonical(sp, a.text));
      });
  fmt::print("wrote {} rows to {}{}\n", summary.rows, args.csv,
             summary.skipped ? fmt::format(" ({} skipped: no net_str form)", summary.skipped) : "");
}

void import_csv(const Args& args, const std::string& command_line) {
  auto s = store::open_store(args.db);
  SpaceCache spaces(args.space);
  const std::int64_t run = s->begin_run(command_line);
  try {
    const auto summary = store::import_csv(
        *s, args.csv,
        [&](const std::string& net_str, int resolution) {
          const auto& sp = spaces.for_net_str(net_str);
          const auto a = arch::from_net_str(sp, net_str, resolution);
          return store::ArchRecord{sp.name, "canonical", arch::to_canonical(sp, a), arch::arch_hash(sp, a), a.resolution};
        },
        args.replace ? store::OnExisting::replace : store::OnExisting::keep, run);
    s->end_run(run, store::RunStatus::complete);
    fmt::print("{} rows ({} format): {} written, {} already stored and kept, {} new devices\n", summary.rows,
               summary.format == store::CsvFormat::hwnas ? "hwnas" : "blockprofile", summary.written,
               summary.kept_existing, summary.new_devices);
  } catch (...) {
    s->end_run(run, store::RunStatus::failed);
    throw;
  }
}

const CommandRegistration registration(25, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* db = app.add_subcommand("db", "Inspect a profile store; export and import measurements as CSV");
  db->require_subcommand(1);
  db->footer("The store format and CSV columns are in docs/store.md.\n"
             "Examples:\n  hwnas db list --db runs.db\n  hwnas db show --db runs.db --space ofa-mbv3\n"
             "  hwnas db export --db runs.db --csv latency.csv\n  hwnas db import --db runs.db --csv blockprofile_cpu.csv");

  auto* list_cmd = db->add_subcommand("list", "Devices, measurement counts per space and device, and runs");
  list_cmd->footer("Example:\n  hwnas db list --db sqlite:///data/profiles.db --json");
  list_cmd->add_option("--db", args->db, kStoreUrlHelp)->required();
  list_cmd->add_flag("--json", args->json, "print JSON: {devices, counts, runs}");
  list_cmd->callback([args] { list(*args); });

  auto* show_cmd = db->add_subcommand("show", "Stored measurements: median, IQR, CoV, runs, CI of the median");
  show_cmd->footer("Times in milliseconds; CI +-% is the half-width of the median's confidence interval.\n"
                   "--drift lists the reference-network checks of a device in the order taken (machine noise).\n"
                   "Examples:\n  hwnas db show --db runs.db --device-key cpu-torchscript-t1@lab3 --space ofa-mbv3\n"
                   "  hwnas db show --db runs.db --device-key cpu-torchscript-t1@lab3 --drift\n"
                   "  hwnas db show --db runs.db --json   # everything, raw run times included");
  show_cmd->add_option("--db", args->db, kStoreUrlHelp)->required();
  show_cmd->add_option("--device-key", args->device, "only this device key");
  refuse_renamed_option(show_cmd, "--device", "--device-key");
  show_cmd->add_option("--space", args->space, "only this design space");
  show_cmd->add_flag("--drift", args->drift, "show the reference checks of --device-key instead");
  show_cmd->add_flag("--json", args->json, "print JSON with every field and the raw run times");
  show_cmd->callback([args] { show(*args); });

  auto* export_cmd = db->add_subcommand("export", "Write measurements to CSV (hwnas columns or BlockProfile's format)");
  export_cmd->footer("hwnas format: header, then one row per architecture and device key, stats in ms as columns.\n"
                     "blockprofile format: net_id,net_str,device,resolution,lat unit,end-to-end lat (median, ms);\n"
                     "only ofa-mbv3 and proxyless architectures have a net_str.\n"
                     "Examples:\n  hwnas db export --db runs.db --csv all.csv\n"
                     "  hwnas db export --db runs.db --csv bp.csv --format blockprofile --device-key cpu-torchscript-t1@lab3");
  export_cmd->add_option("--db", args->db, kStoreUrlHelp)->required();
  export_cmd->add_option("--csv", args->csv, "CSV file to write (overwritten)")->required();
  export_cmd->add_option("--format", args->format, "hwnas (default) or blockprofile");
  export_cmd->add_option("--device-key", args->device, "only this device key");
  refuse_renamed_option(export_cmd, "--device", "--device-key");
  export_cmd->add_option("--space", args->space, "only this design space");
  export_cmd->callback([args] { export_csv(*args); });

  auto* import_cmd = db->add_subcommand("import", "Load measurements from CSV (hwnas or BlockProfile format, by header)");
  import_cmd->footer("BlockProfile rows: net_str is converted to canonical text of ofa-mbv3 (mbconv3_...) or proxyless\n"
                     "(mbconv2_...) unless --space says otherwise; the latency becomes the median, other stats empty.\n"
                     "Unknown device keys are registered with engine 'imported'. Rows already stored are kept unless --replace.\n"
                     "Examples:\n  hwnas db import --db runs.db --csv ofa_cpu_latency.csv\n"
                     "  hwnas db import --db runs.db --csv all.csv --replace");
  import_cmd->add_option("--db", args->db, kStoreUrlHelp)->required();
  import_cmd->add_option("--csv", args->csv, "CSV file to read")->required()->check(CLI::ExistingFile);
  import_cmd->add_option("--space", args->space, "design space of BlockProfile net_str rows (default: from the block names)");
  import_cmd->add_flag("--replace", args->replace, "overwrite measurements already stored");
  import_cmd->callback([args] {
    import_csv(*args, fmt::format("hwnas db import --db {} --csv {}{}{}", args->db, args->csv,
                                  args->space ? " --space " + *args->space : "", args->replace ? " --replace" : ""));
  });
});

}  // namespace
}  // namespace hwnas::cli::cmd_db
