#include "hwnas/engine/tool_output/trtexec.hpp"

#include <regex>

namespace hwnas::engine {
namespace {

using tool_output::kNumber;

// "min = 1.2 ms, …, percentile(99%) = 1.48 ms" -> {"min_s": …, "p99_s": …}; the median's unit.
nlohmann::json timing_items(const std::string& text, const std::string& prefix, std::string* median_unit) {
  static const std::regex item(std::string(R"((min|max|mean|median|percentile\(([0-9.]+)%\))\s*=\s*)") + kNumber +
                               R"(\s*([a-zA-Zµ]+))");
  nlohmann::json out = nlohmann::json::object();
  for (std::sregex_iterator it(text.begin(), text.end(), item), end; it != end; ++it) {
    const auto& m = *it;
    const auto seconds = tool_output::to_seconds(tool_output::number(m[3].str()), m[4].str());
    if (!seconds) continue;
    const std::string name = m[2].matched ? "p" + m[2].str() : m[1].str();
    out[prefix + name + "_s"] = *seconds;
    if (name == "median" && median_unit) *median_unit = m[4].str();
  }
  return out;
}

std::vector<LayerTime> profile_rows(const std::vector<std::string>& lines, std::size_t first) {
  // TensorRT 8:  Time(ms)  Avg.(ms)  Median(ms)  Time(%)  Layer     (numbers first, name last)
  // TensorRT 7:  Layer  Time (ms)  Avg. Time (ms)  Time %         (name first)
  static const std::regex v8(std::string(R"(^)") + kNumber + R"(\s+)" + kNumber + R"(\s+)" + kNumber + R"(\s+)" +
                             kNumber + R"(\s+(.+)$)");
  static const std::regex v7(std::string(R"(^(.+?)\s+)") + kNumber + R"(\s+)" + kNumber + R"(\s+)" + kNumber + R"(\s*$)");
  std::vector<LayerTime> rows;
  bool in_ms = false;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const std::string line = tool_output::strip_log_prefix(lines[i]);
    if (line.empty()) {
      if (!rows.empty()) break;
      continue;
    }
    if (line.find("(ms)") != std::string::npos) {
      in_ms = true;
      continue;
    }
    std::smatch m;
    if (in_ms && std::regex_match(line, m, v8)) {
      if (m[5].str() != "Total") rows.push_back({m[5].str(), {}, tool_output::number(m[2].str()) / 1e3});
    } else if (in_ms && std::regex_match(line, m, v7)) {
      if (m[1].str() != "Total") rows.push_back({m[1].str(), {}, tool_output::number(m[3].str()) / 1e3});
    } else if (!rows.empty()) {
      break;
    }
  }
  return rows;
}

}  // namespace

ToolParse parse_trtexec(std::string_view output) {
  static const std::regex summary(R"(^(Latency|GPU Compute Time|Enqueue Time|H2D Latency|D2H Latency):\s*(.*)$)");
  ToolParse parse;
  const std::string text(output);
  parse.recognised = text.find("TensorRT.trtexec") != std::string::npos ||
                     text.find("=== Performance summary ===") != std::string::npos;
  const auto lines = tool_output::split_lines(output);
  ToolReport report;
  report.tool = "trtexec";
  bool have_latency = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = tool_output::strip_log_prefix(lines[i]);
    std::smatch m;
    if (line.find("=== Profile (") != std::string::npos) {
      parse.recognised = true;
      report.layers = profile_rows(lines, i + 1);
      continue;
    }
    if (line.rfind("Throughput: ", 0) == 0) {
      std::smatch q;
      static const std::regex qps(std::string(R"(^Throughput:\s*)") + kNumber + R"(\s*qps)");
      if (std::regex_search(line, q, qps)) report.stats["throughput_qps"] = tool_output::number(q[1].str());
      continue;
    }
    if (!std::regex_match(line, m, summary)) continue;
    const std::string label = m[1].str();
    if (label == "Latency") {
      std::string unit;
      const auto items = timing_items(m[2].str(), "", &unit);
      if (!items.contains("median_s")) continue;
      report.stats.update(items);
      report.seconds = items["median_s"].get<double>();
      report.statistic = "median";
      report.unit = unit;
      have_latency = true;
      parse.recognised = true;
    } else if (label == "GPU Compute Time") {
      report.stats.update(timing_items(m[2].str(), "gpu_compute_", nullptr));
    }
  }
  if (have_latency) {
    parse.report = std::move(report);
  } else {
    parse.problem = "no 'Latency: … median = …' line in the performance summary";
  }
  return parse;
}

}  // namespace hwnas::engine
