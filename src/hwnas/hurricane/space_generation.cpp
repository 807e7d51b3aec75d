#include "hwnas/hurricane/space_generation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"
#include "hwnas/report/gnuplot.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::hurricane {
namespace {

void check_options(const space::Space& source, const LayerProfile& profile, const GenerationOptions& o) {
  if (!(o.alpha >= 0)) throw InputError(fmt::format("--alpha: must be non-negative (eq. 2), got {}", o.alpha));
  if (o.keep < 1) throw InputError(fmt::format("--p: at least one operator per layer, got {}", o.keep));
  const int n = static_cast<int>(profile.layers.size());
  if (o.explore_layers < 0 || o.explore_layers > n) {
    throw InputError(fmt::format("--explore: between 0 and the {} layers of '{}', got {}", n, source.name, o.explore_layers));
  }
  for (const LayerSlot& slot : profile.layers) {
    const auto count = source.units[static_cast<std::size_t>(slot.unit)].layer_blocks[static_cast<std::size_t>(slot.layer)].size();
    if (static_cast<std::size_t>(o.keep) > count) {
      throw InputError(fmt::format("--p {}: layer {} of '{}' has only {} candidates", o.keep, slot.index + 1, source.name, count));
    }
  }
}

// The exploring operator's index in `ranked` (see the header), or -1 when nothing is left.
int pick_explorer(const space::Space& source, const std::vector<ScoredOperator>& ranked, std::size_t keep) {
  if (ranked.size() <= keep) return -1;
  std::set<space::BlockKind> families;
  for (std::size_t i = 0; i < keep; ++i) families.insert(source.blocks[static_cast<std::size_t>(ranked[i].measure.block)].kind);
  for (std::size_t i = keep; i < ranked.size(); ++i) {
    if (!families.contains(source.blocks[static_cast<std::size_t>(ranked[i].measure.block)].kind)) return static_cast<int>(i);
  }
  return static_cast<int>(keep);
}

// The source space restricted to the chosen blocks, which keep their source order.
space::Space restrict_space(const space::Space& source, const std::vector<LayerChoice>& layers, const std::string& name,
                            const std::string& description) {
  std::set<int> used;
  for (const LayerChoice& c : layers) {
    for (int b : c.blocks()) used.insert(b);
  }
  std::map<int, int> remap;
  space::Space out = source;
  out.name = name;
  out.description = description;
  out.derived_from = space::original_of(source);
  out.source_file.clear();
  out.blocks.clear();
  for (int b : used) {
    remap[b] = static_cast<int>(out.blocks.size());
    out.blocks.push_back(source.blocks[static_cast<std::size_t>(b)]);
  }
  for (const LayerChoice& c : layers) {
    std::vector<int> ids;
    for (int b : c.blocks()) ids.push_back(remap.at(b));
    std::sort(ids.begin(), ids.end());
    out.units[static_cast<std::size_t>(c.slot.unit)].layer_blocks[static_cast<std::size_t>(c.slot.layer)] = ids;
  }
  return out;
}

}  // namespace

std::vector<int> LayerChoice::blocks() const {
  std::vector<int> ids;
  for (int k : kept) ids.push_back(ranked[static_cast<std::size_t>(k)].measure.block);
  if (explorer >= 0) ids.push_back(ranked[static_cast<std::size_t>(explorer)].measure.block);
  return ids;
}

double score(double flops, double params, double latency, double alpha) {
  return std::pow(flops * params, alpha) / latency;
}

GeneratedSpace generate_space(const space::Space& source, const LayerProfile& profile, const GenerationOptions& options) {
  check_options(source, profile, options);
  GeneratedSpace g;
  g.options = options;
  g.metric = profile.metric;
  if (g.options.name.empty()) {
    // "latency:sim:myriad-vpu-like" -> "<space>-myriad-vpu-like": the device, not the source kind.
    const std::string device = profile.metric.substr(profile.metric.rfind(':') + 1);
    g.options.name = fmt::format("{}-{}", source.name, report::file_stem(device));
  }
  const int n = static_cast<int>(profile.layers.size());
  for (const LayerSlot& slot : profile.layers) {
    LayerChoice choice;
    choice.slot = slot;
    for (const OperatorMeasure& m : profile.operators) {
      if (m.layer != slot.index) continue;
      if (!(m.latency.value > 0)) {
        throw InputError(fmt::format("{}: latency of layer {} = {} is {}, eq. 2 needs a positive latency", profile.metric,
                                     slot.index + 1, m.name, m.latency.value));
      }
      choice.ranked.push_back({m, score(m.flops, m.params, m.latency.value, options.alpha), 0});
    }
    // Ties (equal scores) keep the space's order so generation is deterministic.
    std::stable_sort(choice.ranked.begin(), choice.ranked.end(),
                     [](const ScoredOperator& a, const ScoredOperator& b) { return a.score > b.score; });
    for (std::size_t r = 0; r < choice.ranked.size(); ++r) choice.ranked[r].rank = static_cast<int>(r) + 1;
    for (int k = 0; k < options.keep; ++k) choice.kept.push_back(k);
    if (slot.index >= n - options.explore_layers) {
      choice.explorer = pick_explorer(source, choice.ranked, static_cast<std::size_t>(options.keep));
    }
    g.layers.push_back(std::move(choice));
  }
  const std::string description =
      fmt::format("HURRICANE space for {} from {} ({} background): top {} of (F*P)^{} / latency per layer, an exploring "
                  "operator in the last {} layers",
                  profile.metric, source.name, to_string(profile.background), options.keep, options.alpha,
                  options.explore_layers);
  g.space = restrict_space(source, g.layers, g.options.name, description);
  return g;
}

std::vector<StageRow> stage_table(const GeneratedSpace& generated) {
  std::vector<StageRow> rows;
  std::size_t i = 0;
  while (i < generated.layers.size()) {
    const LayerChoice& first = generated.layers[i];
    const auto key = [&](const LayerChoice& c) {
      std::vector<int> b = c.blocks();
      std::sort(b.begin(), b.end());
      return b;
    };
    std::size_t j = i + 1;
    while (j < generated.layers.size() && generated.layers[j].slot.unit == first.slot.unit &&
           key(generated.layers[j]) == key(first)) {
      ++j;
    }
    StageRow row;
    const graph::Shape& out = first.slot.out;
    row.output = out.h == out.w ? fmt::format("{}^2 x {}", out.h, out.c) : fmt::format("{}x{} x {}", out.h, out.w, out.c);
    row.layers = j - i == 1 ? fmt::format("{}", i + 1) : fmt::format("{}-{}", i + 1, j);
    for (int k : first.kept) row.operators.push_back(first.ranked[static_cast<std::size_t>(k)].measure.name);
    if (first.explorer >= 0) row.operators.push_back("+" + first.ranked[static_cast<std::size_t>(first.explorer)].measure.name);
    rows.push_back(std::move(row));
    i = j;
  }
  return rows;
}

std::string format_stage_table(const GeneratedSpace& generated) {
  const std::vector<StageRow> rows = stage_table(generated);
  std::size_t w_out = std::string("Output shape").size(), w_layers = std::string("Layer").size();
  for (const StageRow& r : rows) {
    w_out = std::max(w_out, r.output.size());
    w_layers = std::max(w_layers, r.layers.size());
  }
  std::string text = fmt::format("{:<{}}  {:<{}}  {}\n", "Output shape", w_out, "Layer", w_layers,
                                 fmt::format("Operators on {} (top {} by score, +exploring)", generated.metric,
                                             generated.options.keep));
  for (const StageRow& r : rows) {
    text += fmt::format("{:<{}}  {:<{}}  {}\n", r.output, w_out, r.layers, w_layers, fmt::join(r.operators, ", "));
  }
  return text;
}

arch::Architecture top1_architecture(const GeneratedSpace& generated, const space::Space& target) {
  const space::Space& s = target;
  arch::Architecture a;
  a.resolution = s.default_resolution;
  a.variables.assign(s.variables.size(), 0);
  a.units.resize(s.units.size());
  for (const LayerChoice& c : generated.layers) {
    const std::string& top = c.ranked.front().measure.name;
    a.units[static_cast<std::size_t>(c.slot.unit)].blocks.push_back(s.block_index(top));
  }
  arch::validate(s, a);
  return a;
}

}  // namespace hwnas::hurricane
