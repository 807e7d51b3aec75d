#include "hwnas/arch/encoding.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include <fmt/core.h>

#include "hwnas/common/fnv1a.hpp"

namespace hwnas::arch {
namespace {

std::vector<std::string_view> split(std::string_view text, std::string_view sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + sep.size();
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

int parse_int(std::string_view text, const std::string& what) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    throw InvalidArchitecture(fmt::format("{}: expected an integer, got '{}'", what, text));
  }
  return value;
}

int block_id(const space::Space& space, std::string_view name, std::size_t unit, std::size_t layer) {
  const int id = space.block_index(name);
  if (id < 0) {
    throw InvalidArchitecture(fmt::format("unit {} layer {}: unknown block '{}' in space '{}'", unit + 1,
                                          layer + 1, name, space.name));
  }
  return id;
}

// Offset of unit u's first layer in OFA's flat per-block lists.
std::size_t flat_offset(const space::Space& space, std::size_t unit) {
  std::size_t offset = 0;
  for (std::size_t u = 0; u < unit; ++u) offset += static_cast<std::size_t>(space.units[u].max_layers);
  return offset;
}

// The mbconv candidate of a layer with the given kernel and expand ratio.
int find_mbconv(const space::Space& space, std::size_t unit, std::size_t layer, int kernel, double expand) {
  for (int id : space.units[unit].layer_blocks[layer]) {
    const auto& b = space.blocks[static_cast<std::size_t>(id)];
    if (b.kind == space::BlockKind::mbconv && b.kernel == kernel && b.expand == expand && !b.se) return id;
  }
  throw InvalidArchitecture(fmt::format("unit {} layer {}: space '{}' has no MBConv block with k={} e={}",
                                        unit + 1, layer + 1, space.name, kernel, expand));
}

bool is_resnet_like(const space::Space& space) {
  return space.variable_index("stem_width") >= 0 && space.variable_index("stem_out") >= 0 &&
         space.variable_index("stem_depth") >= 0;
}

const nlohmann::json& field(const nlohmann::json& dict, const char* key, std::size_t min_size) {
  if (!dict.contains(key) || !dict[key].is_array() || dict[key].size() < min_size) {
    throw InvalidArchitecture(fmt::format("OFA arch dict: '{}' must be a list of at least {} numbers", key, min_size));
  }
  return dict[key];
}

// An integer of a JSON architecture. get<int>() would truncate 2.5 and turn 1e50 into undefined
// behaviour; the bound keeps sums such as min_layers + d from overflowing.
int whole(const nlohmann::json& value, std::string_view what) {
  constexpr std::int64_t kBound = 1 << 24;
  if (!value.is_number_integer() || value.get<std::int64_t>() < -kBound || value.get<std::int64_t>() > kBound ||
      (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(kBound))) {
    throw InvalidArchitecture(fmt::format("{}: expected a whole number in [-{}, {}], found {}", what, kBound, kBound,
                                          value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  }
  return static_cast<int>(value.get<std::int64_t>());
}

}  // namespace

std::string to_canonical(const space::Space& space, const Architecture& arch) {
  std::string out = "r" + std::to_string(arch.resolution);
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    out += "|" + space.variables[v].name + "=" + std::to_string(arch.variables[v]);
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    out += '|';
    const auto& unit = space.units[u];
    if (unit.widths.size() > 1) out += unit.width_names[static_cast<std::size_t>(arch.units[u].width)] + ":";
    bool first = true;
    for (int id : arch.units[u].blocks) {
      if (!first) out += ',';
      out += space.blocks[static_cast<std::size_t>(id)].name;
      first = false;
    }
  }
  return out;
}

Architecture parse_canonical(const space::Space& space, std::string_view text) {
  const auto segments = split(trim(text), "|");
  if (segments.empty() || segments[0].size() < 2 || segments[0][0] != 'r') {
    throw InvalidArchitecture(fmt::format("architecture '{}': must start with r<resolution>, e.g. r224|...", text));
  }
  Architecture arch;
  arch.resolution = parse_int(segments[0].substr(1), "resolution");
  arch.variables.assign(space.variables.size(), -1);
  std::size_t s = 1;
  for (; s < segments.size() && segments[s].find('=') != std::string_view::npos; ++s) {
    const auto eq = segments[s].find('=');
    const int v = space.variable_index(segments[s].substr(0, eq));
    if (v < 0) {
      throw InvalidArchitecture(fmt::format("unknown variable '{}' in space '{}'", segments[s].substr(0, eq), space.name));
    }
    arch.variables[static_cast<std::size_t>(v)] = parse_int(segments[s].substr(eq + 1), std::string(segments[s]));
  }
  for (std::size_t v = 0; v < space.variables.size(); ++v) {
    if (arch.variables[v] < 0) {
      throw InvalidArchitecture(fmt::format("variable '{}' is missing (add |{}=<index>)", space.variables[v].name,
                                            space.variables[v].name));
    }
  }
  if (segments.size() - s != space.units.size()) {
    throw InvalidArchitecture(fmt::format("space '{}' has {} units, the architecture lists {}", space.name,
                                          space.units.size(), segments.size() - s));
  }
  for (std::size_t u = 0; u < space.units.size(); ++u, ++s) {
    std::string_view seg = segments[s];
    UnitChoice choice;
    const auto colon = seg.find(':');
    const auto& unit = space.units[u];
    if (colon != std::string_view::npos) {
      const auto name = seg.substr(0, colon);
      choice.width = -1;
      for (std::size_t w = 0; w < unit.width_names.size(); ++w) {
        if (unit.width_names[w] == name) choice.width = static_cast<int>(w);
      }
      if (choice.width < 0) {
        throw InvalidArchitecture(fmt::format("unit {}: unknown width '{}'", u + 1, name));
      }
      seg = seg.substr(colon + 1);
    } else if (unit.widths.size() > 1) {
      throw InvalidArchitecture(fmt::format("unit {}: width choice missing (prefix the blocks with one of the "
                                            "width names and ':', e.g. {}:)", u + 1, unit.width_names.front()));
    }
    if (!seg.empty()) {
      const auto names = split(seg, ",");
      for (std::size_t l = 0; l < names.size(); ++l) choice.blocks.push_back(block_id(space, trim(names[l]), u, l));
    }
    arch.units.push_back(std::move(choice));
  }
  validate(space, arch);
  return arch;
}

nlohmann::json to_json(const space::Space& space, const Architecture& arch) {
  nlohmann::json j;
  j["space"] = space.name;
  j["resolution"] = arch.resolution;
  if (!space.variables.empty()) {
    j["variables"] = nlohmann::json::object();
    for (std::size_t v = 0; v < space.variables.size(); ++v) j["variables"][space.variables[v].name] = arch.variables[v];
  }
  j["units"] = nlohmann::json::array();
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    nlohmann::json unit;
    if (space.units[u].widths.size() > 1) {
      unit["width"] = space.units[u].width_names[static_cast<std::size_t>(arch.units[u].width)];
    }
    unit["blocks"] = nlohmann::json::array();
    for (int id : arch.units[u].blocks) unit["blocks"].push_back(space.blocks[static_cast<std::size_t>(id)].name);
    j["units"].push_back(unit);
  }
  return j;
}

Architecture from_json(const space::Space& space, const nlohmann::json& json) {
  try {
    std::string text = "r" + std::to_string(whole(json.at("resolution"), "resolution"));
    for (const auto& var : space.variables) {
      text += "|" + var.name + "=" + std::to_string(whole(json.at("variables").at(var.name), var.name));
    }
    for (const auto& unit : json.at("units")) {
      text += '|';
      if (unit.contains("width")) text += unit["width"].get<std::string>() + ":";
      bool first = true;
      for (const auto& b : unit.at("blocks")) {
        text += (first ? "" : ",") + b.get<std::string>();
        first = false;
      }
    }
    return parse_canonical(space, text);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArchitecture(fmt::format("architecture JSON: {} (expected {{\"resolution\", \"units\": "
                                          "[{{\"blocks\": [...]}}], ...}})", e.what()));
  }
}

Architecture from_ofa_dict(const space::Space& space, const nlohmann::json& dict) {
  try {
    Architecture arch;
    arch.resolution = dict.contains("r") ? whole(dict["r"], "OFA arch dict: r") : space.default_resolution;
    const std::size_t n_units = space.units.size();
    if (is_resnet_like(space)) {
      const auto& d = field(dict, "d", n_units + 1);
      const auto& e = field(dict, "e", flat_offset(space, n_units));
      const auto& w = field(dict, "w", n_units + 2);
      arch.variables.assign(space.variables.size(), 0);
      // OFA's d[0] ranges over {0, 1, 2}; only its maximum keeps the skippable stem block.
      arch.variables[static_cast<std::size_t>(space.variable_index("stem_depth"))] = whole(d[0], "OFA arch dict: d") == 2 ? 1 : 0;
      arch.variables[static_cast<std::size_t>(space.variable_index("stem_width"))] = whole(w[0], "OFA arch dict: w");
      arch.variables[static_cast<std::size_t>(space.variable_index("stem_out"))] = whole(w[1], "OFA arch dict: w");
      for (std::size_t u = 0; u < n_units; ++u) {
        const auto& unit = space.units[u];
        UnitChoice choice;
        choice.width = whole(w[u + 2], "OFA arch dict: w");
        const int depth = unit.min_layers + whole(d[u + 1], "OFA arch dict: d");
        for (int l = 0; l < depth && l < unit.max_layers; ++l) {
          const double expand = e[flat_offset(space, u) + static_cast<std::size_t>(l)].get<double>();
          int found = -1;
          for (int id : unit.layer_blocks[static_cast<std::size_t>(l)]) {
            if (std::abs(space.blocks[static_cast<std::size_t>(id)].expand - expand) < 1e-9) found = id;
          }
          if (found < 0) {
            throw InvalidArchitecture(fmt::format("unit {} layer {}: no bottleneck with expand ratio {}", u + 1, l + 1, expand));
          }
          choice.blocks.push_back(found);
        }
        if (depth > unit.max_layers) {
          throw InvalidArchitecture(fmt::format("unit {}: d = {} gives {} layers, at most {}", u + 1,
                                                whole(d[u + 1], "OFA arch dict: d"), depth, unit.max_layers));
        }
        arch.units.push_back(std::move(choice));
      }
    } else {
      const std::size_t n_blocks = flat_offset(space, n_units);
      const auto& ks = field(dict, "ks", n_blocks);
      const auto& e = field(dict, "e", n_blocks);
      const auto& d = dict.contains("d") ? dict["d"] : nlohmann::json::array();
      arch.variables.assign(space.variables.size(), 0);
      for (std::size_t u = 0; u < n_units; ++u) {
        const auto& unit = space.units[u];
        // OFA takes min(max depth, d): a fixed-depth unit ignores d, and may have no entry.
        int depth = u < d.size() ? whole(d[u], "OFA arch dict: d") : unit.max_layers;
        depth = std::min(depth, unit.max_layers);
        UnitChoice choice;
        for (int l = 0; l < depth; ++l) {
          const std::size_t i = flat_offset(space, u) + static_cast<std::size_t>(l);
          choice.blocks.push_back(find_mbconv(space, u, static_cast<std::size_t>(l), whole(ks[i], "OFA arch dict: ks"), e[i].get<double>()));
        }
        arch.units.push_back(std::move(choice));
      }
    }
    validate(space, arch);
    return arch;
  } catch (const nlohmann::json::exception& e) {
    throw InvalidArchitecture(fmt::format("OFA arch dict: {}", e.what()));
  }
}

nlohmann::json to_ofa_dict(const space::Space& space, const Architecture& arch) {
  nlohmann::json dict;
  const std::size_t n_units = space.units.size();
  if (is_resnet_like(space)) {
    dict["d"] = {arch.variables[static_cast<std::size_t>(space.variable_index("stem_depth"))] == 1 ? 2 : 0};
    dict["w"] = {arch.variables[static_cast<std::size_t>(space.variable_index("stem_width"))],
                 arch.variables[static_cast<std::size_t>(space.variable_index("stem_out"))]};
    dict["e"] = nlohmann::json::array();
    for (std::size_t u = 0; u < n_units; ++u) {
      const auto& unit = space.units[u];
      dict["d"].push_back(arch.depth(static_cast<int>(u)) - unit.min_layers);
      dict["w"].push_back(arch.units[u].width);
      for (int l = 0; l < unit.max_layers; ++l) {
        const auto& blocks = arch.units[u].blocks;
        const int id = l < static_cast<int>(blocks.size()) ? blocks[static_cast<std::size_t>(l)] : blocks.back();
        dict["e"].push_back(space.blocks[static_cast<std::size_t>(id)].expand);
      }
    }
  } else {
    dict["ks"] = nlohmann::json::array();
    dict["e"] = nlohmann::json::array();
    dict["d"] = nlohmann::json::array();
    for (std::size_t u = 0; u < n_units; ++u) {
      const auto& blocks = arch.units[u].blocks;
      dict["d"].push_back(blocks.size());
      for (int l = 0; l < space.units[u].max_layers; ++l) {
        // Inactive layers are ignored by OFA; repeat the last active block to keep lists full.
        const int id = l < static_cast<int>(blocks.size()) ? blocks[static_cast<std::size_t>(l)] : blocks.back();
        const auto& b = space.blocks[static_cast<std::size_t>(id)];
        dict["ks"].push_back(b.kernel);
        dict["e"].push_back(b.expand == static_cast<int>(b.expand) ? nlohmann::json(static_cast<int>(b.expand))
                                                                  : nlohmann::json(b.expand));
      }
    }
  }
  dict["r"] = arch.resolution;
  return dict;
}

Architecture from_net_str(const space::Space& space, std::string_view net_str, int resolution) {
  Architecture arch;
  arch.resolution = resolution;
  arch.variables.assign(space.variables.size(), 0);
  const auto units = split(trim(net_str), "|");
  if (units.size() != space.units.size()) {
    throw InvalidArchitecture(fmt::format("net_str has {} units, space '{}' has {}", units.size(), space.name,
                                          space.units.size()));
  }
  for (std::size_t u = 0; u < units.size(); ++u) {
    UnitChoice choice;
    const auto blocks = split(trim(units[u]), "->");
    const auto max_layers = static_cast<std::size_t>(space.units[u].max_layers);
    if (blocks.size() > max_layers) {
      throw InvalidArchitecture(fmt::format("net_str unit {} has {} layers, space '{}' allows at most {}", u + 1,
                                            blocks.size(), space.name, max_layers));
    }
    for (std::size_t l = 0; l < blocks.size(); ++l) {
      const std::string_view b = trim(blocks[l]);
      // mbconv{2|3}_e{e}_k{k}
      const auto e_at = b.find("_e");
      const auto k_at = b.find("_k");
      if (b.rfind("mbconv", 0) != 0 || e_at == std::string_view::npos || k_at == std::string_view::npos) {
        throw InvalidArchitecture(fmt::format("net_str unit {} layer {}: expected mbconv<v>_e<e>_k<k>, got '{}'",
                                              u + 1, l + 1, b));
      }
      const int e = parse_int(b.substr(e_at + 2, k_at - e_at - 2), "net_str expand ratio");
      const int k = parse_int(b.substr(k_at + 2), "net_str kernel");
      choice.blocks.push_back(find_mbconv(space, u, l, k, e));
    }
    arch.units.push_back(std::move(choice));
  }
  validate(space, arch);
  return arch;
}

std::string to_net_str(const space::Space& space, const Architecture& arch) {
  // "mbconv3" for MobileNetV3 spaces (those with SE or h-swish units), "mbconv2" for ProxylessNAS.
  bool v3 = false;
  for (const auto& unit : space.units) v3 = v3 || unit.se || unit.act == Activation::h_swish;
  std::string out;
  for (std::size_t u = 0; u < arch.units.size(); ++u) {
    if (u > 0) out += '|';
    for (std::size_t l = 0; l < arch.units[u].blocks.size(); ++l) {
      const auto& b = space.blocks[static_cast<std::size_t>(arch.units[u].blocks[l])];
      if (b.kind != space::BlockKind::mbconv) {
        throw InvalidArchitecture(fmt::format("net_str only describes MBConv spaces, block '{}' is {}", b.name,
                                              space::to_string(b.kind)));
      }
      out += fmt::format("{}mbconv{}_e{}_k{}", l > 0 ? "->" : "", v3 ? 3 : 2, static_cast<int>(b.expand), b.kernel);
    }
  }
  return out;
}

Architecture parse_any(const space::Space& space, std::string_view text, int default_resolution) {
  const std::string_view t = trim(text);
  if (!t.empty() && t.front() == '{') {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(t);
    } catch (const nlohmann::json::exception& e) {
      throw InvalidArchitecture(fmt::format("architecture JSON does not parse: {}", e.what()));
    }
    if (j.contains("units")) return from_json(space, j);
    return from_ofa_dict(space, j);
  }
  if (t.find("->") != std::string_view::npos || t.rfind("mbconv", 0) == 0) {
    return from_net_str(space, t, default_resolution);
  }
  return parse_canonical(space, t);
}

std::string arch_hash(const space::Space& space, const Architecture& arch) {
  return Fnv1a().add(space.name).add("\n").add(to_canonical(space, arch)).hex();
}

}  // namespace hwnas::arch
