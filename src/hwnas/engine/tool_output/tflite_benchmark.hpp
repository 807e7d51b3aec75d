// TensorFlow Lite's benchmark_model (tensorflow/lite/tools/benchmark/benchmark_model.cc). Summary:
//   Inference timings in us: Init: 38467, First inference: 83235, Warmup (avg): 80012.5, Inference (avg): 79760.9
// and, in older builds, "Average inference timings in us: Warmup: 83235, Init: 38467, Inference: 79760.9".
// The statistics of the timed runs come from the line before it (tensorflow's Stat):
//   count=50 first=79449 curr=81350 min=77385 max=88213 avg=79732 std=1929
// which newer builds extend with "p5=… median=… p95=…". The median is recorded where printed, else
// the mean ("Inference (avg)"). Units are the "in us" of the summary and "(microseconds)" of Stat.
// --enable_op_profiling=true adds per-op tables; the "Run Order" one (tab-separated from TFLite's
// StatsCalculator, blank-separated from LiteRT's summarizer) gives per-layer [avg ms].
#pragma once

#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

ToolParse parse_tflite_benchmark(std::string_view output);

}  // namespace hwnas::engine
