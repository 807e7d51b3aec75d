#include "hwnas/reduce/insights.hpp"

#include <cmath>
#include <map>
#include <optional>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"

namespace hwnas::reduce {
namespace {

using profile::CellKind;
using profile::MetricProfile;

const MetricProfile* find_profile(const profile::ProfileResult& r, const std::string& metric, int resolution) {
  for (const auto& p : r.profiles) {
    if (p.metric == metric && p.resolution == resolution) return &p;
  }
  return nullptr;
}

// effect(b) − effect(b') at one location, with a conservative half-width (the sum of the two
// cells' half-widths, valid whatever their correlation).
struct Difference {
  double value = 0;
  double half_width = 0;
};

using Location = std::pair<int, int>;  // (unit, layer), 0-based
using EffectsByLocation = std::map<Location, std::map<std::string, profile::Estimate>>;

EffectsByLocation block_effects(const MetricProfile& p) {
  EffectsByLocation out;
  for (const auto& c : p.cells) {
    if (c.cell.kind == CellKind::block && c.cell.width < 0) out[{c.cell.unit, c.cell.layer}][c.code] = c.effect;
  }
  return out;
}

std::optional<Difference> difference(const EffectsByLocation& effects, const Location& at, const std::string& b,
                                     const std::string& other) {
  const auto here = effects.find(at);
  if (here == effects.end()) return std::nullopt;
  const auto ib = here->second.find(b);
  const auto io = here->second.find(other);
  if (ib == here->second.end() || io == here->second.end()) return std::nullopt;
  return Difference{ib->second.value - io->second.value, ib->second.half_width() + io->second.half_width()};
}
std::string pick_benefit(const profile::ProfileResult& r) {
  for (const char* prefix : {"accuracy", "flops", "macs", "params"}) {
    for (const auto& p : r.profiles) {
      if (p.metric.rfind(prefix, 0) == 0) return p.metric;
    }
  }
  return "";
}

Difference mean_difference(const EffectsByLocation& effects, const std::string& b, const std::string& other) {
  Difference mean;
  int n = 0;
  for (const auto& [at, by_code] : effects) {
    if (const auto d = difference(effects, at, b, other)) {
      mean.value += d->value;
      mean.half_width += d->half_width;
      ++n;
    }
  }
  if (n == 0) return {NAN, NAN};
  return {mean.value / n, mean.half_width / n};
}

// b is dominated by b' when, on the mean over locations, it costs significantly more and is not
// significantly better on the benefit. It is then removed wherever it is not significantly better
// than b' on the benefit: a block that pays off in a few places (a wide expansion in the last
// units) averages out to "no gain", and removing it from every layer loses those places.
void dominated_blocks(const MetricProfile& cost, const MetricProfile& benefit, Insights& out) {
  const EffectsByLocation c = block_effects(cost);
  const EffectsByLocation g = block_effects(benefit);
  std::vector<std::string> codes;
  for (const auto& b : cost.blocks) {
    if (b.code.find('-') == std::string::npos) codes.push_back(b.code);
  }
  Rule everywhere;
  everywhere.kind = RuleKind::remove;
  std::vector<std::string> reasons;
  // Blocks kept where they pay off: per unit, the layers they leave; blocks that leave the same
  // layers share a rule.
  std::map<std::pair<int, std::vector<int>>, std::pair<std::vector<std::string>, std::vector<std::string>>> partial;
  for (const auto& b : codes) {
    for (const auto& other : codes) {
      if (other == b) continue;
      const Difference dc = mean_difference(c, b, other);
      const Difference dg = mean_difference(g, b, other);
      if (!(dc.value - dc.half_width > 0 && dg.value - dg.half_width <= 0)) continue;
      const std::string why = fmt::format("{} costs {:+.4g} ± {:.2g} {} more than {} on {} and gains {:+.4g} ± {:.2g} {} {} "
                                          "(mean over {} locations)", b, dc.value, dc.half_width, cost.unit, other,
                                          cost.metric, dg.value, dg.half_width, benefit.unit, benefit.metric, c.size());
      std::map<int, std::vector<int>> removed;  // unit -> 1-based layers
      std::vector<std::string> pays_off;
      for (const auto& [at, by_code] : g) {
        const auto d = difference(g, at, b, other);
        if (!d) continue;
        if (d->value - d->half_width > 0) {
          pays_off.push_back(fmt::format("u{}.l{} ({:+.3g} ± {:.2g})", at.first + 1, at.second + 1, d->value, d->half_width));
        } else {
          removed[at.first].push_back(at.second + 1);
        }
      }
      if (pays_off.empty()) {
        everywhere.blocks.push_back(b);
        reasons.push_back(why);
      } else {
        const std::string kept = fmt::format("{}; kept where it gains significantly more: {}", why, fmt::join(pays_off, ", "));
        for (const auto& [unit, layers] : removed) {
          auto& [blocks, whys] = partial[{unit, layers}];
          blocks.push_back(b);
          whys.push_back(kept);
        }
      }
      break;
    }
  }
  if (!everywhere.blocks.empty()) {
    everywhere.why = fmt::format("{}", fmt::join(reasons, "; "));
    out.proposals.push_back({everywhere, everywhere.why});
  }
  // Units left with the same blocks removed from the same layers share one rule.
  std::map<std::pair<std::vector<std::string>, std::vector<int>>, std::pair<std::vector<std::string>, std::string>> merged;
  for (const auto& [where, what] : partial) {
    auto& [units, why] = merged[{what.first, where.second}];
    units.push_back(std::to_string(where.first + 1));
    why = fmt::format("{}", fmt::join(what.second, "; "));
  }
  for (const auto& [what, where] : merged) {
    Rule rule;
    rule.kind = RuleKind::remove;
    rule.blocks = what.first;
    rule.layers = what.second;
    rule.units = where.first;
    rule.why = where.second;
    out.proposals.push_back({rule, rule.why});
  }
}

void optional_layers(const profile::ProfileResult& r, const MetricProfile& cost, const MetricProfile& benefit,
                     double ratio, Insights& out) {
  auto depth_effect = [](const MetricProfile& p, int unit, int depth) -> const profile::Estimate* {
    for (const auto& c : p.cells) {
      if (c.cell.kind == CellKind::depth && c.cell.unit == unit && c.cell.depth == depth) return &c.effect;
    }
    return nullptr;
  };
  for (int u = 0; u < static_cast<int>(r.space.units.size()); ++u) {
    const auto& unit = r.space.units[static_cast<std::size_t>(u)];
    if (unit.max_layers == unit.min_layers) continue;
    const int d = unit.max_layers;
    const auto* c_top = depth_effect(cost, u, d);
    const auto* c_below = depth_effect(cost, u, d - 1);
    const auto* g_top = depth_effect(benefit, u, d);
    const auto* g_below = depth_effect(benefit, u, d - 1);
    if (!c_top || !c_below || !g_top || !g_below) continue;
    const double dc = c_top->value - c_below->value;
    const double dc_hw = c_top->half_width() + c_below->half_width();
    const double cost_share = dc / cost.baseline.value;
    const double benefit_share = (g_top->value - g_below->value) / benefit.baseline.value;
    if (dc - dc_hw > 0 && cost_share >= ratio * benefit_share) {
      Rule rule;
      rule.kind = RuleKind::max_depth;
      rule.depth = d - 1;
      rule.units = {std::to_string(u + 1)};
      rule.why = fmt::format("layer {} of unit {} adds {:+.4g} ± {:.2g} {} ({:.2f}% of E[{}]) but {:.2f}% of E[{}]", d, u + 1, dc,
                             dc_hw, cost.unit, 100 * cost_share, cost.metric, 100 * benefit_share, benefit.metric);
      out.proposals.push_back({rule, rule.why});
    }
  }
}

}  // namespace

Insights propose_rules(const profile::ProfileResult& r, const InsightOptions& options) {
  Insights out;
  if (r.profiles.empty()) throw InputError("profile has no metrics");
  const int resolution = options.resolution ? options.resolution : r.resolutions.front();
  std::vector<std::string> costs = options.cost_metrics;
  if (costs.empty()) {
    for (const auto& p : r.profiles) {
      if (p.metric.rfind("latency", 0) == 0 && p.resolution == resolution) costs.push_back(p.metric);
    }
  }
  const std::string benefit_name = options.benefit_metric.empty() ? pick_benefit(r) : options.benefit_metric;
  std::vector<std::string> present;
  for (const auto& p : r.profiles) present.push_back(fmt::format("{}@r{}", p.metric, p.resolution));
  for (const auto& name : costs) {
    if (!find_profile(r, name, resolution)) {
      throw InputError(fmt::format("--cost {}: not in the profile at resolution {} (it has {})", name, resolution, fmt::join(present, ", ")));
    }
  }
  if (costs.empty()) {
    out.notes.push_back(fmt::format("no latency metric in the profile at resolution {} (it has {}); name one with --cost",
                                    resolution, fmt::join(present, ", ")));
    return out;
  }
  const MetricProfile* benefit = benefit_name.empty() ? nullptr : find_profile(r, benefit_name, resolution);
  if (!benefit) {
    if (!options.benefit_metric.empty()) {
      throw InputError(fmt::format("--benefit {}: not in the profile at resolution {} (it has {})", benefit_name, resolution,
                                   fmt::join(present, ", ")));
    }
    out.notes.push_back("no accuracy, flops, macs or params metric in the profile: nothing to weigh the cost against");
    return out;
  }
  for (const auto& name : costs) {
    if (name == benefit->metric) {
      out.notes.push_back(fmt::format("{} is both cost and benefit; skipped", name));
      continue;
    }
    const MetricProfile& cost = *find_profile(r, name, resolution);
    dominated_blocks(cost, *benefit, out);
    optional_layers(r, cost, *benefit, options.depth_ratio, out);
  }
  return out;
}

}  // namespace hwnas::reduce
