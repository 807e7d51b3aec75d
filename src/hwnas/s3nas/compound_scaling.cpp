#include "hwnas/s3nas/compound_scaling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/core.h>


namespace hwnas::s3nas {

int round_to_multiple(double value, int multiple) {
  return std::max(multiple, static_cast<int>(std::lround(value / multiple)) * multiple);
}

namespace {

void scale_fixed_convs(std::vector<space::FixedLayer>& layers, double coefficient, int multiple) {
  for (auto& layer : layers)
    if (layer.op == space::FixedOp::conv) layer.out.value = round_to_multiple(layer.out.value * coefficient, multiple);
}

// The blocks of one stage of `a` ordered by their parameters at the stage's later-layer shape, most
// first; ties keep the stage's order. Decided on the base network, so every coefficient adds the
// same blocks in the same order and a larger c holds the smaller c's network.
std::vector<int> by_parameters(const space::Space& space, const arch::Architecture& a, std::size_t unit,
                               metric::MetricSource& params) {
  std::vector<int> blocks = a.units[unit].blocks;
  std::vector<arch::Architecture> probes;
  for (int b : blocks) {
    arch::Architecture probe = a;
    probe.units[unit].blocks.push_back(b);
    probes.push_back(probe);
  }
  const auto counts = params.evaluate(space, probes);
  std::vector<std::size_t> order(blocks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return *counts[x] > *counts[y]; });
  std::vector<int> out;
  for (std::size_t i : order) out.push_back(blocks[i]);
  return out;
}

}  // namespace

ScaledNetwork scale_network(const space::Space& base, const arch::Architecture& a, double coefficient,
                            const ScalingOptions& options) {
  if (!(coefficient >= 1)) throw InputError(fmt::format("scaling coefficient {} is below 1", coefficient));
  if (options.filter_multiple <= 0 || options.resolution_multiple <= 0)
    throw InputError(fmt::format("filter multiple {} and resolution multiple {} must be positive",
                                 options.filter_multiple, options.resolution_multiple));
  if (!base.variables.empty()) throw InputError(fmt::format("space '{}' has variables; scaling takes none", base.name));
  arch::validate(base, a);

  ScaledNetwork out;
  out.coefficient = coefficient;
  out.resolution = round_to_multiple(a.resolution * std::pow(coefficient, options.resolution_exponent),
                                     options.resolution_multiple);
  space::Space& s = out.space;
  s = base;
  s.name = fmt::format("{}-x{:.3f}", base.name, coefficient);
  s.description = fmt::format("{} compound-scaled by {:.3f} (hwnas s3nas scale)", base.name, coefficient);
  s.source_file.clear();
  s.resolutions = {out.resolution};
  s.default_resolution = out.resolution;
  scale_fixed_convs(s.stem, coefficient, options.filter_multiple);
  scale_fixed_convs(s.head, coefficient, options.filter_multiple);

  out.architecture.resolution = out.resolution;
  for (std::size_t u = 0; u < base.units.size(); ++u) {
    const auto& unit = base.units[u];
    const int width = round_to_multiple(unit.widths[static_cast<std::size_t>(a.units[u].width)] * coefficient,
                                        options.filter_multiple);
    const int depth = static_cast<int>(std::lround(a.depth(static_cast<int>(u)) * coefficient));
    out.widths.push_back(width);
    out.depths.push_back(depth);
    auto& scaled = s.units[u];
    scaled.widths = {width};
    scaled.width_names = {std::to_string(width)};
    scaled.min_layers = std::min(unit.min_layers, depth);
    scaled.max_layers = depth;
    // Layers past the base's last position take its last position's candidates (later layers all
    // have one shape).
    scaled.layer_blocks.resize(static_cast<std::size_t>(depth), unit.layer_blocks.back());
    out.architecture.units.push_back({0, a.units[u].blocks});
  }
  // The probes append one block to a stage, so the base space is made one layer deeper for them.
  space::Space probe_space = base;
  for (auto& unit : probe_space.units) {
    unit.max_layers += 1;
    unit.layer_blocks.resize(static_cast<std::size_t>(unit.max_layers), unit.layer_blocks.back());
  }
  const auto params = metric::open_metric("params");
  for (std::size_t u = 0; u < base.units.size(); ++u) {
    auto& blocks = out.architecture.units[u].blocks;
    const std::vector<int> order = by_parameters(probe_space, a, u, *params);
    for (std::size_t i = 0; static_cast<int>(blocks.size()) < out.depths[u]; ++i) blocks.push_back(order[i % order.size()]);
  }
  arch::validate(s, out.architecture);
  return out;
}

ScalingResult scale_to_target(const space::Space& base, const arch::Architecture& a, double target_ms,
                              metric::MetricSource& latency, const ScalingOptions& options) {
  if (!(options.step > 0)) throw InputError(fmt::format("scaling step {} must be positive", options.step));
  if (!(options.tolerance >= 0)) throw InputError(fmt::format("tolerance {} must not be negative", options.tolerance));
  const double limit = target_ms * (1 + options.tolerance);
  ScalingResult result;
  auto evaluate = [&](double c, bool refinement) {
    ScalingStep step{scale_network(base, a, c, options), 0, refinement};
    const auto value = latency.evaluate(step.network.space, std::span(&step.network.architecture, 1)).front();
    if (!value)
      throw InputError(fmt::format("{} gave no latency for the network scaled by {:.3f}", latency.spec(), c));
    step.latency_ms = *value;
    result.steps.push_back(std::move(step));
    if (result.steps.back().latency_ms <= limit &&
        (result.chosen < 0 || c > result.steps[static_cast<std::size_t>(result.chosen)].network.coefficient))
      result.chosen = static_cast<int>(result.steps.size()) - 1;
    return result.steps.back().latency_ms;
  };
  double below = 1, above = 0;
  if (evaluate(1, false) > limit) return result;
  // The sweep's coefficients are 1 + k·step, counted rather than summed so they print exactly.
  for (int k = 1;; ++k) {
    const double c = std::min(options.max_coefficient, 1 + k * options.step);
    if (c <= below) break;
    if (evaluate(c, false) > limit) {
      above = c;
      break;
    }
    below = c;
  }
  if (above == 0) return result;
  result.target_passed = true;
  for (int i = 0; i < options.refine_steps; ++i) {
    const double c = (below + above) / 2;
    if (evaluate(c, true) > limit)
      above = c;
    else
      below = c;
  }
  return result;
}

}  // namespace hwnas::s3nas
