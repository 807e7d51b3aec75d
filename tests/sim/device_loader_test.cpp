// Device files: every preset loads; a malformed file is a DeviceError naming the file, the line
// and the field.
#include "hwnas/sim/device.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "hwnas/graph/graph.hpp"

namespace hwnas::sim {
namespace {

const char* kMinimal = R"(name: tiny
precision: fp16
compute:
  clock_ghz: 1.0
  mac_array: {input_lanes: 8, output_lanes: 4}
  depthwise_lanes: 8
  vector_lanes: 8
efficiency:
  conv: {3: 0.9, 7: 0.2, other: 0.5}
  depthwise: 0.7
memory:
  on_chip_kib: 256
  dram_gb_per_s: 10
fusion:
  - [conv, batch_norm, relu]
fallback:
  ops: [se, h_swish]
  gmacs_per_s: 1
  gelements_per_s: 1
  transfer_gb_per_s: 1
resolution_templates: [160, 224]
overhead: {kernel_us: 3, inference_us: 50}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& yaml) {
  try {
    parse_device(yaml, "bad.yaml");
  } catch (const DeviceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DeviceLoader, ParsesEveryField) {
  const Device d = parse_device(kMinimal, "tiny.yaml");
  EXPECT_EQ(d.name, "tiny");
  EXPECT_EQ(d.element_bytes(), 2);
  EXPECT_EQ(d.input_lanes, 8);
  EXPECT_EQ(d.pixel_lanes, 1);
  EXPECT_DOUBLE_EQ(d.efficiency.conv.at(3), 0.9);
  EXPECT_DOUBLE_EQ(d.efficiency.conv.at(7), 0.2);
  EXPECT_DOUBLE_EQ(d.efficiency.conv.at(5), 0.5);
  EXPECT_DOUBLE_EQ(d.efficiency.depthwise.at(5), 0.7);
  EXPECT_DOUBLE_EQ(d.efficiency.pointwise, 1.0);
  EXPECT_DOUBLE_EQ(d.on_chip_bytes, 256 * 1024.0);
  ASSERT_EQ(d.fusion.size(), 1U);
  ASSERT_EQ(d.fusion[0].size(), 3U);
  EXPECT_TRUE(d.fusion[0][0].any_conv);
  EXPECT_EQ(d.fusion[0][2].activation, static_cast<int>(graph::Activation::relu));
  EXPECT_TRUE(d.fallback.op_classes[static_cast<std::size_t>(OpClass::se)]);
  EXPECT_TRUE(d.fallback.activations[static_cast<std::size_t>(graph::Activation::h_swish)]);
  EXPECT_FALSE(d.fallback.activations[static_cast<std::size_t>(graph::Activation::relu)]);
  EXPECT_EQ(d.padded_resolution(208), 224);
  EXPECT_EQ(d.padded_resolution(224), 224);
  EXPECT_EQ(d.padded_resolution(128), 160);
  EXPECT_EQ(d.padded_resolution(256), 256);  // above every template: runs as given
  EXPECT_DOUBLE_EQ(d.kernel_overhead_us, 3);
}

TEST(DeviceLoader, ContentHashFollowsTheBytes) {
  const Device a = parse_device(kMinimal, "a.yaml");
  EXPECT_EQ(parse_device(kMinimal, "b.yaml").content_hash, a.content_hash);
  EXPECT_NE(parse_device(replaced(kMinimal, "dram_gb_per_s: 10", "dram_gb_per_s: 11"), "a.yaml").content_hash,
            a.content_hash);
}

TEST(DeviceLoader, EveryPresetLoads) {
  const auto names = list_devices();
  for (const char* expected : {"midap", "kirin-npu-like", "hexagon-dsp-like", "myriad-vpu-like", "mobile-cpu-like",
                               "desktop-gpu-like"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const Device d = load_device(name);
    EXPECT_EQ(d.name, name);
    EXPECT_FALSE(d.description.empty());
    EXPECT_NE(d.description.find("simulated"), std::string::npos) << "presets say they are simulations";
  }
}

TEST(DeviceLoader, MalformedFilesNameTheField) {
  struct Case {
    std::string yaml;
    std::string expected;  // substring of the message
  };
  const std::vector<Case> cases = {
      {replaced(kMinimal, "clock_ghz: 1.0", "clock_ghz: fast"), "bad.yaml:4: compute.clock_ghz: expected a number"},
      {replaced(kMinimal, "clock_ghz: 1.0", "clock_ghz: -1"), "compute.clock_ghz: expected a number in (0, 100]"},
      {replaced(kMinimal, "  clock_ghz: 1.0\n", ""), "bad.yaml:4: compute.clock_ghz: expected a number in (0, 100], found nothing"},
      {replaced(kMinimal, "precision: fp16", "precision: fp8"), "bad.yaml:2: precision: expected one of int8, fp16, fp32"},
      {replaced(kMinimal, "input_lanes: 8", "input_lanes: 0"), "compute.mac_array.input_lanes: expected an integer"},
      {replaced(kMinimal, "dram_gb_per_s: 10", "dram_gbps: 10"), "memory.dram_gbps: expected one of the keys"},
      {replaced(kMinimal, "{3: 0.9, 7: 0.2, other: 0.5}", "{3: 0.9, 4: 0.2, other: 0.5}"),
       "efficiency.conv.4: expected a key that is an odd kernel size"},
      {replaced(kMinimal, "{3: 0.9, 7: 0.2, other: 0.5}", "{3: 0.9}"), "efficiency.conv.other: expected a number"},
      {replaced(kMinimal, "depthwise: 0.7", "depthwise: 1.5"), "efficiency.depthwise: expected a number in (0, 1]"},
      {replaced(kMinimal, "[conv, batch_norm, relu]", "[conv, batch_nrm, relu]"), "fusion[0][1]: expected one of conv"},
      {replaced(kMinimal, "[conv, batch_norm, relu]", "[relu, conv]"), "fusion[0][0]: expected a head op"},
      {replaced(kMinimal, "[conv, batch_norm, relu]", "[conv]"), "fusion[0]: expected a list of at least two ops"},
      {replaced(kMinimal, "ops: [se, h_swish]", "ops: [se, swish]"), "fallback.ops[1]: expected one of conv"},
      {replaced(kMinimal, "  transfer_gb_per_s: 1\n", ""), "fallback.transfer_gb_per_s: expected a number"},
      {replaced(kMinimal, "[160, 224]", "[224, 160]"), "resolution_templates[1]: expected ascending sizes"},
      {replaced(kMinimal, "name: tiny", "name: tiny\nspeed: 3"), "bad.yaml:2: speed: expected one of the keys"},
      {"name: [unclosed", "bad.yaml:1: not valid YAML"},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.yaml);
    EXPECT_NE(message.find(c.expected), std::string::npos) << "expected '" << c.expected << "' in: " << message;
  }
}

TEST(DeviceLoader, UnknownPresetListsThePresets) {
  try {
    load_device("no-such-npu");
    FAIL() << "no error";
  } catch (const DeviceError& e) {
    EXPECT_NE(std::string(e.what()).find("presets: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("midap"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_device("/no/such/device.yaml"), DeviceError);
}

}  // namespace
}  // namespace hwnas::sim
