// The one table of benchmark-tool output parsers the command engine reads outputs with. "auto"
// tries every tool's parser in table order and takes the first that finds its summary; the plain
// latency forms come last, so a tool line that also looks like "latency: 1 s" (onnxruntime_perf_test's
// "P50 Latency: 0.06 s") is read by its tool's parser. Formats: docs/devices-real.md.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {

struct ToolParser {
  std::string_view name;  // what --parser takes
  std::string_view tool;  // the program whose output it reads
  ToolParse (*parse)(std::string_view output);
};

std::span<const ToolParser> tool_parsers();

// "auto" or a name of tool_parsers(); InputError listing the names for anything else.
void check_parser_name(std::string_view name);

// The report, or an error naming the tool (when the output is recognisably that tool's) and what
// was missing. An output no parser recognises is an error listing what was looked for.
struct ToolReading {
  std::optional<ToolReport> report;
  std::string error;
};
ToolReading read_tool_output(std::string_view output, std::string_view parser = "auto");

}  // namespace hwnas::engine
