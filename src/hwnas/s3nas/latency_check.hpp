// How far the latency table's estimate is from its source (S3NAS §3.3 reports the table's error):
// uniformly drawn architectures of the space, scored by the table and by the source, compared the
// way every predictor is (predict/evaluation.hpp).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/predict/evaluation.hpp"
#include "hwnas/s3nas/latency_table.hpp"

namespace hwnas::s3nas {

struct LatencyCheck {
  std::string space;
  std::string source;
  std::uint64_t seed = 0;
  double base_ms = 0;             // the table's fixed part
  predict::Evaluation evaluation; // table estimate vs source; worst[0] is the largest error
  double max_ape_percent() const;
  nlohmann::json to_json() const;
};

// Throws InputError when the source gives no latency for any of the drawn architectures.
LatencyCheck check_latency_table(const space::Space& space, const LatencyTable& table, metric::MetricSource& source,
                                 int samples, std::uint64_t seed);

}  // namespace hwnas::s3nas
