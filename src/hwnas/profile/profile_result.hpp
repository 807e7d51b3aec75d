// What a profile produced, self-contained: the estimates and enough of the space (unit depths,
// block shapes, width names) for reports and insights to work from the saved JSON alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hwnas/profile/cell.hpp"
#include "hwnas/profile/statistics.hpp"

namespace hwnas::profile {

struct SpaceSummary {
  struct Unit {
    std::string name;
    int min_layers = 1;
    int max_layers = 1;
    std::vector<std::string> width_names;  // empty: one width
  };
  struct Block {
    std::string name;
    std::string kind;
    int kernel = 0;
    double expand = 0;
  };
  std::string name;
  std::vector<Unit> units;
  std::vector<Block> blocks;
};
SpaceSummary summarize(const space::Space& space);

// One cell: E[M(cell(A))] and, against the baseline A, eq. 2 (effect) and eq. 3 (one per tau).
struct CellEstimate {
  Cell cell;
  std::string label;  // "u2.l3.e6k5"
  std::string code;   // block code, "e6k5" or "C65-B20"; empty for depth cells
  Estimate mean;
  Estimate effect;
  std::vector<Estimate> quantile_effects;
};

// M_b (eq. 1): the mean over every location (u, l) of E[M(A_{u,l,b})], for one block code.
struct BlockEstimate {
  std::string code;
  Estimate mean;
  int locations = 0;
};

struct MetricProfile {
  std::string metric;  // the source's spec
  std::string unit;    // the source's unit
  int resolution = 224;
  std::size_t evaluations = 0;  // architectures evaluated (after deduplication)
  std::size_t missing = 0;      // of which the source returned no value
  Estimate baseline;            // E[M(A)]
  std::vector<Estimate> baseline_quantiles;  // Q_tau(M(A)), one per tau
  std::vector<CellEstimate> cells;
  std::vector<BlockEstimate> blocks;
};

struct Provenance {
  std::string command;
  std::string date;  // ISO 8601, UTC
  std::string version;
};

struct ProfileResult {
  SpaceSummary space;
  std::string design;
  std::string depth_rule = "uniform";  // how A_{u,l,b} reaches layer l (arch::DepthRule)
  int samples = 0;
  std::uint64_t seed = 0;
  int bootstrap = 0;
  std::vector<double> taus;
  std::vector<int> resolutions;
  std::size_t requested = 0;  // samples per metric and resolution before deduplication
  double seconds = 0;
  Provenance provenance;
  std::vector<MetricProfile> profiles;  // metric-major, then resolution
};

}  // namespace hwnas::profile
