#include "hwnas/search/attainment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::search {

std::vector<double> attainment_share(const std::vector<Front>& runs, const Front& points) {
  std::vector<double> share;
  for (const auto& z : points) {
    int attained = 0;
    for (const Front& run : runs) {
      const bool hit = std::any_of(run.begin(), run.end(), [&](const std::vector<double>& p) {
        for (std::size_t i = 0; i < z.size(); ++i) {
          if (p[i] > z[i]) return false;
        }
        return true;
      });
      attained += hit ? 1 : 0;
    }
    share.push_back(runs.empty() ? 0.0 : static_cast<double>(attained) / static_cast<double>(runs.size()));
  }
  return share;
}

Front attainment_surface_2d(const std::vector<Front>& runs, double level) {
  if (runs.empty() || level <= 0 || level > 1) {
    throw InputError(fmt::format("attainment needs at least one run and a level in (0, 1], got {} runs, level {}",
                                 runs.size(), level));
  }
  const auto needed = static_cast<std::size_t>(std::ceil(level * static_cast<double>(runs.size()) - 1e-9));
  std::vector<double> xs;
  for (const Front& run : runs) {
    for (const auto& p : run) {
      if (p.size() != 2) throw InputError("attainment surfaces are drawn for two objectives only");
      xs.push_back(p[0]);
    }
  }
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  Front surface;
  std::vector<double> best_y(runs.size());
  for (double x : xs) {
    // Best second objective each run reaches with the first objective at most x.
    for (std::size_t r = 0; r < runs.size(); ++r) {
      best_y[r] = std::numeric_limits<double>::infinity();
      for (const auto& p : runs[r]) {
        if (p[0] <= x) best_y[r] = std::min(best_y[r], p[1]);
      }
    }
    std::nth_element(best_y.begin(), best_y.begin() + static_cast<std::ptrdiff_t>(needed - 1), best_y.end());
    const double y = best_y[needed - 1];
    if (std::isfinite(y) && (surface.empty() || y < surface.back()[1])) surface.push_back({x, y});
  }
  return surface;
}

}  // namespace hwnas::search
