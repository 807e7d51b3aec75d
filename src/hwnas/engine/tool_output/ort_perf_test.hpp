// ONNX Runtime's onnxruntime_perf_test (onnxruntime/test/perftest/performance_runner.cpp):
//   Total inference requests: 100
//   Average inference time cost: 62.29 ms          ("Average inference time cost total:" in 1.17 on)
//   Min Latency: 0.0958204 s    Max Latency: …    P50 Latency: 0.0603 s    P90/P95/P99/P999 Latency: …
// Percentiles are printed in seconds, the average in milliseconds; each unit is read from its line.
// The recorded figure is P50 where printed (ONNX Runtime 1.10 on), else the average.
#pragma once

#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

ToolParse parse_ort_perf_test(std::string_view output);

}  // namespace hwnas::engine
