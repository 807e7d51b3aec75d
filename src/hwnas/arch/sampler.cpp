#include "hwnas/arch/sampler.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/core.h>

namespace hwnas::arch {

int uniform_index(Rng& rng, std::size_t n) {
  return static_cast<int>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
}

int random_block(const space::UnitSpec& unit, std::size_t layer, Rng& rng) {
  const auto& allowed = unit.layer_blocks[layer];
  return allowed[static_cast<std::size_t>(uniform_index(rng, allowed.size()))];
}

namespace {

void check_placement(const space::Space& space, const Placement& fixed) {
  if (fixed.unit < 0 || fixed.unit >= static_cast<int>(space.units.size())) {
    throw InvalidArchitecture(fmt::format("unit {} does not exist (space '{}' has units 1 to {})",
                                          fixed.unit + 1, space.name, space.units.size()));
  }
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(fixed.unit)];
  if (fixed.layer < 0 || fixed.layer >= unit.max_layers) {
    throw InvalidArchitecture(fmt::format("unit {} has layers 1 to {}, not {}", fixed.unit + 1,
                                          unit.max_layers, fixed.layer + 1));
  }
  const auto& allowed = unit.layer_blocks[static_cast<std::size_t>(fixed.layer)];
  if (std::find(allowed.begin(), allowed.end(), fixed.block) == allowed.end()) {
    throw InvalidArchitecture(fmt::format("block '{}' is not a candidate at unit {} layer {}",
                                          space.blocks[static_cast<std::size_t>(fixed.block)].name,
                                          fixed.unit + 1, fixed.layer + 1));
  }
}

}  // namespace

Architecture sample_uniform(const space::Space& space, Rng& rng, std::optional<int> resolution) {
  Architecture arch;
  if (resolution) {
    arch.resolution = *resolution;
  } else {
    arch.resolution = space.resolutions[static_cast<std::size_t>(uniform_index(rng, space.resolutions.size()))];
  }
  arch.variables.reserve(space.variables.size());
  for (const auto& var : space.variables) arch.variables.push_back(uniform_index(rng, var.values.size()));
  arch.units.resize(space.units.size());
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    const space::UnitSpec& unit = space.units[u];
    UnitChoice& choice = arch.units[u];
    choice.width = uniform_index(rng, unit.widths.size());
    const int depth = std::uniform_int_distribution<int>(unit.min_layers, unit.max_layers)(rng);
    choice.blocks.resize(static_cast<std::size_t>(depth));
    for (std::size_t l = 0; l < choice.blocks.size(); ++l) choice.blocks[l] = random_block(unit, l, rng);
  }
  return arch;
}

DepthRule parse_depth_rule(std::string_view text) {
  if (text == "uniform") return DepthRule::uniform;
  if (text == "clamp") return DepthRule::clamp;
  throw InputError(fmt::format("--depth-rule '{}': expected uniform (the paper's) or clamp", text));
}

std::string_view to_string(DepthRule rule) { return rule == DepthRule::uniform ? "uniform" : "clamp"; }

void place(const space::Space& space, Architecture& arch, const Placement& fixed, Rng& rng, DepthRule rule) {
  check_placement(space, fixed);
  const space::UnitSpec& unit = space.units[static_cast<std::size_t>(fixed.unit)];
  auto& blocks = arch.units[static_cast<std::size_t>(fixed.unit)].blocks;
  if (static_cast<int>(blocks.size()) <= fixed.layer) {
    const int depth = rule == DepthRule::clamp
                          ? fixed.layer + 1
                          : std::uniform_int_distribution<int>(fixed.layer + 1, unit.max_layers)(rng);
    while (static_cast<int>(blocks.size()) < depth) blocks.push_back(random_block(unit, blocks.size(), rng));
  }
  blocks[static_cast<std::size_t>(fixed.layer)] = fixed.block;
}

Architecture sample_fixed(const space::Space& space, Rng& rng, const Placement& fixed,
                          std::optional<int> resolution, DepthRule rule) {
  Architecture arch = sample_uniform(space, rng, resolution);
  place(space, arch, fixed, rng, rule);
  return arch;
}

Placement parse_placement(const space::Space& space, std::string_view text) {
  const auto first = text.find(':');
  const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
  auto parse_int = [&](std::string_view part, const char* what) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || ptr != part.data() + part.size() || value < 1) {
      throw InvalidArchitecture(fmt::format("--fix '{}': {} must be a positive integer (1-based), got '{}'",
                                            text, what, part));
    }
    return value;
  };
  if (second == std::string_view::npos) {
    throw InvalidArchitecture(fmt::format("--fix '{}': expected U:L:BLOCK, e.g. 2:1:e6k5", text));
  }
  Placement p;
  p.unit = parse_int(text.substr(0, first), "U") - 1;
  p.layer = parse_int(text.substr(first + 1, second - first - 1), "L") - 1;
  const std::string_view name = text.substr(second + 1);
  p.block = space.block_index(name);
  if (p.block < 0) {
    throw InvalidArchitecture(fmt::format("--fix '{}': unknown block '{}' in space '{}'", text, name, space.name));
  }
  check_placement(space, p);
  return p;
}

}  // namespace hwnas::arch
