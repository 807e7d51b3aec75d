// Exact E[M(A)], E[M(A_{u,l,b})] and E[M(A) | d_u = d] for a metric that is a fixed part plus a sum
// of per-(unit, layer, block) terms, by enumerating each unit's depth (depths are independent and
// uniform, blocks uniform over a layer's candidates). Used as the reference for the sampled estimates;
// A_{u,l,b}'s depth follows the profile's depth rule.
#pragma once

#include <functional>
#include <vector>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::test {

class ExactAdditive {
 public:
  using Term = std::function<double(int unit, int layer, int block)>;
  ExactAdditive(const space::Space& space, double fixed, Term term, arch::DepthRule rule = arch::DepthRule::uniform)
      : space_(space), fixed_(fixed), term_(std::move(term)), rule_(rule) {}

  double mean_term(int u, int l) const {
    const auto& cand = space_.units[static_cast<std::size_t>(u)].layer_blocks[static_cast<std::size_t>(l)];
    double s = 0;
    for (int b : cand) s += term_(u, l, b);
    return s / static_cast<double>(cand.size());
  }
  // E of unit u's part with at least `at_least` layers, and layer `fixed_layer` holding `fixed_block`
  // (-1: none). uniform: depth ~ U{max(min, at_least)..max}; clamp: d ~ U{min..max} raised to at_least.
  double unit_part(int u, int at_least = 0, int fixed_layer = -1, int fixed_block = -1) const {
    const auto& unit = space_.units[static_cast<std::size_t>(u)];
    const int lowest = rule_ == arch::DepthRule::uniform ? std::max(unit.min_layers, at_least) : unit.min_layers;
    double total = 0;
    for (int d = lowest; d <= unit.max_layers; ++d) {
      const int depth = std::max(d, at_least);
      for (int l = 0; l < depth; ++l) total += l == fixed_layer ? term_(u, l, fixed_block) : mean_term(u, l);
    }
    return total / (unit.max_layers - lowest + 1);
  }
  double expected() const {
    double m = fixed_;
    for (int u = 0; u < static_cast<int>(space_.units.size()); ++u) m += unit_part(u);
    return m;
  }
  // E[M(A_{u,l,b})] − E[M(A)] (eq. 2 with the depth rule).
  double effect(int u, int l, int b) const { return unit_part(u, l + 1, l, b) - unit_part(u); }
  // E[M(A) | d_u = d] − E[M(A)].
  double depth_effect(int u, int d) const {
    double m = 0;
    for (int l = 0; l < d; ++l) m += mean_term(u, l);
    return m - unit_part(u);
  }

 private:
  const space::Space& space_;
  double fixed_;
  Term term_;
  arch::DepthRule rule_;
};

}  // namespace hwnas::test
