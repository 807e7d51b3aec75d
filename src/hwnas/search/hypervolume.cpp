#include "hwnas/search/hypervolume.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <pagmo/utils/hypervolume.hpp>

#include "hwnas/common/error.hpp"

namespace hwnas::search {

HvBox parse_hv_box(const std::vector<Objective>& objectives, const std::vector<std::string>& texts) {
  HvBox box{std::vector<double>(objectives.size(), NAN), std::vector<double>(objectives.size(), NAN)};
  for (const std::string& text : texts) {
    const auto eq = text.rfind('=');
    const auto colon = eq == std::string::npos ? eq : text.find(':', eq);
    std::size_t objective_idx = objectives.size();
    for (std::size_t i = 0; eq != std::string::npos && i < objectives.size(); ++i) {
      if (to_string(objectives[i]) == text.substr(0, eq)) objective_idx = i;
    }
    double best = NAN;
    double worst = NAN;
    try {
      if (colon != std::string::npos) {
        best = std::stod(text.substr(eq + 1, colon - eq - 1));
        worst = std::stod(text.substr(colon + 1));
      }
    } catch (const std::exception&) {
    }
    if (objective_idx == objectives.size() || !std::isfinite(best) || !std::isfinite(worst) || best == worst) {
      throw InputError(fmt::format(
          "--hv-box '{}': expected OBJECTIVE=BEST:WORST with OBJECTIVE one of the --objective values "
          "(e.g. min:macs=0:6e8) and BEST != WORST",
          text));
    }
    box.best[objective_idx] = best;
    box.worst[objective_idx] = worst;
  }
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    if (std::isnan(box.best[i])) {
      throw InputError(fmt::format("--hv-box: no entry for objective '{}' (give one per objective, e.g. {}=BEST:WORST)",
                                   to_string(objectives[i]), to_string(objectives[i])));
    }
  }
  return box;
}

std::vector<std::string> format_hv_box(const std::vector<Objective>& objectives, const HvBox& box) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    texts.push_back(fmt::format("{}={}:{}", to_string(objectives[i]), box.best[i], box.worst[i]));
  }
  return texts;
}

HvBox spanning_box(const std::vector<Objective>& objectives, const std::vector<std::vector<double>>& points,
                   double better_margin) {
  HvBox box;
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    double lo = INFINITY;
    double hi = -INFINITY;
    for (const auto& p : points) {
      const double m = to_minimised(objectives[i], p[i]);
      lo = std::min(lo, m);
      hi = std::max(hi, m);
    }
    if (points.empty()) lo = hi = 0;
    const double range = hi > lo ? hi - lo : std::max(std::abs(hi), 1.0);
    box.best.push_back(to_minimised(objectives[i], lo - better_margin * range));
    box.worst.push_back(to_minimised(objectives[i], hi + 0.1 * range));
  }
  return box;
}

double hypervolume(const HvBox& box, const std::vector<std::vector<double>>& points) {
  const std::size_t dims = box.best.size();
  std::vector<std::vector<double>> inside;
  for (const auto& p : points) {
    std::vector<double> n(dims);
    bool within = true;
    for (std::size_t i = 0; i < dims; ++i) {
      n[i] = std::max(0.0, (p[i] - box.best[i]) / (box.worst[i] - box.best[i]));
      within &= n[i] < 1.0;  // also false for NaN
    }
    if (within) inside.push_back(std::move(n));
  }
  if (inside.empty()) return 0;
  if (dims == 1) {
    double best = 1;
    for (const auto& n : inside) best = std::min(best, n[0]);
    return 1 - best;
  }
  const pagmo::hypervolume hv(inside, false);
  return hv.compute(std::vector<double>(dims, 1.0));
}

}  // namespace hwnas::search
