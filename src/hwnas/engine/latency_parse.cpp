#include "hwnas/engine/latency_parse.hpp"

#include <nlohmann/json.hpp>

#include <regex>
#include <sstream>
#include <string>

#include "hwnas/engine/tool_output/tool_report.hpp"

namespace hwnas::engine {
namespace {

std::optional<double> from_json(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  const auto it = json.find("latency_ms");
  if (it == json.end() || !it->is_number()) return std::nullopt;
  return it->get<double>() / 1e3;
}

std::optional<double> from_text(const std::string& line) {
  static const std::regex pattern(
      R"(latency\s*[:=]\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(ms|us|µs|s)\b)",
      std::regex::icase);
  std::smatch match;
  if (!std::regex_search(line, match, pattern)) return std::nullopt;
  const double number = tool_output::number(match[1].str());
  std::string unit = match[2].str();
  for (auto& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (unit == "ms") return number / 1e3;
  if (unit == "s") return number;
  return number / 1e6;
}

}  // namespace

std::optional<double> parse_latency_seconds(std::string_view output) {
  std::optional<double> found = from_json(std::string(output));
  std::istringstream lines{std::string(output)};
  for (std::string line; std::getline(lines, line);) {
    const auto first = line.find_first_not_of(" \t");
    const bool json_line = first != std::string::npos && line[first] == '{';
    if (auto seconds = json_line ? from_json(line) : from_text(line)) found = seconds;
  }
  return found;
}

}  // namespace hwnas::engine
