#include "hwnas/measure/protocol.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::measure {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double checked_run(const RunOnce& run_once) {
  const double t = run_once();
  if (!std::isfinite(t) || t < 0) {
    throw std::runtime_error(fmt::format("measurement: a run reported {} seconds; an engine must return a finite time >= 0", t));
  }
  return t;
}

}  // namespace

ProtocolOptions& ProtocolOptions::with_warmup(std::size_t runs, double seconds) {
  warmup_runs = runs;
  warmup_seconds = seconds;
  return *this;
}
ProtocolOptions& ProtocolOptions::with_runs(std::size_t min, std::size_t max) {
  min_runs = min;
  max_runs = max;
  return *this;
}
ProtocolOptions& ProtocolOptions::with_max_seconds(double seconds) {
  max_seconds = seconds;
  return *this;
}
ProtocolOptions& ProtocolOptions::with_compensation(bool on) {
  compensate = on;
  return *this;
}
ProtocolOptions& ProtocolOptions::with_target(double relative_ci, double confidence_level) {
  target_relative_ci = relative_ci;
  confidence = confidence_level;
  return *this;
}

void ProtocolOptions::validate() const {
  if (min_runs < 1) throw InputError("measurement protocol: min_runs must be >= 1, got 0");
  if (max_runs < min_runs) {
    throw InputError(fmt::format("measurement protocol: max_runs ({}) must be >= min_runs ({})", max_runs, min_runs));
  }
  if (!(warmup_seconds >= 0)) throw InputError(fmt::format("measurement protocol: warmup_seconds must be >= 0, got {}", warmup_seconds));
  if (!(max_seconds > 0)) throw InputError(fmt::format("measurement protocol: max_seconds must be > 0, got {}", max_seconds));
  if (!(target_relative_ci > 0)) {
    throw InputError(fmt::format("measurement protocol: target_relative_ci must be > 0, got {}", target_relative_ci));
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw InputError(fmt::format("measurement protocol: confidence must be in (0, 1), got {}", confidence));
  }
}

nlohmann::json ProtocolOptions::to_json() const {
  nlohmann::json json{{"batch", 1},
          {"warmup_runs", warmup_runs},
          {"warmup_seconds", warmup_seconds},
          {"min_runs", min_runs},
          {"max_runs", max_runs},
          {"max_seconds", max_seconds},
          {"target_relative_ci", target_relative_ci},
          {"confidence", confidence},
          {"ci_method", "order-statistic (binomial) CI of the median"}};
  // Only when on: the settings of devices registered before the option existed stay identical.
  if (compensate) json["compensate"] = true;
  return json;
}

ProtocolOptions ProtocolOptions::from_json(const nlohmann::json& json) {
  ProtocolOptions o;
  o.warmup_runs = json.value("warmup_runs", o.warmup_runs);
  o.warmup_seconds = json.value("warmup_seconds", o.warmup_seconds);
  o.min_runs = json.value("min_runs", o.min_runs);
  o.max_runs = json.value("max_runs", o.max_runs);
  o.max_seconds = json.value("max_seconds", o.max_seconds);
  o.target_relative_ci = json.value("target_relative_ci", o.target_relative_ci);
  o.confidence = json.value("confidence", o.confidence);
  o.compensate = json.value("compensate", false);
  return o;
}

std::string to_string(StopReason reason) {
  switch (reason) {
    case StopReason::precision_met: return "precision_met";
    case StopReason::max_runs: return "max_runs";
    case StopReason::max_seconds: return "max_seconds";
  }
  return "unknown";
}

namespace {

// The protocol's loop. warm() does one warm-up step and returns the run time it spent; sample()
// does one timed step and returns the value the stop rule watches (a run time, or a ratio).
Measurement run_rule(const std::function<double()>& warm, const std::function<double()>& sample,
                     const ProtocolOptions& options) {
  options.validate();
  Measurement m;
  const auto start = Clock::now();
  // Warm-up: the first inferences pay for allocation, JIT and cold caches; both a
  // count and a time floor, since a fast network needs many runs to reach steady state.
  while (m.warmup_runs < options.warmup_runs || seconds_since(start) < options.warmup_seconds) {
    m.warmup_seconds += warm();
    ++m.warmup_runs;
  }
  const auto timed_start = Clock::now();
  // A sorted copy kept by insertion (O(n) moves) so each stop check is O(1) lookups plus the
  // binomial ranks, not a sort per run.
  std::vector<double> sorted;
  m.run_times.reserve(std::min<std::size_t>(options.max_runs, 4096));
  sorted.reserve(m.run_times.capacity());
  while (true) {
    const double t = sample();
    m.run_times.push_back(t);
    sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), t), t);
    const std::size_t n = sorted.size();
    if (n >= options.min_runs) {
      const MedianCiRanks ranks = median_ci_ranks(n, options.confidence);
      if (ranks.lower > 0) {
        const double median = quantile_sorted(sorted, 0.5);
        const double halfwidth = std::max(median - sorted[ranks.lower - 1], sorted[ranks.upper - 1] - median);
        if (median > 0 && halfwidth <= options.target_relative_ci * median) {
          m.precision_met = true;
          m.stop_reason = StopReason::precision_met;
          break;
        }
      }
    }
    if (n >= options.max_runs) {
      m.stop_reason = StopReason::max_runs;
      break;
    }
    if (seconds_since(timed_start) >= options.max_seconds) {
      m.stop_reason = StopReason::max_seconds;
      break;
    }
  }
  m.stats = summarize_sorted(sorted, options.confidence);
  m.wall_seconds = seconds_since(start);
  return m;
}

}  // namespace

Measurement run_protocol(const RunOnce& run_once, const ProtocolOptions& options) {
  const auto once = [&] { return checked_run(run_once); };
  return run_rule(once, once, options);
}

PairedMeasurement run_paired_protocol(const RunOnce& network, const RunOnce& reference, const ProtocolOptions& options) {
  PairedMeasurement p;
  std::vector<double> net_times;
  const Measurement ratios = run_rule([&] { return checked_run(network) + checked_run(reference); },
                                      [&] {
                                        const double t_net = checked_run(network);
                                        const double t_ref = checked_run(reference);
                                        if (!(t_ref > 0)) {
                                          throw std::runtime_error("measurement: the reference run reported 0 seconds; "
                                                                   "a ratio to it is undefined");
                                        }
                                        net_times.push_back(t_net);
                                        p.reference_times.push_back(t_ref);
                                        return t_net / t_ref;
                                      },
                                      options);
  p.ratio = ratios.stats;
  p.network = ratios;
  p.network.run_times = net_times;
  std::sort(net_times.begin(), net_times.end());
  p.network.stats = summarize_sorted(net_times, options.confidence);
  p.correlation = correlation(p.network.run_times, p.reference_times);
  return p;
}

double correlation(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("correlation of samples of different sizes");
  const std::size_t n = x.size();
  if (n < 2) return 0;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

}  // namespace hwnas::measure
