// Applying rules to a space; every contradiction names the rule.
#include <algorithm>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"
#include "hwnas/reduce/rules.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::reduce {
namespace {

[[noreturn]] void fail(const Rule& rule, const std::string& message) {
  throw InputError(fmt::format("{}: rule '{}': {}", rule.where, describe(rule), message));
}

std::vector<std::size_t> selected_units(const space::Space& space, const Rule& rule) {
  std::vector<std::size_t> out;
  if (rule.units.empty()) {
    for (std::size_t u = 0; u < space.units.size(); ++u) out.push_back(u);
    return out;
  }
  for (const std::string& text : rule.units) {
    const auto by_name = std::find_if(space.units.begin(), space.units.end(), [&](const auto& u) { return u.name == text; });
    if (by_name != space.units.end()) {
      out.push_back(static_cast<std::size_t>(by_name - space.units.begin()));
      continue;
    }
    char* end = nullptr;
    const long n = std::strtol(text.c_str(), &end, 10);
    if (*end != 0 || n < 1 || n > static_cast<long>(space.units.size())) {
      fail(rule, fmt::format("unit '{}' does not exist (space '{}' has units 1 to {})", text, space.name, space.units.size()));
    }
    out.push_back(static_cast<std::size_t>(n - 1));
  }
  return out;
}

void remove_blocks(space::Space& space, const Rule& rule) {
  std::vector<int> doomed;
  for (const auto& name : rule.blocks) {
    const int b = space.block_index(name);
    if (b < 0) fail(rule, fmt::format("block '{}' is not in space '{}'", name, space.name));
    doomed.push_back(b);
  }
  bool removed_any = false;
  for (std::size_t u : selected_units(space, rule)) {
    space::UnitSpec& unit = space.units[u];
    for (int l : rule.layers) {
      if (l > unit.max_layers) fail(rule, fmt::format("unit {} has layers 1 to {}, not {}", u + 1, unit.max_layers, l));
    }
    for (int l = 1; l <= unit.max_layers; ++l) {
      if (!rule.layers.empty() && std::find(rule.layers.begin(), rule.layers.end(), l) == rule.layers.end()) continue;
      auto& cand = unit.layer_blocks[static_cast<std::size_t>(l - 1)];
      const auto before = cand.size();
      std::erase_if(cand, [&](int b) { return std::find(doomed.begin(), doomed.end(), b) != doomed.end(); });
      removed_any = removed_any || cand.size() != before;
      if (cand.empty()) fail(rule, fmt::format("leaves unit {} layer {} with no candidate block", u + 1, l));
    }
  }
  if (!removed_any) fail(rule, "none of these blocks is a candidate where the rule applies");
}

void set_depth(space::Space& space, const Rule& rule) {
  for (std::size_t u : selected_units(space, rule)) {
    space::UnitSpec& unit = space.units[u];
    if (rule.depth < unit.min_layers || rule.depth > unit.max_layers) {
      fail(rule, fmt::format("unit {} has depths {} to {}; {} is outside them", u + 1, unit.min_layers, unit.max_layers, rule.depth));
    }
    if (rule.kind == RuleKind::max_depth) {
      unit.max_layers = rule.depth;
      unit.layer_blocks.resize(static_cast<std::size_t>(rule.depth));
    } else {
      unit.min_layers = rule.depth;
    }
  }
}

void keep_resolutions(space::Space& space, const Rule& rule) {
  for (int r : rule.values) {
    if (!space.has_resolution(r)) {
      fail(rule, fmt::format("resolution {} is not in space '{}' (it has {})", r, space.name, fmt::join(space.resolutions, ", ")));
    }
  }
  std::erase_if(space.resolutions, [&](int r) { return std::find(rule.values.begin(), rule.values.end(), r) == rule.values.end(); });
  if (!space.has_resolution(space.default_resolution)) space.default_resolution = space.resolutions.back();
}

void keep_widths(space::Space& space, const Rule& rule) {
  for (std::size_t u : selected_units(space, rule)) {
    space::UnitSpec& unit = space.units[u];
    std::vector<int> widths;
    std::vector<std::string> names;
    for (const auto& keep : rule.widths) {
      const auto it = std::find(unit.width_names.begin(), unit.width_names.end(), keep);
      if (it == unit.width_names.end()) {
        fail(rule, fmt::format("unit {} has no width '{}' (it has {})", u + 1, keep, fmt::join(unit.width_names, ", ")));
      }
      widths.push_back(unit.widths[static_cast<std::size_t>(it - unit.width_names.begin())]);
      names.push_back(keep);
    }
    unit.widths = std::move(widths);
    unit.width_names = std::move(names);
  }
}

}  // namespace

space::Space apply_rules(const space::Space& original, const RuleSet& rules) {
  if (rules.space != original.name) {
    throw InputError(fmt::format("{}: rules are for space '{}', not '{}'", rules.source, rules.space, original.name));
  }
  if (!rules.unit_mutation.empty() && rules.unit_mutation.size() != original.units.size()) {
    throw InputError(fmt::format("{}: unit_mutation gives {} probabilities for the {} units of '{}'", rules.source,
                                 rules.unit_mutation.size(), original.units.size(), original.name));
  }
  space::Space space = original;
  // Predictors trained on the original score the reduced space's architectures there (metric/base_space.hpp).
  space.derived_from = space::original_of(original);
  for (const Rule& rule : rules.rules) {
    switch (rule.kind) {
      case RuleKind::remove: remove_blocks(space, rule); break;
      case RuleKind::max_depth:
      case RuleKind::min_depth: set_depth(space, rule); break;
      case RuleKind::resolutions: keep_resolutions(space, rule); break;
      case RuleKind::widths: keep_widths(space, rule); break;
    }
  }
  space.name = rules.name.empty() ? original.name + "-reduced" : rules.name;
  space.description = fmt::format("{} — reduced from '{}' by {}{}", original.description, original.name, rules.source,
                                  rules.description.empty() ? "" : ": " + rules.description);
  // The reduced space must load like any other: round-trip it through the loader's validation.
  return space::parse_space(space::write_space(space), space.name);
}

}  // namespace hwnas::reduce
