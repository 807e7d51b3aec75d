// write_space: the inverse of parse_space, used by tools that generate spaces (reduction rules,
// HURRICANE's per-device spaces).
#include <algorithm>

#include <yaml-cpp/yaml.h>

#include "hwnas/space/space_loader.hpp"

namespace hwnas::space {
namespace {

void emit_block_fields(YAML::Emitter& out, const BlockSpec& block) {
  out << YAML::Key << "kind" << YAML::Value << std::string(to_string(block.kind));
  if (block.kind == BlockKind::mixconv) {
    out << YAML::Key << "branches" << YAML::Value << YAML::BeginSeq;
    for (const auto& b : block.branches) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "kernel" << YAML::Value << b.kernel
          << YAML::Key << "expand" << YAML::Value << b.expand << YAML::EndMap;
    }
    out << YAML::EndSeq;
  } else {
    out << YAML::Key << "kernel" << YAML::Value << block.kernel;
    out << YAML::Key << "expand" << YAML::Value << block.expand;
  }
  if (block.se) out << YAML::Key << "se" << YAML::Value << true;
  if (block.act) out << YAML::Key << "act" << YAML::Value << std::string(hwnas::to_string(*block.act));
}

void emit_int_param(YAML::Emitter& out, const Space& space, const IntParam& p) {
  if (p.variable >= 0) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "var" << YAML::Value
        << space.variables[static_cast<std::size_t>(p.variable)].name << YAML::EndMap;
  } else {
    out << p.value;
  }
}

const char* fixed_op_name(FixedOp op) {
  switch (op) {
    case FixedOp::conv: return "conv";
    case FixedOp::block: return "block";
    case FixedOp::residual_conv: return "residual_conv";
    case FixedOp::max_pool: return "max_pool";
    case FixedOp::global_avg_pool: return "global_avg_pool";
    case FixedOp::linear: return "linear";
  }
  return "?";
}

void emit_fixed(YAML::Emitter& out, const Space& space, const std::vector<FixedLayer>& layers) {
  out << YAML::BeginSeq;
  for (const auto& layer : layers) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "op" << YAML::Value << fixed_op_name(layer.op);
    if (layer.op == FixedOp::conv || layer.op == FixedOp::block || layer.op == FixedOp::linear) {
      out << YAML::Key << "out" << YAML::Value;
      emit_int_param(out, space, layer.out);
    }
    if (layer.op != FixedOp::linear && layer.op != FixedOp::global_avg_pool &&
        layer.op != FixedOp::block) {
      out << YAML::Key << "kernel" << YAML::Value << layer.kernel;
    }
    out << YAML::Key << "stride" << YAML::Value << layer.stride;
    if (layer.op == FixedOp::max_pool) out << YAML::Key << "pad" << YAML::Value << layer.pad;
    out << YAML::Key << "bn" << YAML::Value << layer.bn;
    out << YAML::Key << "bias" << YAML::Value << layer.bias;
    out << YAML::Key << "act" << YAML::Value << std::string(hwnas::to_string(layer.act));
    if (layer.op == FixedOp::block) {
      out << YAML::Key << "block" << YAML::Value << YAML::BeginMap;
      emit_block_fields(out, layer.block);
      out << YAML::EndMap;
    }
    if (layer.enabled.variable >= 0) {
      out << YAML::Key << "enabled_by" << YAML::Value
          << space.variables[static_cast<std::size_t>(layer.enabled.variable)].name;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_block_names(YAML::Emitter& out, const Space& space, const std::vector<int>& ids) {
  out << YAML::Flow << YAML::BeginSeq;
  for (int id : ids) out << space.blocks[static_cast<std::size_t>(id)].name;
  out << YAML::EndSeq;
}

}  // namespace

std::string write_space(const Space& space) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << space.name;
  if (!space.description.empty()) out << YAML::Key << "description" << YAML::Value << space.description;
  if (!space.derived_from.empty()) out << YAML::Key << "derived_from" << YAML::Value << space.derived_from;
  out << YAML::Key << "input" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "channels" << YAML::Value << space.input_channels << YAML::Key << "resolutions"
      << YAML::Value << YAML::Flow << space.resolutions << YAML::Key << "default_resolution"
      << YAML::Value << space.default_resolution << YAML::EndMap;
  out << YAML::Key << "classes" << YAML::Value << space.num_classes;
  out << YAML::Key << "channel_divisor" << YAML::Value << space.channel_divisor;
  out << YAML::Key << "se" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
      << "reduction" << YAML::Value << space.se.reduction << YAML::Key << "gate" << YAML::Value
      << std::string(hwnas::to_string(space.se.gate)) << YAML::EndMap;
  if (!space.variables.empty()) {
    out << YAML::Key << "variables" << YAML::Value << YAML::BeginMap;
    for (const auto& var : space.variables) {
      out << YAML::Key << var.name << YAML::Value << YAML::Flow << var.values;
    }
    out << YAML::EndMap;
  }
  out << YAML::Key << "blocks" << YAML::Value << YAML::BeginSeq;
  for (const auto& block : space.blocks) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value << block.name;
    emit_block_fields(out, block);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  if (!space.stem.empty()) {
    out << YAML::Key << "stem" << YAML::Value;
    emit_fixed(out, space, space.stem);
  }
  out << YAML::Key << "units" << YAML::Value << YAML::BeginSeq;
  for (const auto& unit : space.units) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << unit.name;
    out << YAML::Key << "widths" << YAML::Value << YAML::Flow << unit.widths;
    out << YAML::Key << "width_names" << YAML::Value << YAML::Flow << unit.width_names;
    out << YAML::Key << "stride" << YAML::Value << unit.stride;
    out << YAML::Key << "act" << YAML::Value << std::string(hwnas::to_string(unit.act));
    out << YAML::Key << "se" << YAML::Value << unit.se;
    out << YAML::Key << "layers" << YAML::Value << YAML::Flow << YAML::BeginSeq << unit.min_layers
        << unit.max_layers << YAML::EndSeq;
    const bool uniform = std::all_of(unit.layer_blocks.begin(), unit.layer_blocks.end(),
                                     [&](const auto& ids) { return ids == unit.layer_blocks.front(); });
    if (uniform) {
      out << YAML::Key << "blocks" << YAML::Value;
      emit_block_names(out, space, unit.layer_blocks.front());
    } else {
      out << YAML::Key << "layer_blocks" << YAML::Value << YAML::BeginSeq;
      for (const auto& ids : unit.layer_blocks) emit_block_names(out, space, ids);
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "head" << YAML::Value;
  emit_fixed(out, space, space.head);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace hwnas::space
