#include "hwnas/engine/tool_output/ort_perf_test.hpp"

#include <regex>

namespace hwnas::engine {

ToolParse parse_ort_perf_test(std::string_view output) {
  using tool_output::kNumber;
  static const std::regex average(std::string(R"(^Average inference time cost(?: total)?:\s*)") + kNumber +
                                  R"(\s*([a-zA-Zµ]+))");
  static const std::regex latency(std::string(R"(^(Min|Max|P[0-9]+) Latency:\s*)") + kNumber + R"(\s*([a-zA-Zµ]+))");
  static const std::regex requests(R"(^Total inference requests:\s*([0-9]+))");
  ToolParse parse;
  ToolReport report;
  report.tool = "onnxruntime_perf_test";
  std::string mean_unit, median_unit;
  for (const auto& raw : tool_output::split_lines(output)) {
    const std::string line = tool_output::strip_log_prefix(raw);
    std::smatch m;
    if (line.rfind("Session creation time cost:", 0) == 0) parse.recognised = true;
    if (std::regex_search(line, m, requests)) {
      report.stats["count"] = tool_output::whole_number(m[1].str());
    } else if (std::regex_search(line, m, average)) {
      if (const auto s = tool_output::to_seconds(tool_output::number(m[1].str()), m[2].str())) {
        report.stats["mean_s"] = *s;
        mean_unit = m[2].str();
      }
    } else if (std::regex_search(line, m, latency)) {
      if (const auto s = tool_output::to_seconds(tool_output::number(m[2].str()), m[3].str())) {
        std::string key = m[1].str();
        key = key == "Min" ? "min" : key == "Max" ? "max" : "p" + key.substr(1);
        report.stats[key + "_s"] = *s;
        if (key == "p50") median_unit = m[3].str();
      }
    }
  }
  if (report.stats.contains("p50_s")) {
    report.seconds = report.stats["p50_s"].get<double>();
    report.stats["median_s"] = report.seconds;
    report.statistic = "median";
    report.unit = median_unit;
  } else if (report.stats.contains("mean_s")) {
    report.seconds = report.stats["mean_s"].get<double>();
    report.statistic = "mean";
    report.unit = mean_unit;
  } else {
    parse.problem = "no 'Average inference time cost:' or 'P50 Latency:' line";
    return parse;
  }
  parse.recognised = true;
  parse.report = std::move(report);
  return parse;
}

}  // namespace hwnas::engine
