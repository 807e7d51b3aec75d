// hwnas's own plain forms (latency_parse.hpp): a JSON object with "latency_ms", or a line
// "latency: 12.3 ms". The JSON object's other fields (e.g. scripts/ort_bench.mjs's p25_ms, runs)
// are kept as the statistics.
#pragma once

#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

ToolParse parse_latency_line(std::string_view output);

}  // namespace hwnas::engine
