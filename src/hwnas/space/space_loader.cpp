#include "hwnas/space/space_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "hwnas/common/source_dir.hpp"
#include "hwnas/common/yaml_field.hpp"
#include "hwnas/space/space_checks.hpp"

namespace hwnas::space {
namespace {

Activation activation_or(const YamlField& f, Activation fallback) {
  if (!f.present()) return fallback;
  try {
    return parse_activation(f.str());
  } catch (const std::invalid_argument&) {
    f.fail("one of identity, relu, relu6, h_swish, h_sigmoid, sigmoid");
  }
}

BlockKind parse_kind(const YamlField& f) {
  const std::string text = f.str();
  for (auto kind : {BlockKind::mbconv, BlockKind::sep, BlockKind::shuffle,
                    BlockKind::shuffle_xception, BlockKind::bottleneck, BlockKind::mixconv}) {
    if (to_string(kind) == text) return kind;
  }
  f.fail("one of mbconv, sep, shuffle, shuffle_xception, bottleneck, mixconv");
}

int parse_kernel(const YamlField& f, int fallback) {
  const int k = f.integer_or(fallback, 1, 15);
  if (k % 2 == 0) f.fail("an odd kernel size");
  return k;
}

BlockSpec parse_block(const YamlField& f, bool named) {
  f.only_keys({"name", "kind", "kernel", "expand", "se", "act", "branches"});
  BlockSpec block;
  if (named) {
    block.name = f["name"].str();
    if (block.name.empty() || block.name.find_first_of("|,:=> ") != std::string::npos) {
      f["name"].fail("a non-empty name without any of '|,:=> '");
    }
  }
  block.kind = parse_kind(f["kind"]);
  block.kernel = parse_kernel(f["kernel"], 3);
  block.expand = f["expand"].present() ? f["expand"].number(0.01, 64, true) : 1.0;
  block.se = f["se"].boolean_or(false);
  if (f["act"].present()) block.act = activation_or(f["act"], Activation::relu);
  if (block.kind == BlockKind::mixconv) {
    const YamlField branches = f["branches"];
    if (!branches.present() || branches.size() == 0) branches.fail("a non-empty list of branches");
    bool any_on = false;
    for (std::size_t i = 0; i < branches.size(); ++i) {
      const YamlField b = branches.at(i);
      b.only_keys({"kernel", "expand"});
      MixBranch branch{parse_kernel(b["kernel"], 3), b["expand"].number(0, 64, true)};
      any_on = any_on || branch.expand > 0;
      block.branches.push_back(branch);
    }
    if (!any_on) branches.fail("at least one branch with expand > 0");
  } else if (f["branches"].present()) {
    f["branches"].fail("no branches (only mixconv blocks have branches)");
  }
  return block;
}

IntParam parse_int_param(const YamlField& f, const Space& space, int min) {
  if (f.is_map()) {
    f.only_keys({"var"});
    const std::string name = f["var"].str();
    const int idx = space.variable_index(name);
    if (idx < 0) f["var"].fail("the name of a variable declared under 'variables'");
    return IntParam{0, idx};
  }
  return IntParam{f.integer(min), -1};
}

FixedOp parse_fixed_op(const YamlField& f) {
  static const std::pair<const char*, FixedOp> ops[] = {
      {"conv", FixedOp::conv},
      {"block", FixedOp::block},
      {"residual_conv", FixedOp::residual_conv},
      {"max_pool", FixedOp::max_pool},
      {"global_avg_pool", FixedOp::global_avg_pool},
      {"linear", FixedOp::linear}};
  const std::string text = f.str();
  for (const auto& [name, op] : ops) {
    if (text == name) return op;
  }
  f.fail("one of conv, block, residual_conv, max_pool, global_avg_pool, linear");
}

std::vector<FixedLayer> parse_fixed_layers(const YamlField& list, const Space& space) {
  std::vector<FixedLayer> layers;
  if (!list.present()) return layers;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YamlField f = list.at(i);
    f.only_keys({"op", "out", "kernel", "stride", "pad", "bn", "bias", "act", "block",
                 "enabled_by"});
    FixedLayer layer;
    layer.op = parse_fixed_op(f["op"]);
    const bool has_out = layer.op == FixedOp::conv || layer.op == FixedOp::block ||
                         layer.op == FixedOp::linear;
    if (has_out) {
      if (layer.op == FixedOp::linear && !f["out"].present()) {
        layer.out = IntParam{space.num_classes, -1};
      } else {
        layer.out = parse_int_param(f["out"], space, 1);
      }
    } else if (f["out"].present()) {
      f["out"].fail("no 'out' for this op");
    }
    layer.kernel = parse_kernel(f["kernel"], layer.op == FixedOp::max_pool ? 3 : 1);
    layer.stride = f["stride"].integer_or(1, 1, 8);
    layer.pad = f["pad"].integer_or(layer.op == FixedOp::max_pool ? layer.kernel / 2 : 0, 0, 8);
    layer.bn = f["bn"].boolean_or(layer.op == FixedOp::conv || layer.op == FixedOp::residual_conv);
    layer.bias = f["bias"].boolean_or(layer.op == FixedOp::linear);
    layer.act = activation_or(f["act"], Activation::identity);
    if (layer.op == FixedOp::block) {
      if (!f["block"].present()) f["block"].fail("an inline block (kind, kernel, expand ...)");
      layer.block = parse_block(f["block"], false);
      layer.block.name = "fixed";
    }
    if (f["enabled_by"].present()) {
      const int idx = space.variable_index(f["enabled_by"].str());
      if (idx < 0) f["enabled_by"].fail("the name of a variable declared under 'variables'");
      layer.enabled = IntParam{0, idx};
    }
    layers.push_back(std::move(layer));
  }
  return layers;
}

std::vector<int> parse_block_list(const YamlField& f, const Space& space) {
  std::vector<int> ids;
  if (f.present() && !f.is_sequence() && f.str() == "all") {
    for (std::size_t i = 0; i < space.blocks.size(); ++i) ids.push_back(static_cast<int>(i));
    return ids;
  }
  for (std::size_t i = 0; i < f.size(); ++i) {
    const YamlField item = f.at(i);
    const int idx = space.block_index(item.str());
    if (idx < 0) item.fail("the name of a block declared under 'blocks'");
    if (std::find(ids.begin(), ids.end(), idx) != ids.end()) item.fail("a block not listed twice");
    ids.push_back(idx);
  }
  if (ids.empty()) f.fail("at least one block");
  return ids;
}

UnitSpec parse_unit(const YamlField& f, const Space& space, std::size_t idx) {
  f.only_keys({"name", "out", "widths", "width_names", "stride", "act", "se", "layers", "blocks",
               "layer_blocks"});
  UnitSpec unit;
  unit.name = f["name"].str_or(fmt::format("u{}", idx + 1));
  if (f["out"].present() == f["widths"].present()) f["out"].fail("exactly one of 'out' or 'widths'");
  if (f["out"].present()) {
    unit.widths = {f["out"].integer(1)};
  } else {
    const YamlField widths = f["widths"];
    for (std::size_t i = 0; i < widths.size(); ++i) unit.widths.push_back(widths.at(i).integer(1));
    if (unit.widths.empty()) widths.fail("a non-empty list of channel counts");
  }
  if (f["width_names"].present()) {
    const YamlField names = f["width_names"];
    if (names.size() != unit.widths.size()) names.fail(fmt::format("{} names", unit.widths.size()));
    for (std::size_t i = 0; i < names.size(); ++i) unit.width_names.push_back(names.at(i).str());
  } else {
    for (std::size_t i = 0; i < unit.widths.size(); ++i) unit.width_names.push_back(fmt::format("w{}", i));
  }
  unit.stride = f["stride"].integer_or(1, 1, 8);
  unit.act = activation_or(f["act"], Activation::relu);
  unit.se = f["se"].boolean_or(false);
  const YamlField layers = f["layers"];
  if (layers.present() && layers.is_sequence()) {
    if (layers.size() != 2) layers.fail("[min, max]");
    unit.min_layers = layers.at(0).integer(1, 64);
    unit.max_layers = layers.at(1).integer(unit.min_layers, 64);
  } else {
    unit.min_layers = unit.max_layers = layers.integer(1, 64);
  }
  if (f["layer_blocks"].present()) {
    const YamlField per_layer = f["layer_blocks"];
    if (per_layer.size() != static_cast<std::size_t>(unit.max_layers)) {
      per_layer.fail(fmt::format("one block list per layer ({} lists)", unit.max_layers));
    }
    if (f["blocks"].present()) f["blocks"].fail("either 'blocks' or 'layer_blocks', not both");
    for (std::size_t i = 0; i < per_layer.size(); ++i) {
      unit.layer_blocks.push_back(parse_block_list(per_layer.at(i), space));
    }
  } else {
    if (!f["blocks"].present()) f["blocks"].fail("a list of block names or 'all'");
    unit.layer_blocks.assign(static_cast<std::size_t>(unit.max_layers),
                             parse_block_list(f["blocks"], space));
  }
  return unit;
}

}  // namespace

Space parse_space(std::string_view yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    throw SpaceError(fmt::format("{}:{}: malformed YAML: {}", source, e.mark.line + 1, e.msg));
  }
  const YamlField top(root, "", source, [](const std::string& message) { throw SpaceError(message); });
  if (!top.present() || !top.is_map()) top.fail("a mapping with name, input, blocks, units ...");
  top.only_keys({"name", "description", "derived_from", "input", "classes", "channel_divisor", "se", "variables",
                 "blocks", "stem", "units", "head"});
  Space space;
  space.source_file = source;
  space.name = top["name"].str();
  space.description = top["description"].str_or("");
  space.derived_from = top["derived_from"].str_or("");
  const YamlField input = top["input"];
  input.only_keys({"channels", "resolutions", "default_resolution"});
  space.input_channels = input["channels"].integer_or(3, 1, 64);
  const YamlField resolutions = input["resolutions"];
  for (std::size_t i = 0; i < resolutions.size(); ++i) {
    const int r = resolutions.at(i).integer(8, 4096);
    if (space.has_resolution(r)) resolutions.at(i).fail("a resolution not listed twice");
    space.resolutions.push_back(r);
  }
  if (space.resolutions.empty()) resolutions.fail("at least one resolution");
  space.default_resolution = input["default_resolution"].integer_or(space.resolutions.back(), 8, 4096);
  if (!space.has_resolution(space.default_resolution)) {
    input["default_resolution"].fail("one of input.resolutions");
  }
  space.num_classes = top["classes"].integer_or(1000, 1, 1 << 20);
  space.channel_divisor = top["channel_divisor"].integer_or(8, 1, 64);
  if (top["se"].present()) {
    top["se"].only_keys({"reduction", "gate"});
    space.se.reduction = top["se"]["reduction"].integer_or(4, 1, 64);
    space.se.gate = activation_or(top["se"]["gate"], Activation::h_sigmoid);
  }
  if (top["variables"].present()) {
    top["variables"].each_entry([&](const std::string& name, const YamlField& values) {
      Variable var{name, {}};
      for (std::size_t i = 0; i < values.size(); ++i) var.values.push_back(values.at(i).integer(0));
      if (var.values.empty()) values.fail("a non-empty list of integers");
      space.variables.push_back(std::move(var));
    });
  }
  const YamlField blocks = top["blocks"];
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    BlockSpec block = parse_block(blocks.at(i), true);
    if (space.block_index(block.name) >= 0) blocks.at(i)["name"].fail("a block name not used twice");
    space.blocks.push_back(std::move(block));
  }
  if (space.blocks.empty()) blocks.fail("at least one block");
  space.stem = parse_fixed_layers(top["stem"], space);
  const YamlField units = top["units"];
  std::set<std::string> unit_names;
  for (std::size_t i = 0; i < units.size(); ++i) {
    space.units.push_back(parse_unit(units.at(i), space, i));
    if (!unit_names.insert(space.units.back().name).second) {
      units.at(i)["name"].fail("a unit name not used twice");
    }
  }
  if (space.units.empty()) units.fail("at least one unit");
  space.head = parse_fixed_layers(top["head"], space);
  if (space.head.empty() || space.head.back().op != FixedOp::linear) {
    top["head"].fail("a head ending with a linear classifier");
  }
  run_space_checks(space, yaml_text);
  return space;
}

Space load_space_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw SpaceError(fmt::format("{}: cannot read the space file", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return parse_space(text.str(), path.string());
}

std::filesystem::path spaces_dir() {
  if (const char* dir = std::getenv("HWNAS_SPACES_DIR"); dir != nullptr && *dir != '\0') return dir;
  return source_dir() / "spaces";
}

Space load_space(std::string_view name_or_path) {
  const std::filesystem::path as_path(name_or_path);
  if (name_or_path.find('/') != std::string_view::npos || as_path.extension() == ".yaml" ||
      std::filesystem::exists(as_path)) {
    return load_space_file(as_path);
  }
  const auto shipped = spaces_dir() / (std::string(name_or_path) + ".yaml");
  if (!std::filesystem::exists(shipped)) {
    throw SpaceError(fmt::format("unknown space '{}' (shipped spaces: {}; or give a path to a .yaml file)",
                                 name_or_path, fmt::join(list_spaces(), ", ")));
  }
  return load_space_file(shipped);
}

std::string reference_to(const Space& space) {
  if (space.source_file.empty()) return {};
  const std::filesystem::path file(space.source_file);
  std::error_code ec;
  if (std::filesystem::equivalent(file, spaces_dir() / (space.name + ".yaml"), ec)) return space.name;
  return std::filesystem::absolute(file).lexically_normal().string();
}

std::string original_of(const Space& space) {
  return !space.derived_from.empty() ? space.derived_from : reference_to(space);
}

std::vector<std::string> list_spaces() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(spaces_dir(), ec)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace hwnas::space
