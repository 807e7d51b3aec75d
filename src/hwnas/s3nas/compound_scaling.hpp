// S3NAS's compound scaling (S3NAS §4.3.1): one coefficient c scales the width and the
// depth of every stage of a found architecture, so cumulative depth stays proportional to width, and
// the input resolution by c^resolution_exponent. Filters are rounded to a multiple of 8 (or 16, what
// fills MIDAP's MAC lanes), the resolution to a multiple of 4. A stage of depth d gets round(c·d)
// blocks: the added ones are copies of the stage's blocks, those with the most parameters (in the
// base network) first — the stages are heterogeneous, so "add a block" must choose which. The scaled network lives in
// a new space (one width, depth and resolution each) that every hwnas command takes as a YAML file.
// scale_to_target raises c step by step until the latency source says the target is passed, then
// bisects between the last coefficient under the target and the first above it.
#pragma once

#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::s3nas {

struct ScalingOptions {
  double step = 0.1;                 // coefficient increment of the upward sweep
  double max_coefficient = 4.0;      // the sweep stops here even below the target
  int filter_multiple = 8;           // 8 or 16
  int resolution_multiple = 4;
  double resolution_exponent = 1.0;  // resolution = r0·c^exponent; 0 keeps it
  int refine_steps = 6;              // bisection steps once the target is passed
  // Latencies up to target·(1 + tolerance) count as meeting it (0: the target is a hard limit).
  double tolerance = 0;
};

struct ScaledNetwork {
  double coefficient = 1;
  space::Space space;
  arch::Architecture architecture;  // of `space`
  std::vector<int> widths;          // per unit
  std::vector<int> depths;          // per unit
  int resolution = 0;
};

// The multiple of `multiple` nearest to value, at least `multiple`.
int round_to_multiple(double value, int multiple);

// `a` (of `base`) scaled by c ≥ 1. Throws InputError for c < 1, bad multiples, or a space with
// variables.
ScaledNetwork scale_network(const space::Space& base, const arch::Architecture& a, double coefficient,
                            const ScalingOptions& options);

struct ScalingStep {
  ScaledNetwork network;
  double latency_ms = 0;
  bool refinement = false;  // a bisection step, not a step of the sweep
};

struct ScalingResult {
  std::vector<ScalingStep> steps;  // in the order evaluated
  int chosen = -1;                 // the largest coefficient meeting the target; -1 if even c = 1 does not
  bool target_passed = false;      // false: max_coefficient was reached below the target
};

// Throws InputError when the source gives no latency for a scaled network.
ScalingResult scale_to_target(const space::Space& base, const arch::Architecture& a, double target_ms,
                              metric::MetricSource& latency, const ScalingOptions& options);

}  // namespace hwnas::s3nas
