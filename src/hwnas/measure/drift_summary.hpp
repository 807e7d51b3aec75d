// What a device's reference checks say about precision between measurements: how far the checks'
// medians stray from their own median, against the precision each check met inside itself. On a
// machine whose speed changes on second scales the first is several times the second
// (docs/measurement.md), and it — not the per-measurement CI — is how far apart two measurements
// of one network may be.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "hwnas/store/records.hpp"

namespace hwnas::measure {

struct DriftSummary {
  std::size_t checks = 0;
  double median_s = 0;         // median of the checks' medians
  double worst = 0;            // largest |check median − median_s| / median_s
  std::size_t within_target = 0;  // checks within ±target of median_s
  double target = 0;           // the protocol's relative CI target (from the checks' protocol)
  double widest_ci = 0;        // largest relative CI half-width of a single check (0: none recorded)
};

// nullopt for fewer than two checks (nothing to compare).
std::optional<DriftSummary> summarize_drift(std::span<const store::MeasurementRecord> checks);

// "5 reference checks: medians within ±1% of their median (12.410 ms): 3 of 5, worst 2.81%; the
// widest CI of one check ±0.97%".
std::string describe(const DriftSummary& summary);

}  // namespace hwnas::measure
