#include "hwnas/measure/drift_summary.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace hwnas::measure {

std::optional<DriftSummary> summarize_drift(std::span<const store::MeasurementRecord> checks) {
  if (checks.size() < 2) return std::nullopt;
  DriftSummary s;
  s.checks = checks.size();
  std::vector<double> medians;
  for (const auto& c : checks) medians.push_back(c.median_s);
  std::sort(medians.begin(), medians.end());
  const std::size_t mid = medians.size() / 2;
  s.median_s = medians.size() % 2 ? medians[mid] : 0.5 * (medians[mid - 1] + medians[mid]);
  for (const auto& c : checks) {
    const double deviation = std::abs(c.median_s - s.median_s) / s.median_s;
    s.worst = std::max(s.worst, deviation);
    s.target = std::max(s.target, c.protocol.value("target_relative_ci", 0.0));
    if (c.ci_low_s && c.ci_high_s && c.median_s > 0) {
      s.widest_ci = std::max(s.widest_ci, std::max(c.median_s - *c.ci_low_s, *c.ci_high_s - c.median_s) / c.median_s);
    }
  }
  for (const auto& c : checks) {
    if (std::abs(c.median_s - s.median_s) / s.median_s <= s.target) ++s.within_target;
  }
  return s;
}

std::string describe(const DriftSummary& s) {
  return fmt::format("{} reference checks: medians within ±{:.3g}% of their median ({:.3f} ms): {} of {}, worst {:.2f}%; "
                     "the widest CI of one check ±{:.2f}%",
                     s.checks, 100 * s.target, 1e3 * s.median_s, s.within_target, s.checks, 100 * s.worst,
                     100 * s.widest_ci);
}

}  // namespace hwnas::measure
