// TensorRT's trtexec. Its performance summary (samples/common/sampleReporting.cpp), TensorRT 8 on:
//   [I] Latency: min = 1.2 ms, max = 1.5 ms, mean = 1.31 ms, median = 1.3 ms, percentile(90%) = 1.4 ms, …
// (TensorRT 7 prints only percentile(99%)). The recorded figure is `Latency`, the host's
// end-to-end time per inference (input copy, GPU compute, output copy): what a deployed
// application waits for. `GPU Compute Time` is kept in the statistics as gpu_compute_*.
// --dumpProfile adds the per-layer table after "=== Profile (N iterations ) ===".
#pragma once

#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

ToolParse parse_trtexec(std::string_view output);

}  // namespace hwnas::engine
