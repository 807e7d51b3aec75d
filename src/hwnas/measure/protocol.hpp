// The measurement protocol (docs/measurement.md): batch 1, warm-up by count and by
// time, then timed runs until the confidence interval of the median is narrow enough or a budget is
// spent. Engine-independent: it only needs a callable that runs the network once and returns the
// wall seconds of that run, so engines time exactly the inference and nothing else.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/measure/run_stats.hpp"

namespace hwnas::measure {

// Runs the network once (batch 1) and returns its wall time in seconds.
using RunOnce = std::function<double()>;

struct ProtocolOptions {
  std::size_t warmup_runs = 10;      // at least this many warm-up runs ...
  double warmup_seconds = 0.2;       // ... and at least this much time spent warming up
  std::size_t min_runs = 20;         // timed runs before the stop rule is tried
  std::size_t max_runs = 1000;       // budget: stop here even if imprecise
  double max_seconds = 30.0;         // budget on the timed phase's wall time
  double target_relative_ci = 0.01;  // stop when the median's CI half-width <= 1% of the median
  double confidence = 0.95;
  // Interleave every timed run with one of a reference network (ABAB...) so that drift common to
  // both cancels in t_net / t_ref (run_paired_protocol). Part of the setup, so it travels with it.
  bool compensate = false;

  ProtocolOptions& with_warmup(std::size_t runs, double seconds);
  ProtocolOptions& with_runs(std::size_t min, std::size_t max);
  ProtocolOptions& with_max_seconds(double seconds);
  ProtocolOptions& with_target(double relative_ci, double confidence_level = 0.95);
  ProtocolOptions& with_compensation(bool on);

  // Throws InputError naming the bad option (e.g. min_runs > max_runs).
  void validate() const;
  nlohmann::json to_json() const;
  // The inverse of to_json; absent fields keep their defaults.
  static ProtocolOptions from_json(const nlohmann::json& json);
};

enum class StopReason { precision_met, max_runs, max_seconds };
std::string to_string(StopReason reason);

struct Measurement {
  RunStats stats;                  // over the timed runs only
  std::vector<double> run_times;   // timed runs in the order they ran, seconds
  std::size_t warmup_runs = 0;     // warm-up runs done (excluded from stats)
  double warmup_seconds = 0;       // their summed run time
  bool precision_met = false;
  StopReason stop_reason = StopReason::max_runs;
  double wall_seconds = 0;         // whole protocol, warm-up and bookkeeping included
};

// A network timed alternately with a reference (--compensate): the network's own runs, summarised
// exactly as run_protocol would, plus the reference run that followed each of them.
struct PairedMeasurement {
  Measurement network;                  // raw: the network's timed runs only
  std::vector<double> reference_times;  // reference_times[i] ran right after network.run_times[i]
  RunStats ratio;                       // of t_net / t_ref per pair; the stop rule watches its CI
  double correlation = 0;               // Pearson's r of (t_net, t_ref) over the pairs; 0 when undefined
};

// Runs the protocol. A run returning a negative or non-finite time is a broken engine: throws
// std::runtime_error. Exceptions from run_once propagate unchanged.
Measurement run_protocol(const RunOnce& run_once, const ProtocolOptions& options = {});
// The same rules over pairs: warm-up alternates both networks, then each timed step runs the network
// and then the reference; it stops when the CI of median(t_net / t_ref) meets the target or a budget
// (max_runs counts pairs) is spent. network.precision_met and stop_reason are the pairs'.
PairedMeasurement run_paired_protocol(const RunOnce& network, const RunOnce& reference, const ProtocolOptions& options = {});

// Pearson's correlation of two equally long samples; 0 when either is constant or n < 2.
double correlation(std::span<const double> x, std::span<const double> y);

}  // namespace hwnas::measure
