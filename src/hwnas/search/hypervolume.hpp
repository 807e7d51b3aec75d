// Front quality. Hypervolume is computed by pagmo::hypervolume in a normalised box fixed per
// experiment (docs/search.md "Hypervolume"): for each objective a BEST and a WORST value in the
// metric's own units; a value v maps to (v − best)/(worst − best), so 0 is best and 1 is worst for
// both min and max objectives. The reference point is 1 in every dimension; values better than BEST
// are clipped to 0 and points at or beyond WORST in any objective contribute nothing, so the
// hypervolume lies in [0, 1] and is comparable between runs that share the box.
#pragma once

#include <string>
#include <vector>

#include "hwnas/search/problem.hpp"

namespace hwnas::search {

struct HvBox {
  std::vector<double> best;   // per objective, raw units
  std::vector<double> worst;
  bool empty() const { return best.empty(); }
};

// Parses one "OBJECTIVE=BEST:WORST" per objective, e.g. "min:macs=0:6e8", "max:params=8e6:2e6".
// Every objective needs exactly one entry; throws InputError naming the missing or bad one.
HvBox parse_hv_box(const std::vector<Objective>& objectives, const std::vector<std::string>& texts);
std::vector<std::string> format_hv_box(const std::vector<Objective>& objectives, const HvBox& box);

// The smallest box holding all given points (raw objective values), widened on the worst side by
// 10% of each range so that the extreme points still add volume, and on the best side by
// better_margin ranges. A search run without --hv-box fixes its box this way from its first
// generation with better_margin 1 (later generations reach beyond the random start); comparing
// finished fronts uses better_margin 0.
HvBox spanning_box(const std::vector<Objective>& objectives, const std::vector<std::vector<double>>& points,
                   double better_margin = 0);

// Hypervolume of raw objective vectors in the box (dominated and duplicate points are harmless).
double hypervolume(const HvBox& box, const std::vector<std::vector<double>>& points);

}  // namespace hwnas::search
