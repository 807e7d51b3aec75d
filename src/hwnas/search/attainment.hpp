// Empirical attainment over repeated runs (seeds): how reliably a search reaches a point.
// All vectors here are minimised objective vectors (maximised objectives negated).
#pragma once

#include <vector>

namespace hwnas::search {

using Front = std::vector<std::vector<double>>;

// For each point, the share of runs whose front weakly dominates it (each objective ≤). Any number
// of objectives.
std::vector<double> attainment_share(const std::vector<Front>& runs, const Front& points);

// The level-attainment surface for two objectives: the staircase of points attained by at least
// ceil(level · runs) runs (level 0.5 = the median front, 1/runs = the best of all, 1 = the worst).
// Returned sorted by the first objective, non-dominated.
Front attainment_surface_2d(const std::vector<Front>& runs, double level);

}  // namespace hwnas::search
