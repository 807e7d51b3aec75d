// A design space as data: a fixed stem and head around searchable units of layers, each layer
// choosing one block from the space's vocabulary. Loaded from YAML (space_loader.hpp); the schema
// is documented in docs/spaces.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hwnas/common/activation.hpp"

namespace hwnas::space {

// Block families; each is built into IR ops by graph/blocks.cpp.
enum class BlockKind {
  mbconv,            // inverted residual: 1×1 expand, k×k depthwise, optional SE, 1×1 project
  sep,               // DARTS separable conv applied twice: (act, dw k×k, pw, BN) × 2
  shuffle,           // ShuffleNetV2 unit (SPOS Choice_k)
  shuffle_xception,  // SPOS ChoiceX: three dw3×3 + pw pairs on the main branch
  bottleneck,        // ResNet bottleneck: 1×1, 3×3, 1×1 with a residual
  mixconv,           // S3NAS: 1×1 expand, parallel depthwise branches, concat, 1×1 project
};

std::string_view to_string(BlockKind kind);

struct MixBranch {
  int kernel = 3;
  double expand = 0;  // 0 switches the branch off
};

struct BlockSpec {
  std::string name;
  BlockKind kind = BlockKind::mbconv;
  int kernel = 3;
  double expand = 1;                // mbconv, bottleneck: mid-channel ratio
  bool se = false;                  // SE inside the block, on top of the unit's se flag
  std::optional<Activation> act;    // overrides the unit's activation
  std::vector<MixBranch> branches;  // mixconv only
};

struct SeSpec {
  int reduction = 4;
  Activation gate = Activation::h_sigmoid;
};

// A named integer choice used by fixed layers (ResNet50's stem widths and skippable stem block).
struct Variable {
  std::string name;
  std::vector<int> values;
};

// A number in a fixed layer: a literal, or the value a variable takes in the architecture.
struct IntParam {
  int value = 0;
  int variable = -1;  // index into Space::variables, or -1 for a literal
};

enum class FixedOp {
  conv,             // conv + optional BN + activation
  block,            // one block of the vocabulary at a fixed place (e.g. OFA's first MBConv)
  residual_conv,    // x + act(BN(conv(x))) — ResNet50's skippable stem block
  max_pool,
  global_avg_pool,
  linear,
};

struct FixedLayer {
  FixedOp op = FixedOp::conv;
  IntParam out;                  // output channels; unused by pools
  int kernel = 1;
  int stride = 1;
  int pad = 0;                   // pools only; convs pad kernel/2
  bool bn = true;
  bool bias = false;
  Activation act = Activation::identity;
  BlockSpec block;               // FixedOp::block
  IntParam enabled{1, -1};       // layer is present when this evaluates to non-zero
};

struct UnitSpec {
  std::string name;
  std::vector<int> widths;             // output channel choices (one entry when fixed)
  std::vector<std::string> width_names;  // names of the width choices, same length as widths
  int stride = 1;
  Activation act = Activation::relu;
  bool se = false;
  int min_layers = 1;
  int max_layers = 1;
  // Candidate blocks (indices into Space::blocks) for each layer position, max_layers entries.
  std::vector<std::vector<int>> layer_blocks;
};

struct Space {
  std::string name;
  std::string description;
  std::string source_file;             // where it was loaded from, for error messages
  std::string derived_from;            // the space file this one was reduced from (hwnas reduce), or empty
  int input_channels = 3;
  int num_classes = 1000;
  std::vector<int> resolutions;
  int default_resolution = 224;
  int channel_divisor = 8;             // OFA's make_divisible divisor
  SeSpec se;
  std::vector<Variable> variables;
  std::vector<BlockSpec> blocks;       // the block vocabulary
  std::vector<FixedLayer> stem;
  std::vector<UnitSpec> units;
  std::vector<FixedLayer> head;

  // Index of a block by name, or -1.
  int block_index(std::string_view block_name) const;
  int variable_index(std::string_view variable_name) const;
  bool has_resolution(int resolution) const;
  // Number of searchable layer positions (sum of max_layers).
  int max_total_layers() const;
};

// OFA's channel rounding: max(divisor, int(v + divisor/2) // divisor * divisor),
// plus divisor when that drops below 0.9·v.
int make_divisible(double value, int divisor = 8);

}  // namespace hwnas::space
