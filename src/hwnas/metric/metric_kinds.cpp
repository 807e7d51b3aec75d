#include "hwnas/metric/metric_kinds.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/metric/sim_latency_metric.hpp"
#include "hwnas/metric/store_latency_metric.hpp"

namespace hwnas::metric {
namespace {

std::unique_ptr<MetricSource> open_macs(std::string_view, const MetricContext&) {
  return std::make_unique<CostMetric>(CostKind::macs);
}
std::unique_ptr<MetricSource> open_params(std::string_view, const MetricContext&) {
  return std::make_unique<CostMetric>(CostKind::params);
}
std::unique_ptr<MetricSource> open_flops(std::string_view, const MetricContext&) {
  return std::make_unique<CostMetric>(CostKind::flops);
}
std::unique_ptr<MetricSource> open_simulated(std::string_view device, const MetricContext& context) {
  return std::make_unique<SimLatencyMetric>(std::string(device), context);
}
std::unique_ptr<MetricSource> open_stored(std::string_view key, const MetricContext& context) {
  constexpr std::string_view raw = ":raw";
  const bool is_raw = key.ends_with(raw) && key.size() > raw.size();
  if (is_raw) key.remove_suffix(raw.size());
  return std::make_unique<StoreLatencyMetric>(std::string(key), is_raw, context);
}

const std::vector<MetricKind> kOwnKinds{
    {"macs", "macs", "multiply-accumulates of the network (exact, from the IR)", open_macs},
    {"params", "params", "parameters of the network", open_params},
    {"flops", "flops", "floating-point operations of the network", open_flops},
    {"latency:", "latency:<device key>[:raw]",
     "latency (ms) measured on a device and kept in the store; :raw ignores drift compensation", open_stored},
    {"latency:sim:", "latency:sim:<device>", "latency (ms) of a simulated device (a preset name or a device YAML)",
     open_simulated},
};

std::vector<MetricKind>& added_kinds() {
  static std::vector<MetricKind> kinds;
  return kinds;
}

bool matches(const MetricKind& kind, std::string_view spec) {
  if (!kind.prefix.ends_with(':')) return spec == kind.prefix;
  return spec.starts_with(kind.prefix) && spec.size() > kind.prefix.size();
}

}  // namespace

std::vector<MetricKind> metric_kinds() {
  std::vector<MetricKind> added = added_kinds();
  std::ranges::sort(added, {}, &MetricKind::prefix);
  std::vector<MetricKind> all = kOwnKinds;
  all.insert(all.end(), added.begin(), added.end());
  return all;
}

bool add_metric_kind(const MetricKind& kind) {
  added_kinds().push_back(kind);
  return true;
}

std::unique_ptr<MetricSource> open_metric(std::string_view spec, const MetricContext& context) {
  const std::vector<MetricKind> kinds = metric_kinds();
  const MetricKind* best = nullptr;
  for (const auto& kind : kinds) {
    if (matches(kind, spec) && (!best || kind.prefix.size() > best->prefix.size())) best = &kind;
  }
  if (best) return best->open(spec.substr(best->prefix.ends_with(':') ? best->prefix.size() : spec.size()), context);
  std::string accepted;
  for (const auto& kind : kinds) accepted += (accepted.empty() ? "" : ", ") + std::string(kind.form);
  throw InputError(fmt::format("unknown metric '{}' (accepted: {})", spec, accepted));
}

}  // namespace hwnas::metric
