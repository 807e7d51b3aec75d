#include "hwnas/hurricane/reachability.hpp"

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"

namespace hwnas::hurricane {
namespace {

std::vector<double> values_of(metric::MetricSource& source, const space::Space& space,
                              const std::vector<arch::Architecture>& archs) {
  const auto v = source.evaluate(space, archs);
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) {
      throw InputError(fmt::format("{} gave no value for {}; the smallest reachable latency needs every candidate",
                                   source.spec(), arch::to_canonical(space, archs[i])));
    }
    out.push_back(*v[i]);
  }
  return out;
}

}  // namespace

Reachable smallest_reachable(const space::Space& space, metric::MetricSource& source, double enough) {
  Reachable r;
  r.arch.resolution = space.default_resolution;
  r.arch.variables.assign(space.variables.size(), 0);
  for (const auto& u : space.units) {
    arch::UnitChoice c;
    for (int l = 0; l < u.max_layers; ++l) c.blocks.push_back(u.layer_blocks[static_cast<std::size_t>(l)].front());
    r.arch.units.push_back(c);
  }
  r.latency = values_of(source, space, {r.arch}).front();
  r.evaluations = 1;
  for (bool changed = r.latency > enough; changed && r.sweeps < kMaxSweeps;) {
    changed = false;
    ++r.sweeps;
    for (std::size_t u = 0; u < space.units.size(); ++u) {
      for (std::size_t l = 0; l < r.arch.units[u].blocks.size(); ++l) {
        if (r.latency <= enough) return r;
        std::vector<arch::Architecture> tries;
        for (int b : space.units[u].layer_blocks[l]) {
          if (b == r.arch.units[u].blocks[l]) continue;
          tries.push_back(r.arch);
          tries.back().units[u].blocks[l] = b;
        }
        if (tries.empty()) continue;
        const std::vector<double> v = values_of(source, space, tries);
        r.evaluations += tries.size();
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (v[i] < r.latency) {
            r.latency = v[i];
            r.arch.units[u].blocks[l] = tries[i].units[u].blocks[l];
            changed = true;
          }
        }
      }
    }
  }
  return r;
}

void check_reachable(const space::Space& space, metric::MetricSource& source, double bound, const std::string& where) {
  const Reachable r = smallest_reachable(space, source, bound);
  if (r.latency <= bound) return;
  throw UnreachableConstraint(fmt::format(
      "constraint {}<={:.6g} is unreachable in space '{}'{}: the smallest reachable latency is {:.6g} {} ({})", source.spec(),
      bound, space.name, where.empty() ? "" : " (" + where + ")", r.latency, source.unit(), arch::to_canonical(space, r.arch)));
}

}  // namespace hwnas::hurricane
