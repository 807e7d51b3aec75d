#include "hwnas/engine/tool_output/tool_report.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::engine::tool_output {

std::optional<double> to_seconds(double value, std::string_view unit) {
  std::string u(unit);
  for (auto& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u == "s" || u == "sec" || u == "seconds") return value;
  if (u == "ms" || u == "msec" || u == "milliseconds") return value / 1e3;
  if (u == "us" || u == "µs" || u == "usec" || u == "microseconds") return value / 1e6;
  if (u == "ns" || u == "nanoseconds") return value / 1e9;
  return std::nullopt;
}

double number(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != 0 || !std::isfinite(value)) {
    throw InputError(fmt::format("the tool printed '{}' where a number belongs", text.substr(0, 40)));
  }
  return value;
}

std::int64_t whole_number(const std::string& text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw InputError(fmt::format("the tool printed '{}' where a count belongs", text.substr(0, 40)));
  }
  return value;
}

std::vector<std::string> split_lines(std::string_view output) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= output.size()) {
    auto end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    std::string line(output.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string strip_log_prefix(std::string_view line) {
  auto skip_blanks = [&] {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  };
  skip_blanks();
  while (!line.empty() && line.front() == '[') {
    const auto close = line.find(']');
    if (close == std::string_view::npos) break;
    line.remove_prefix(close + 1);
    skip_blanks();
  }
  if (line.starts_with("INFO: ")) line.remove_prefix(6);
  skip_blanks();
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return std::string(line);
}

}  // namespace hwnas::engine::tool_output
