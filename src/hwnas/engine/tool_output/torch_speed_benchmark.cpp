#include "hwnas/engine/tool_output/torch_speed_benchmark.hpp"

#include <algorithm>
#include <regex>

namespace hwnas::engine {

ToolParse parse_torch_speed_benchmark(std::string_view output) {
  static const std::regex per_iter(std::string(R"(Microseconds per iter:\s*)") + tool_output::kNumber);
  ToolParse parse;
  ToolReport report;
  report.tool = "speed_benchmark_torch";
  std::vector<double> iterations;
  std::optional<double> mean;
  for (const auto& line : tool_output::split_lines(output)) {
    if (line.find("Starting benchmark.") != std::string::npos) parse.recognised = true;
    if (const auto at = line.find("PyTorchObserver "); at != std::string::npos) {
      parse.recognised = true;
      const auto j = nlohmann::json::parse(line.substr(at + 16), nullptr, /*allow_exceptions=*/false);
      if (!j.is_object()) continue;
      const auto metric = j.find("metric");
      const auto unit = j.find("unit");
      const auto v = j.find("value");
      if (metric == j.end() || *metric != "latency" || unit == j.end() || !unit->is_string() || v == j.end() ||
          !(v->is_string() || v->is_number())) {
        continue;
      }
      const double value = v->is_string() ? tool_output::number(v->get<std::string>()) : v->get<double>();
      if (const auto s = tool_output::to_seconds(value, unit->get<std::string>())) iterations.push_back(*s);
      continue;
    }
    std::smatch m;
    if (std::regex_search(line, m, per_iter)) mean = tool_output::number(m[1].str()) / 1e6;
  }
  if (!mean) {
    parse.problem = "no 'Microseconds per iter:' line";
    return parse;
  }
  parse.recognised = true;
  report.stats["mean_s"] = *mean;
  report.unit = "us";
  if (!iterations.empty()) {
    std::sort(iterations.begin(), iterations.end());
    const std::size_t n = iterations.size();
    const double median = n % 2 ? iterations[n / 2] : (iterations[n / 2 - 1] + iterations[n / 2]) / 2;
    report.stats["count"] = n;
    report.stats["min_s"] = iterations.front();
    report.stats["max_s"] = iterations.back();
    report.stats["median_s"] = median;
    report.seconds = median;
    report.statistic = "median";
  } else {
    report.seconds = *mean;
    report.statistic = "mean";
  }
  parse.report = std::move(report);
  return parse;
}

}  // namespace hwnas::engine
