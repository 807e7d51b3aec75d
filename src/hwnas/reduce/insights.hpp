// Proposing reduction rules from a profile (BlockProfile §5.1's reasoning, automated):
//   dominated blocks: at a location (u, l), block b costs significantly more than some b' while
//     it is not significantly better on the benefit metric -> remove b there; a block dominated
//     at every location it occurs in is removed from every layer by one rule;
//   optional layers: going from the unit's maximum depth d to d − 1 saves a share of the cost
//     metric at least `depth_ratio` times the share of the benefit metric it loses -> max_depth d − 1.
// Cost metrics are the profile's latency:* metrics unless named; the benefit metric is accuracy:*,
// else flops, macs or params. Each proposal carries the numbers that justify it.
#pragma once

#include <string>
#include <vector>

#include "hwnas/profile/profile_result.hpp"
#include "hwnas/reduce/rules.hpp"

namespace hwnas::reduce {

struct InsightOptions {
  std::vector<std::string> cost_metrics;  // empty: every latency:* metric of the profile
  std::string benefit_metric;             // empty: accuracy:*, else flops, macs, params
  int resolution = 0;                     // 0: the profile's first resolution
  double depth_ratio = 2.0;
};

struct Proposal {
  Rule rule;
  std::string justification;
};

struct Insights {
  std::vector<Proposal> proposals;
  std::vector<std::string> notes;  // why some analysis could not run (a metric is missing, ...)
};

// InputError when a named metric or the resolution is not in the profile.
Insights propose_rules(const profile::ProfileResult& profile, const InsightOptions& options);

}  // namespace hwnas::reduce
