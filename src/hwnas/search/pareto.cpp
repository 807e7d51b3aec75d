#include "hwnas/search/pareto.hpp"

#include <algorithm>

namespace hwnas::search {

bool dominates(std::span<const double> a, std::span<const double> b) {
  bool better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    better |= a[i] < b[i];
  }
  return better;
}

std::vector<std::size_t> non_dominated(const std::vector<std::vector<double>>& points) {
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < points.size() && !dominated; ++j) dominated = dominates(points[j], points[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

std::vector<std::size_t> feasible_front(std::span<const Trial> trials) {
  ParetoArchive archive;
  for (std::size_t i = 0; i < trials.size(); ++i) {
    if (trials[i].feasible()) archive.add(i, trials[i].minimised);
  }
  std::vector<std::size_t> ids = archive.ids();
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool ParetoArchive::add(std::size_t id, std::vector<double> minimised) {
  for (const auto& p : points_) {
    if (dominates(p, minimised)) return false;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    if (dominates(minimised, points_[i])) continue;
    if (kept != i) {
      ids_[kept] = ids_[i];
      points_[kept] = std::move(points_[i]);
    }
    ++kept;
  }
  ids_.resize(kept);
  points_.resize(kept);
  ids_.push_back(id);
  points_.push_back(std::move(minimised));
  return true;
}

}  // namespace hwnas::search
