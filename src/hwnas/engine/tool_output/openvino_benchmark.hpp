// OpenVINO's benchmark_app (samples/cpp/benchmark_app, tools/benchmark_tool). Step 11 prints
//   [ INFO ] Count:      6640 iterations
//   [ INFO ] Latency:
//   [ INFO ] <tab>Median:     35.36 ms
//   [ INFO ] <tab>Average:    36.12 ms        ("Avg:" in older releases)
//   [ INFO ] <tab>Min:        18.55 ms
//   [ INFO ] <tab>Max:        88.96 ms
// where -latency_percentile 90 prints "90 percentile:" instead of the median. Its JSON report
// (-json_stats) holds LatencyMetrics objects {"latency_median", "latency_average", …} in
// milliseconds, the unit the report format defines. With -report_type detailed_counters the CSV
//   layerName;execStatus;layerType;execType;realTime (ms);cpuTime (ms);
// gives per-layer times (realTime; rows NOT_RUN skipped, several requests averaged).
#pragma once

#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

ToolParse parse_openvino_benchmark(std::string_view output);

}  // namespace hwnas::engine
