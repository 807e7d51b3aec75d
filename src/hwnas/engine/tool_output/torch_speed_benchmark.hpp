// PyTorch's speed_benchmark_torch (binaries/speed_benchmark_torch.cc), the PyTorch Mobile runner:
//   Main run finished. Microseconds per iter: 121318. Iters per second: 8.24281
// With --report_pep true it first prints one line per timed iteration,
//   PyTorchObserver {"type": "NET", "unit": "us", "metric": "latency", "value": "599746"}
// whose median (in the unit each line names) is recorded; otherwise the mean per iteration.
#pragma once

#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

ToolParse parse_torch_speed_benchmark(std::string_view output);

}  // namespace hwnas::engine
