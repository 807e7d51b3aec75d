// Fixed-length architecture features for the linear and tree predictors (HURRICANE's choice):
// per searchable position a block one-hot and the block's MACs, per unit the depth, the resolution
// and the total MACs; the tree set adds each position's input height, input and output channels and
// stride. Inactive positions are all zero.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "hwnas/predict/layer_context.hpp"

namespace hwnas::predict {

enum class FeatureSet { linear, trees };

class FeatureEncoder {
 public:
  FeatureEncoder(const space::Space& space, FeatureSet set);
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  // Fills out (size() values) from an architecture's layers (LayerContexts::layers order).
  void encode(std::span<const LayerToken* const> layers, int resolution, std::span<double> out) const;

 private:
  FeatureSet set_;
  std::size_t blocks_ = 0;
  std::vector<std::size_t> unit_first_slot_;  // slot index of each unit's first position
  std::size_t per_slot_ = 0;
  std::size_t slots_ = 0;
  std::vector<std::string> names_;
};

}  // namespace hwnas::predict
