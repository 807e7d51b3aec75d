// A simulated accelerator as data: compute array, per-op efficiency, memory, precision, fusion
// rules, ops that fall back to a slower unit, input-resolution templates and fixed overheads.
// Loaded from YAML (schema and model: docs/devices.md). Every number is an input to an analytical
// model (latency_model.hpp), never a measurement.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/common/error.hpp"

namespace hwnas::sim {

// A bad device file: the message names the file, the line and the field.
class DeviceError : public InputError {
 public:
  using InputError::InputError;
};

enum class Precision : std::uint8_t { int8, fp16, fp32 };
std::string_view to_string(Precision precision);
int bytes_per_element(Precision precision);

// What the model distinguishes about an op. `se` is a whole squeeze-and-excitation subgraph
// (global pool → 1×1 convs → gate → multiply), recognised as one unit.
enum class OpClass : std::uint8_t {
  conv,           // dense k×k conv, k > 1 (grouped convs too, per group)
  pointwise,      // dense 1×1 conv
  depthwise,      // groups = input channels
  linear,
  batch_norm,
  activation,
  add,
  multiply,
  pooling,        // avg, max and global average pooling
  data_movement,  // concat, slice, channel_shuffle
  se,
};
inline constexpr int kOpClassCount = 11;
std::string_view to_string(OpClass op_class);

// A number per kernel size: listed sizes, `other` for the rest (kernels are odd, ≤ 15).
struct PerKernel {
  std::array<double, 16> by_kernel = [] {
    std::array<double, 16> ones{};
    ones.fill(1.0);
    return ones;
  }();
  double at(int kernel) const { return by_kernel[static_cast<std::size_t>(kernel < 16 ? kernel : 15)]; }
};

// Fraction of the unit's peak that each op class reaches (0, 1].
struct Efficiency {
  PerKernel conv;
  PerKernel depthwise;
  double pointwise = 1;
  double linear = 1;
  double elementwise = 1;  // batch_norm, activation, add, multiply
  double pooling = 1;
  double data_movement = 1;
  double se = 1;           // applied to the whole SE subgraph on the main unit
};

// One fusion rule: a head class followed by elementwise classes that run in the head's kernel.
// A token is an op class, `activation`, or one activation name (`relu`, `h_swish`, ...).
struct FusionToken {
  OpClass op_class = OpClass::conv;
  bool any_conv = false;  // token `conv` in a rule's head matches conv, pointwise and depthwise
  int activation = -1;    // Activation when the token names one; -1: any
};
using FusionRule = std::vector<FusionToken>;

// A slower unit (e.g. the host CPU) that runs what the main unit cannot.
struct Fallback {
  std::array<bool, kOpClassCount> op_classes{};  // whole classes that fall back
  std::array<bool, 8> activations{};             // by Activation
  double gmacs_per_s = 1;
  double gelements_per_s = 1;   // elementwise / pooling throughput
  double transfer_gb_per_s = 1; // moving the op's inputs and outputs to and from the unit
  double switch_us = 0;         // fixed cost of each hand-over
};

struct Device {
  std::string name;
  std::string description;
  std::string source_file;   // where it was loaded from
  std::string content_hash;  // FNV-1a of the file's bytes: the provenance of every simulated value
  Precision precision = Precision::fp16;

  // Compute: a MAC array of input_lanes × output_lanes × pixel_lanes at clock_ghz; depthwise and
  // vector units share its pixel parallelism.
  double clock_ghz = 1;
  int input_lanes = 64;       // reduction dimension (k_h·C_in is tiled by it)
  int output_lanes = 16;      // output channels in parallel
  int pixel_lanes = 1;        // output pixels in parallel (1 for MIDAP; a GPU has many)
  int depthwise_lanes = 64;   // channels a depthwise conv processes per cycle per tap
  int vector_lanes = 64;      // channels an elementwise/pooling op processes per cycle
  Efficiency efficiency;

  // Memory: what fits on chip stays there; the rest streams over DRAM.
  double on_chip_bytes = 1 << 20;
  double dram_gb_per_s = 25.6;
  double dram_latency_us = 0;  // per kernel that touches DRAM

  std::vector<FusionRule> fusion;
  Fallback fallback;
  std::vector<int> resolution_templates;  // ascending; empty: any resolution runs as given

  double kernel_overhead_us = 0;     // fixed cost of every kernel launch
  double inference_overhead_us = 0;  // fixed cost of one inference
  double padding_overhead_us = 0;    // fixed cost of padding an input up to a template

  // Bytes of one tensor element or weight at the device's precision.
  int element_bytes() const { return bytes_per_element(precision); }
  // The smallest template ≥ resolution, or the resolution itself when none is.
  int padded_resolution(int resolution) const;
};

// Parses YAML text; source names it in error messages.
Device parse_device(std::string_view yaml_text, const std::string& source);
Device load_device_file(const std::filesystem::path& path);

// The folder of shipped presets: $HWNAS_DEVICES_DIR, else <source dir>/devices.
std::filesystem::path devices_dir();
// A preset name ("kirin-npu-like") or a path to a YAML file.
Device load_device(std::string_view name_or_path);
// Names of the shipped presets, sorted.
std::vector<std::string> list_devices();

}  // namespace hwnas::sim
