#include "hwnas/engine/tool_output/latency_line.hpp"

#include "hwnas/engine/latency_parse.hpp"

namespace hwnas::engine {

ToolParse parse_latency_line(std::string_view output) {
  ToolParse parse;
  const auto seconds = parse_latency_seconds(output);
  if (!seconds) {
    parse.problem = "no {\"latency_ms\": …} object and no 'latency: <number> <unit>' line";
    return parse;
  }
  parse.recognised = true;
  ToolReport report;
  report.tool = "latency";
  report.seconds = *seconds;
  report.statistic = "reported";
  for (const auto& line : tool_output::split_lines(output)) {
    if (line.empty() || line.front() != '{') continue;
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("latency_ms")) {
      report.stats = j;
      report.unit = "ms";
    }
  }
  parse.report = std::move(report);
  return parse;
}

}  // namespace hwnas::engine
