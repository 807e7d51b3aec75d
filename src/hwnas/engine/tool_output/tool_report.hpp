// What a benchmark tool printed, as one of the parsers of tool_parsers.hpp reads it: the latency
// hwnas records (the tool's median where it prints one, else its mean), the unit it was printed
// in, the tool's own statistics, and per-layer times when the tool profiled. Times are seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::engine {

// One row of a tool's per-layer profile, named as the tool names it (often the ONNX node name,
// or several fused ones: "u1.l2/conv3 + u1.l2/relu4").
struct LayerTime {
  std::string name;
  std::string type;  // the tool's op or layer type, when it prints one
  double seconds = 0;
};

struct ToolReport {
  std::string tool;       // e.g. "trtexec"
  double seconds = 0;     // the recorded latency
  std::string statistic;  // which of the tool's figures `seconds` is: "median" or "mean"
  std::string unit;       // the unit that figure was printed in: "ms", "us", "s"
  // The tool's own statistics in seconds, e.g. {"count": 50, "min_s": …, "median_s": …, "p99_s": …}.
  nlohmann::json stats = nlohmann::json::object();
  std::vector<LayerTime> layers;
};

// What one parser made of an output. recognised without a report: the output is the tool's, but
// its summary is missing (a crash, a truncated log); `problem` says what was missing.
struct ToolParse {
  bool recognised = false;
  std::optional<ToolReport> report;
  std::string problem;
};

namespace tool_output {

// A number printed with `unit` in seconds; nullopt for a unit that is not a time unit.
std::optional<double> to_seconds(double value, std::string_view unit);
// The lines of an output, each with a trailing '\r' removed.
std::vector<std::string> split_lines(std::string_view output);
// The line without log prefixes: leading "[...]" groups ("[04/01/2024-21:10:48] [I] ", "[ INFO ] ")
// and "INFO: ", then surrounding blanks.
std::string strip_log_prefix(std::string_view line);
// A number the tool printed, as text a parser matched: InputError quoting it when it is not a finite
// number ("1e999"), or not a whole number in range for whole_number.
double number(const std::string& text);
std::int64_t whole_number(const std::string& text);
// A number regex group, for the parsers' patterns.
inline constexpr const char* kNumber = R"(([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))";

}  // namespace tool_output
}  // namespace hwnas::engine
