// What the profile store holds (docs/store.md). Plain strings and numbers, so the store depends on
// no other part of hwnas; times are seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::store {

// One architecture of one design space. `hash` identifies it everywhere (arch::arch_hash for
// canonical text); `encoding` says how `text` is written: "canonical", "net_str" (BlockProfile) or
// "name" (a reference network).
struct ArchRecord {
  std::string space;
  std::string encoding = "canonical";
  std::string text;
  std::string hash;
  int resolution = 0;
  bool operator==(const ArchRecord&) const = default;
};

// A measuring setup: a stable key (e.g. "cpu-torchscript-t1@host") plus what defines it.
struct DeviceRecord {
  std::string key;
  std::string engine;
  nlohmann::json settings = nlohmann::json::object();     // threads, affinity, engine options
  nlohmann::json fingerprint = nlohmann::json::object();  // machine at registration
};

enum class RunStatus { running, complete, failed, interrupted };
std::string to_string(RunStatus status);
RunStatus run_status_from_string(const std::string& text);

struct RunRecord {
  std::int64_t id = 0;
  std::string command;
  std::string started_at;  // ISO 8601 UTC
  std::optional<std::string> ended_at;
  RunStatus status = RunStatus::running;
  std::string hwnas_version;
};

// One row of a benchmark tool's per-layer profile, mapped back to the IR layers it came from
// (several for a fused row like "u1.l2/conv3 + u1.l2/relu4"; none for the tool's own reformat
// or copy steps). `seconds` is the mean over the measurement's timed tool runs.
struct LayerLatencyRecord {
  std::string tool_layer;              // as the tool named it
  std::string layer_type;              // the tool's op type, when printed
  std::vector<std::string> ir_layers;  // graph::Layer names, e.g. "u2.l3"
  double seconds = 0;
  bool operator==(const LayerLatencyRecord&) const = default;
};

// Latency of one architecture on one device. Measured rows fill everything; imported rows (e.g.
// BlockProfile CSV) may carry only the median, the rest absent.
struct MeasurementRecord {
  std::string arch_hash;
  std::string device_key;
  std::optional<std::int64_t> run_id;
  std::string measured_at;  // ISO 8601 UTC; filled by the store when empty
  double median_s = 0;
  std::optional<double> mean_s, min_s, max_s, p10_s, p25_s, p75_s, p90_s, iqr_s, cov;
  std::optional<double> ci_low_s, ci_high_s, ci_level;
  std::int64_t runs = 0;  // timed runs behind the stats (0 when imported without them)
  std::optional<std::int64_t> warmup_runs;
  std::optional<bool> precision_met;
  std::optional<std::string> stop_reason;
  std::vector<double> run_times_s;                       // raw timed runs, in order
  nlohmann::json protocol = nlohmann::json::object();     // protocol settings or import provenance
  nlohmann::json fingerprint = nlohmann::json::object();  // environment at measurement time
  std::int64_t repeat = 0;  // 0 for ordinary rows; 1, 2, ... for reference checks (drift)
  // Drift-compensated (measure --compensate): median(t_net / t_ref) x T_ref, the interval of that
  // median ratio scaled by T_ref, Pearson's r of the paired runs, and the reference's run after
  // each of run_times_s. Absent for plain and imported-without rows and for stores before them.
  std::optional<double> compensated_median_s, compensated_ci_low_s, compensated_ci_high_s, pair_correlation;
  std::vector<double> reference_times_s;

  // An external benchmark tool's own summary per timed run ({"tool", "statistic", "unit", "runs"});
  // empty for in-process engines.
  nlohmann::json tool_stats = nlohmann::json::object();
  std::vector<LayerLatencyRecord> layers;  // per-layer profile, when the tool printed one

  // What latency:<device key> reads: the compensated median where there is one, else the median.
  double latency_s() const { return compensated_median_s.value_or(median_s); }
};

// T_ref of measure --compensate: the reference network of one (device key, space, resolution) and
// its median, measured once with the plain protocol at the first compensated measurement there.
// Every later compensated measurement there scales its median ratio by this same number.
struct ReferenceBaseline {
  std::string device_key;
  std::string space;
  int resolution = 0;
  std::string reference_hash;  // an architecture of `space` (stored like any other)
  double baseline_s = 0;
  std::optional<double> ci_low_s, ci_high_s;
  std::int64_t runs = 0;
  std::optional<std::int64_t> run_id;
  std::string measured_at;  // filled by the store when empty
};

// Any other number about an architecture: "accuracy:sn1", "latency:sim:midap", ...
struct MetricRecord {
  std::string arch_hash;
  std::string source;
  double value = 0;
  nlohmann::json provenance = nlohmann::json::object();
  std::optional<std::int64_t> run_id;
  std::string recorded_at;  // filled by the store when empty
};

// What a write does when the row exists already.
enum class OnExisting {
  keep,     // leave the stored row, report `false`
  replace,  // overwrite it in the same transaction
};

struct MeasurementFilter {
  std::optional<std::string> device_key;
  std::optional<std::string> space;
  bool include_reference = false;  // reference checks (repeat > 0) too
};

struct CountRow {
  std::string space;
  std::string device_key;
  std::int64_t measurements = 0;
};

// Reserved space of reference networks (ReferenceMonitor); no design space can have this name.
inline constexpr const char* kReferenceSpace = "@reference";

}  // namespace hwnas::store
