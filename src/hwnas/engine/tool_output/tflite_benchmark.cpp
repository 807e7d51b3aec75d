#include "hwnas/engine/tool_output/tflite_benchmark.hpp"

#include <regex>
#include <sstream>

namespace hwnas::engine {
namespace {

using tool_output::kNumber;

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> tab_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (start <= line.size()) {
    auto end = line.find('\t', start);
    if (end == std::string::npos) end = line.size();
    if (auto f = trim(line.substr(start, end - start)); !f.empty()) fields.push_back(std::move(f));
    start = end + 1;
  }
  return fields;
}

// A row of n columns: tab-separated (TFLite's StatsCalculator), or blank-separated with the name
// last and possibly holding blanks (LiteRT's summarizer prints "%30s %10s … %s").
std::vector<std::string> row_fields(const std::string& line, std::size_t n, bool tabs) {
  if (tabs) return tab_fields(line);
  std::istringstream in(line);
  std::vector<std::string> fields;
  for (std::string token; fields.size() + 1 < n && in >> token;) fields.push_back(token);
  std::string rest;
  std::getline(in, rest);
  if (rest = trim(rest); !rest.empty()) fields.push_back(rest);
  return fields;
}

// "[MobilenetV1/Conv2d_0/Relu6]" or "[name]:12" -> the name.
std::string node_name(const std::string& field) {
  const auto open = field.find('[');
  const auto close = field.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return field;
  return field.substr(open + 1, close - open - 1);
}

// The first "Run Order" table (the regular runs' when warm-up runs were profiled too).
std::vector<LayerTime> run_order(const std::vector<std::string>& lines) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("Profiling Info for Regular Benchmark Runs") != std::string::npos) start = i;
  }
  std::vector<LayerTime> rows;
  for (std::size_t i = start; i < lines.size(); ++i) {
    if (lines[i].find("Run Order") == std::string::npos || lines[i].find("====") == std::string::npos) continue;
    if (i + 1 >= lines.size()) break;
    static const std::regex column(R"(\[[^\]]*\])");
    const std::string& header_line = lines[i + 1];
    std::vector<std::string> header;
    for (std::sregex_iterator it(header_line.begin(), header_line.end(), column), end; it != end; ++it) {
      header.push_back(it->str());
    }
    const bool tabs = header_line.find('\t') != std::string::npos;
    int type_col = -1, avg_col = -1, name_col = -1;
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (header[c] == "[node type]") type_col = static_cast<int>(c);
      if (header[c] == "[avg ms]") avg_col = static_cast<int>(c);
      if (header[c] == "[Name]") name_col = static_cast<int>(c);
    }
    if (avg_col < 0 || name_col < 0) break;
    for (std::size_t r = i + 2; r < lines.size(); ++r) {
      const auto fields = row_fields(lines[r], header.size(), tabs);
      if (fields.size() != header.size()) break;
      rows.push_back({node_name(fields[static_cast<std::size_t>(name_col)]),
                      type_col >= 0 ? fields[static_cast<std::size_t>(type_col)] : std::string(),
                      tool_output::number(fields[static_cast<std::size_t>(avg_col)]) / 1e3});
    }
    break;
  }
  return rows;
}

}  // namespace

ToolParse parse_tflite_benchmark(std::string_view output) {
  static const std::regex summary_new(std::string(R"(Inference timings in us:.*Inference \(avg\):\s*)") + kNumber);
  static const std::regex summary_old(std::string(R"(Average inference timings in us:.*Inference:\s*)") + kNumber);
  static const std::regex init(std::string(R"(Init:\s*)") + kNumber);
  static const std::regex stat_item(std::string(R"((count|first|curr|min|max|avg|std|median|p[0-9]+)=)") + kNumber);
  ToolParse parse;
  const auto lines = tool_output::split_lines(output);
  std::optional<double> mean_us;
  std::string last_stat;  // the Stat line of the last benchmark phase before the summary
  ToolReport report;
  report.tool = "benchmark_model";
  for (const auto& raw : lines) {
    const std::string line = tool_output::strip_log_prefix(raw);
    std::smatch m;
    if (line.rfind("count=", 0) == 0 || line.rfind("Timings (microseconds): count=", 0) == 0) {
      // The op profiler's "Timings (microseconds)" line is a fallback for outputs without the plain one.
      if (line.rfind("count=", 0) == 0 || last_stat.empty()) last_stat = line.substr(line.find("count="));
      continue;
    }
    if (std::regex_search(line, m, summary_new) || std::regex_search(line, m, summary_old)) {
      parse.recognised = true;
      mean_us = tool_output::number(m[1].str());
      std::smatch i;
      if (std::regex_search(line, i, init)) report.stats["init_s"] = tool_output::number(i[1].str()) / 1e6;
      break;
    }
    if (line.find("benchmark_model") != std::string::npos || line.rfind("Running benchmark for", 0) == 0) {
      parse.recognised = true;
    }
  }
  if (!mean_us) {
    parse.problem = "no 'Inference timings in us: …' summary line";
    return parse;
  }
  report.stats["mean_s"] = *mean_us / 1e6;
  for (std::sregex_iterator it(last_stat.begin(), last_stat.end(), stat_item), end; it != end; ++it) {
    const std::string key = (*it)[1].str();
    const double value = tool_output::number((*it)[2].str());
    if (key == "count") {
      report.stats["count"] = value;
    } else {
      report.stats[(key == "avg" ? std::string("stat_mean") : key) + "_s"] = value / 1e6;
    }
  }
  report.unit = "us";
  if (report.stats.contains("median_s")) {
    report.seconds = report.stats["median_s"].get<double>();
    report.statistic = "median";
  } else {
    report.seconds = *mean_us / 1e6;
    report.statistic = "mean";
  }
  report.layers = run_order(lines);
  parse.report = std::move(report);
  return parse;
}

}  // namespace hwnas::engine
