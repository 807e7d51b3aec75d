#include "hwnas/engine/tool_output/tool_parsers.hpp"

#include <array>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/tool_output/latency_line.hpp"
#include "hwnas/engine/tool_output/openvino_benchmark.hpp"
#include "hwnas/engine/tool_output/ort_perf_test.hpp"
#include "hwnas/engine/tool_output/tflite_benchmark.hpp"
#include "hwnas/engine/tool_output/torch_speed_benchmark.hpp"
#include "hwnas/engine/tool_output/trtexec.hpp"

namespace hwnas::engine {
namespace {

constexpr std::array<ToolParser, 6> kParsers = {{
    {"trtexec", "TensorRT trtexec", parse_trtexec},
    {"tflite", "TensorFlow Lite benchmark_model", parse_tflite_benchmark},
    {"openvino", "OpenVINO benchmark_app", parse_openvino_benchmark},
    {"ort-perf", "onnxruntime_perf_test", parse_ort_perf_test},
    {"pytorch-mobile", "PyTorch speed_benchmark_torch", parse_torch_speed_benchmark},
    {"latency", "hwnas's {\"latency_ms\": …} or 'latency: X ms'", parse_latency_line},
}};

std::string names() {
  std::string out = "auto";
  for (const auto& p : kParsers) out += ", " + std::string(p.name);
  return out;
}

}  // namespace

std::span<const ToolParser> tool_parsers() { return kParsers; }

void check_parser_name(std::string_view name) {
  if (name == "auto") return;
  for (const auto& p : kParsers) {
    if (p.name == name) return;
  }
  throw InputError("unknown parser '" + std::string(name) + "' (expected one of: " + names() + ")");
}

ToolReading read_tool_output(std::string_view output, std::string_view parser) {
  check_parser_name(parser);
  std::string recognised_problem;
  for (const auto& p : kParsers) {
    if (parser != "auto" && p.name != parser) continue;
    ToolParse parse = p.parse(output);
    if (parse.report) return {std::move(parse.report), {}};
    if (parser != "auto" || (parse.recognised && recognised_problem.empty())) {
      recognised_problem = std::string(p.tool) + " output without its summary: " + parse.problem;
    }
  }
  if (!recognised_problem.empty()) return {std::nullopt, recognised_problem};
  return {std::nullopt, "no latency in the output (parsers tried: " + names() + ")"};
}

}  // namespace hwnas::engine
