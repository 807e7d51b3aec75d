#include "hwnas/engine/tool_output/openvino_benchmark.hpp"

#include <map>
#include <regex>

namespace hwnas::engine {
namespace {

using tool_output::kNumber;

void find_key(const nlohmann::json& j, const std::string& key, const nlohmann::json** found) {
  if (*found) return;
  if (j.is_object()) {
    if (auto it = j.find(key); it != j.end() && it->is_number()) {
      *found = &j;
      return;
    }
    for (const auto& [k, v] : j.items()) find_key(v, key, found);
  } else if (j.is_array()) {
    for (const auto& v : j) find_key(v, key, found);
  }
}

// The JSON report printed after the text: the object holding "latency_median".
const nlohmann::json* report_results(const std::vector<std::string>& lines, nlohmann::json& storage) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] != '{') continue;
    std::string rest;
    for (std::size_t j = i; j < lines.size(); ++j) rest += lines[j] + "\n";
    storage = nlohmann::json::parse(rest, nullptr, /*allow_exceptions=*/false);
    if (storage.is_discarded()) continue;
    const nlohmann::json* found = nullptr;
    find_key(storage, "latency_median", &found);
    if (found) return found;
  }
  return nullptr;
}

std::vector<LayerTime> detailed_counters(const std::vector<std::string>& lines) {
  std::map<std::string, std::pair<double, int>> by_name;
  std::vector<LayerTime> rows;
  bool in_table = false;
  for (const auto& line : lines) {
    if (line.rfind("layerName;execStatus;layerType;execType;realTime (ms)", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    std::vector<std::string> f;
    std::size_t start = 0;
    for (auto end = line.find(';'); end != std::string::npos; start = end + 1, end = line.find(';', start)) {
      f.push_back(line.substr(start, end - start));
    }
    if (f.size() < 6) {
      in_table = false;
      continue;
    }
    if (f[0] == "Total" || f[1] != "EXECUTED") continue;
    const double seconds = tool_output::number(f[4]) / 1e3;
    auto [it, fresh] = by_name.try_emplace(f[0], 0.0, 0);
    if (fresh) rows.push_back({f[0], f[2], 0});
    it->second.first += seconds;
    it->second.second += 1;
  }
  for (auto& r : rows) r.seconds = by_name[r.name].first / by_name[r.name].second;
  return rows;
}

}  // namespace

ToolParse parse_openvino_benchmark(std::string_view output) {
  static const std::regex item(std::string(R"(^(Median|Average|Avg|Min|Max|([0-9.]+) percentile):\s*)") + kNumber +
                               R"(\s*([a-zA-Zµ]+)$)");
  static const std::regex count(R"(^Count:\s*([0-9]+)\s*iterations)");
  ToolParse parse;
  const std::string text(output);
  parse.recognised = text.find("[Step 11/11]") != std::string::npos || text.find("benchmark_app") != std::string::npos;
  const auto lines = tool_output::split_lines(output);
  ToolReport report;
  report.tool = "benchmark_app";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = tool_output::strip_log_prefix(lines[i]);
    std::smatch m;
    if (std::regex_search(line, m, count)) report.stats["count"] = tool_output::whole_number(m[1].str());
    if (line != "Latency:" || report.stats.contains("median_s") || report.stats.contains("mean_s")) continue;
    parse.recognised = true;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::string row = tool_output::strip_log_prefix(lines[j]);
      if (!std::regex_match(row, m, item)) break;
      const auto seconds = tool_output::to_seconds(tool_output::number(m[3].str()), m[4].str());
      if (!seconds) break;
      const std::string label = m[1].str();
      const std::string key = m[2].matched ? "p" + m[2].str()
                              : label == "Median"                    ? "median"
                              : label == "Min"                       ? "min"
                              : label == "Max"                       ? "max"
                                                                     : "mean";
      report.stats[key + "_s"] = *seconds;
      if (key == "median" || (key == "mean" && report.unit.empty())) report.unit = m[4].str();
    }
  }
  nlohmann::json storage;
  if (const nlohmann::json* results = report_results(lines, storage)) {
    parse.recognised = true;
    for (const auto& [k, v] : results->items()) {
      if (k.rfind("latency_", 0) == 0 && v.is_number()) {
        const std::string name = k.substr(8) == "avg" || k.substr(8) == "average" ? "mean" : k.substr(8);
        report.stats[name + "_s"] = v.get<double>() / 1e3;
      }
    }
    report.unit = "ms";
  }
  if (report.stats.contains("median_s")) {
    report.seconds = report.stats["median_s"].get<double>();
    report.statistic = "median";
  } else if (report.stats.contains("mean_s")) {
    report.seconds = report.stats["mean_s"].get<double>();
    report.statistic = "mean";
  } else {
    parse.problem = "no 'Latency:' block with Median/Average lines and no JSON report with latency_median";
    return parse;
  }
  report.layers = detailed_counters(lines);
  parse.report = std::move(report);
  return parse;
}

}  // namespace hwnas::engine
