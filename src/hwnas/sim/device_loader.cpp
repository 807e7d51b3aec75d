// Device YAML -> Device, validating every field (schema: docs/devices.md).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/fnv1a.hpp"
#include "hwnas/common/source_dir.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/sim/device.hpp"
#include "hwnas/common/yaml_field.hpp"

namespace hwnas::sim {
namespace {

constexpr double kMaxRate = 1e6;  // generous upper bound for GHz, GB/s, µs fields

Precision parse_precision(const YamlField& f) {
  const std::string text = f.str();
  for (auto p : {Precision::int8, Precision::fp16, Precision::fp32}) {
    if (to_string(p) == text) return p;
  }
  f.fail("one of int8, fp16, fp32");
}

// A number, or a mapping {kernel size: number, ..., other: number}.
PerKernel parse_per_kernel(const YamlField& f) {
  PerKernel out;
  if (!f.present()) {
    out.by_kernel.fill(1.0);
    return out;
  }
  if (!f.is_map()) {
    out.by_kernel.fill(f.number(0, 1));
    return out;
  }
  const YamlField other = f["other"];
  out.by_kernel.fill(other.number(0, 1));
  f.each_entry([&](const std::string& key, const YamlField& value) {
    if (key == "other") return;
    int kernel = 0;
    if (!YAML::convert<int>::decode(YAML::Node(key), kernel) || kernel < 1 || kernel > 15 || kernel % 2 == 0) {
      value.fail("a key that is an odd kernel size in [1, 15] or 'other'");
    }
    out.by_kernel[static_cast<std::size_t>(kernel)] = value.number(0, 1);
  });
  return out;
}

Efficiency parse_efficiency(const YamlField& f) {
  Efficiency e;
  e.conv = parse_per_kernel(f["conv"]);
  e.depthwise = parse_per_kernel(f["depthwise"]);
  if (!f.present()) return e;
  f.only_keys({"conv", "depthwise", "pointwise", "linear", "elementwise", "pooling", "data_movement", "se"});
  e.pointwise = f["pointwise"].number_or(1, 0, 1);
  e.linear = f["linear"].number_or(1, 0, 1);
  e.elementwise = f["elementwise"].number_or(1, 0, 1);
  e.pooling = f["pooling"].number_or(1, 0, 1);
  e.data_movement = f["data_movement"].number_or(1, 0, 1);
  e.se = f["se"].number_or(1, 0, 1);
  return e;
}

// An op class name, or an activation name when allowed.
bool parse_op_name(const std::string& text, OpClass& op_class, int& activation) {
  for (int c = 0; c < kOpClassCount; ++c) {
    if (to_string(static_cast<OpClass>(c)) == text) {
      op_class = static_cast<OpClass>(c);
      activation = -1;
      return true;
    }
  }
  try {
    activation = static_cast<int>(graph::parse_activation(text));
    op_class = OpClass::activation;
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

const char* kOpNames =
    "conv, pointwise, depthwise, linear, batch_norm, activation, add, multiply, pooling, data_movement, se, "
    "or an activation (relu, relu6, h_swish, h_sigmoid, sigmoid)";

FusionRule parse_fusion_rule(const YamlField& f) {
  if (f.size() < 2) f.fail("a list of at least two ops (a head and what runs in its kernel)");
  FusionRule rule;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const YamlField item = f.at(i);
    FusionToken token;
    if (!parse_op_name(item.str(), token.op_class, token.activation)) item.fail(std::string("one of ") + kOpNames);
    const bool head_class = token.op_class == OpClass::conv || token.op_class == OpClass::pointwise ||
                            token.op_class == OpClass::depthwise || token.op_class == OpClass::linear ||
                            token.op_class == OpClass::pooling;
    const bool follower_class = token.op_class == OpClass::batch_norm || token.op_class == OpClass::activation ||
                                token.op_class == OpClass::add || token.op_class == OpClass::multiply;
    if (i == 0 && !head_class) item.fail("a head op: conv, pointwise, depthwise, linear or pooling");
    if (i > 0 && !follower_class) item.fail("an elementwise op: batch_norm, activation (or a name), add, multiply");
    token.any_conv = i == 0 && token.op_class == OpClass::conv;
    rule.push_back(token);
  }
  return rule;
}

Fallback parse_fallback(const YamlField& f) {
  Fallback fb;
  if (!f.present()) return fb;
  f.only_keys({"ops", "gmacs_per_s", "gelements_per_s", "transfer_gb_per_s", "switch_us"});
  const YamlField ops = f["ops"];
  for (std::size_t i = 0; i < ops.size(); ++i) {
    OpClass op_class{};
    int activation = -1;
    if (!parse_op_name(ops.at(i).str(), op_class, activation)) ops.at(i).fail(std::string("one of ") + kOpNames);
    if (activation >= 0) {
      fb.activations[static_cast<std::size_t>(activation)] = true;
    } else {
      fb.op_classes[static_cast<std::size_t>(op_class)] = true;
    }
  }
  fb.gmacs_per_s = f["gmacs_per_s"].number(0, kMaxRate);
  fb.gelements_per_s = f["gelements_per_s"].number(0, kMaxRate);
  fb.transfer_gb_per_s = f["transfer_gb_per_s"].number(0, kMaxRate);
  fb.switch_us = f["switch_us"].number_or(0, 0, kMaxRate, true);
  return fb;
}

}  // namespace

Device parse_device(std::string_view yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw DeviceError(fmt::format("{}:{}: not valid YAML: {}", source, e.mark.line + 1, e.msg));
  }
  const YamlField top(root, "", source, [](const std::string& message) { throw DeviceError(message); });
  if (!top.is_map()) top.fail("a mapping with name, precision, compute, memory");
  top.only_keys({"name", "description", "precision", "compute", "efficiency", "memory", "fusion", "fallback",
                 "resolution_templates", "overhead"});
  Device d;
  d.source_file = source;
  d.content_hash = fnv1a_hex(yaml_text);
  d.name = top["name"].str();
  d.description = top["description"].present() ? top["description"].str() : "";
  d.precision = parse_precision(top["precision"]);

  const YamlField compute = top["compute"];
  compute.only_keys({"clock_ghz", "mac_array", "depthwise_lanes", "vector_lanes"});
  d.clock_ghz = compute["clock_ghz"].number(0, 100);
  const YamlField array = compute["mac_array"];
  array.only_keys({"input_lanes", "output_lanes", "pixel_lanes"});
  d.input_lanes = array["input_lanes"].integer(1, 1 << 16);
  d.output_lanes = array["output_lanes"].integer(1, 1 << 16);
  d.pixel_lanes = array["pixel_lanes"].present() ? array["pixel_lanes"].integer(1, 1 << 16) : 1;
  d.depthwise_lanes = compute["depthwise_lanes"].integer(1, 1 << 16);
  d.vector_lanes = compute["vector_lanes"].integer(1, 1 << 16);

  d.efficiency = parse_efficiency(top["efficiency"]);

  const YamlField memory = top["memory"];
  memory.only_keys({"on_chip_kib", "dram_gb_per_s", "dram_latency_us"});
  d.on_chip_bytes = memory["on_chip_kib"].number(0, 1 << 30, true) * 1024.0;
  d.dram_gb_per_s = memory["dram_gb_per_s"].number(0, kMaxRate);
  d.dram_latency_us = memory["dram_latency_us"].number_or(0, 0, kMaxRate, true);

  if (const YamlField fusion = top["fusion"]; fusion.present()) {
    for (std::size_t i = 0; i < fusion.size(); ++i) d.fusion.push_back(parse_fusion_rule(fusion.at(i)));
  }
  d.fallback = parse_fallback(top["fallback"]);

  if (const YamlField templates = top["resolution_templates"]; templates.present()) {
    for (std::size_t i = 0; i < templates.size(); ++i) {
      d.resolution_templates.push_back(templates.at(i).integer(1, 1 << 14));
      if (i > 0 && d.resolution_templates[i] <= d.resolution_templates[i - 1]) templates.at(i).fail("ascending sizes");
    }
  }
  if (const YamlField overhead = top["overhead"]; overhead.present()) {
    overhead.only_keys({"kernel_us", "inference_us", "padding_us"});
    d.kernel_overhead_us = overhead["kernel_us"].number_or(0, 0, kMaxRate, true);
    d.inference_overhead_us = overhead["inference_us"].number_or(0, 0, kMaxRate, true);
    d.padding_overhead_us = overhead["padding_us"].number_or(0, 0, kMaxRate, true);
  }
  return d;
}

Device load_device_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DeviceError(fmt::format("{}: cannot read the device file", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return parse_device(text.str(), path.string());
}

std::filesystem::path devices_dir() {
  if (const char* dir = std::getenv("HWNAS_DEVICES_DIR"); dir != nullptr && *dir != '\0') return dir;
  return source_dir() / "devices";
}

Device load_device(std::string_view name_or_path) {
  const std::filesystem::path as_path(name_or_path);
  if (name_or_path.find('/') != std::string_view::npos || as_path.extension() == ".yaml") {
    return load_device_file(as_path);
  }
  const auto shipped = devices_dir() / (std::string(name_or_path) + ".yaml");
  if (!std::filesystem::exists(shipped)) {
    throw DeviceError(fmt::format("unknown simulated device '{}' (presets: {}; or give a path to a .yaml file)",
                                  name_or_path, fmt::join(list_devices(), ", ")));
  }
  return load_device_file(shipped);
}

std::vector<std::string> list_devices() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(devices_dir(), ec)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace hwnas::sim
