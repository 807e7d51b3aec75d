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
  return {{"batch", 1},
          {"warmup_runs", warmup_runs},
          {"warmup_seconds", warmup_seconds},
          {"min_runs", min_runs},
          {"max_runs", max_runs},
          {"max_seconds", max_seconds},
          {"target_relative_ci", target_relative_ci},
          {"confidence", confidence},
          {"ci_method", "order-statistic (binomial) CI of the median"}};
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

Measurement run_protocol(const RunOnce& run_once, const ProtocolOptions& options) {
  options.validate();
  Measurement m;
  const auto start = Clock::now();
  // Warm-up: the first inferences pay for allocation, JIT and cold caches (DESIGN 4.10); both a
  // count and a time floor, since a fast network needs many runs to reach steady state.
  while (m.warmup_runs < options.warmup_runs || seconds_since(start) < options.warmup_seconds) {
    m.warmup_seconds += checked_run(run_once);
    ++m.warmup_runs;
  }
  const auto timed_start = Clock::now();
  // A sorted copy kept by insertion (O(n) moves) so each stop check is O(1) lookups plus the
  // binomial ranks, not a sort per run.
  std::vector<double> sorted;
  m.run_times.reserve(std::min<std::size_t>(options.max_runs, 4096));
  sorted.reserve(m.run_times.capacity());
  while (true) {
    const double t = checked_run(run_once);
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

}  // namespace hwnas::measure
