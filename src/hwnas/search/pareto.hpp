// Pareto dominance over minimised objective vectors, and an archive that keeps the non-dominated
// set incrementally (the driver adds every feasible trial; cost grows with the front, not the run).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "hwnas/search/trial.hpp"

namespace hwnas::search {

// a is no worse in every objective and better in one (all minimised).
bool dominates(std::span<const double> a, std::span<const double> b);

// Indices of the points no other point dominates; equal points are all kept. O(n²).
std::vector<std::size_t> non_dominated(const std::vector<std::vector<double>>& points);
// The non-dominated feasible trials, as indices into trials.
std::vector<std::size_t> feasible_front(std::span<const Trial> trials);

class ParetoArchive {
 public:
  // Adds point `id` unless a member dominates it; drops the members it dominates. Returns whether
  // it was added.
  bool add(std::size_t id, std::vector<double> minimised);
  const std::vector<std::size_t>& ids() const { return ids_; }
  const std::vector<std::vector<double>>& points() const { return points_; }

 private:
  std::vector<std::size_t> ids_;
  std::vector<std::vector<double>> points_;
};

}  // namespace hwnas::search
