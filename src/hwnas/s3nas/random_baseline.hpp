// S3NAS's random baseline (Table 6): uniformly drawn architectures whose latency lies in
// [T·(1 − tolerance), T], to compare with the network the search found at latency T.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/s3nas/latency_table.hpp"

namespace hwnas::s3nas {

struct RandomBaselineOptions {
  double target_ms = 0;
  double tolerance = 0.05;
  int count = 3;
  int max_draws = 100000;
  std::uint64_t seed = 1;
};

struct RandomPick {
  arch::Architecture architecture;
  double latency_ms = 0;  // the source's
};

// With a latency table only the draws whose estimate lies near the window go to the source, so a
// measured source measures few. The table of a measured source is biased (its entries do not add
// up to a network's latency), so the window is set on the estimate scaled by the median ratio
// estimate / source of the draws measured so far. Throws InputError when fewer than `count` are
// found in `max_draws` draws; on_pick (may be empty) sees each pick as it is found, so a caller
// shows the ones found before such an error.
std::vector<RandomPick> random_in_latency_window(const space::Space& space, metric::MetricSource& source,
                                                 const LatencyTable* table, const RandomBaselineOptions& options,
                                                 const std::function<void(const RandomPick&)>& on_pick = {});

}  // namespace hwnas::s3nas
