// S3NAS's differentiable latency model (S3NAS eq. 8): the latency of an architecture
// is a base (stem, head and each unit's reference first block) plus, per block position, the
// profiled latency of the block's configuration. Positions: each unit's first layer (it changes
// shape) and its later layers (all of one shape, so one table serves them). Configurations are looked
// up by their merged form — branches of the same kernel are one depthwise conv (graph/blocks.cpp) —
// so k3-k5-x and k5-k3-x share an entry. The expected latency of the supernet is the sum over
// configurations of the gate products times the entry: with hard gates in the forward pass it is the
// selected architecture's estimate, and its gradient reaches the thresholds.
//
// Profiling uses any latency MetricSource: entry = L(reference with the block placed) − L(reference),
// where the reference architecture has one k3-x-x layer per unit.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/s3nas/mixconv_supernet.hpp"

namespace hwnas::s3nas {

// "3+3+5": the kernels of the active branches, ascending — the merged lookup key.
std::string merged_key(const std::array<int, kBranches>& kernels);

class LatencyTable {
 public:
  // Profiles every merged configuration at each unit's first and later layers: about
  // 1 + units × 2 × 16 evaluations of `source`.
  static LatencyTable profile(const space::Space& space, metric::MetricSource& source);

  // The estimate for an architecture of the space (ms).
  double estimate(const space::Space& space, const arch::Architecture& a) const;
  // Expected latency (ms) of the supernet under gates, differentiable in the gates.
  torch::Tensor expected(const MixConvSupernetImpl& net, const std::vector<BlockGates>& gates) const;

  // The file format is in docs/s3nas.md.
  nlohmann::json to_json() const;
  static LatencyTable from_json(const nlohmann::json& j);
  void save(const std::filesystem::path& file) const;
  static LatencyTable load(const std::filesystem::path& file);
  // A search's table: the one in `file` when it was profiled for this space (its name and digest)
  // with this source, else a new profile, saved there. `resuming`: the table belongs to a search
  // being resumed, so a missing file or one for another space or source is an InputError naming
  // the file, not a reason to profile again.
  static LatencyTable cached(const std::filesystem::path& file, const space::Space& space, metric::MetricSource& source,
                             bool resuming);
  // Throws InputError, naming `where`, unless the table was profiled for `space` as it is now.
  void check_space(const space::Space& space, const std::string& where) const;

  const std::string& source() const { return source_; }
  double base_ms() const { return base_ms_; }
  double entry(int unit, int layer, const std::array<int, kBranches>& kernels) const;

 private:
  std::string source_;
  std::string space_;
  std::string space_digest_;  // space::space_digest when profiled
  double base_ms_ = 0;
  // [unit][0 = first layer, 1 = later layers]: merged key -> ms added to the base.
  std::vector<std::array<std::map<std::string, double>, 2>> entries_;
};

}  // namespace hwnas::s3nas
