// BlockProfile's block profiling (BlockProfile §3–4) for any metric source: plans the
// samples (sampling_plan.hpp), evaluates them in batches, estimates eqs. 1–3 with intervals.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/profile/profile_result.hpp"
#include "hwnas/profile/sampling_plan.hpp"

namespace hwnas::profile {

struct Progress {
  std::string metric;
  int resolution = 0;
  std::size_t evaluated = 0;  // architectures of this (metric, resolution)
  std::size_t total = 0;
  std::size_t cells_done = 0;
  std::size_t cells_total = 0;
  double elapsed_s = 0;  // whole run
  // Left for this (metric, resolution) at its own rate so far: sources differ by orders of
  // magnitude (a measured latency against a MACs count), so one rate for the whole run misleads.
  double eta_s = 0;
};

struct ProfileOptions {
  Design design = Design::paired;
  arch::DepthRule depth_rule = arch::DepthRule::uniform;
  int samples = 1000;
  std::vector<int> resolutions;  // empty: the space's default resolution
  std::vector<double> taus{0.05, 0.95};
  std::uint64_t seed = 0;
  int bootstrap = 200;        // resamples for quantile intervals
  std::size_t batch = 1024;   // architectures per MetricSource::evaluate call
  std::function<void(const Progress&)> progress;  // called after every batch
};

// Checks the options against the space (InputError naming the option) and runs the profile.
ProfileResult run_profile(const space::Space& space, const std::vector<metric::MetricSource*>& metrics,
                          const ProfileOptions& options);

// The estimates for one metric from values of a plan's architectures (std::nullopt = missing).
MetricProfile estimate(const space::Space& space, const std::vector<Cell>& cells, const SamplingPlan& plan,
                       const std::vector<std::optional<double>>& values, const ProfileOptions& options);

}  // namespace hwnas::profile
