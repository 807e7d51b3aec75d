#include "hwnas/predict/features.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace hwnas::predict {

FeatureEncoder::FeatureEncoder(const space::Space& space, FeatureSet set) : set_(set), blocks_(space.blocks.size()) {
  per_slot_ = blocks_ + 1 + (set == FeatureSet::trees ? 4 : 0);
  for (const auto& unit : space.units) {
    unit_first_slot_.push_back(slots_);
    slots_ += static_cast<std::size_t>(unit.max_layers);
  }
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    for (int l = 0; l < space.units[u].max_layers; ++l) {
      const std::string pos = fmt::format("{}.l{}", space.units[u].name, l + 1);
      for (const auto& b : space.blocks) names_.push_back(pos + "=" + b.name);
      names_.push_back(pos + ".mmacs");
      if (set == FeatureSet::trees) {
        for (const char* f : {".h_in", ".c_in", ".c_out", ".stride"}) names_.push_back(pos + f);
      }
    }
  }
  for (const auto& unit : space.units) names_.push_back(unit.name + ".depth");
  names_.push_back("resolution");
  names_.push_back("total_mmacs");
}

void FeatureEncoder::encode(std::span<const LayerToken* const> layers, int resolution, std::span<double> out) const {
  std::fill(out.begin(), out.end(), 0.0);
  const std::size_t depth_at = slots_ * per_slot_;
  double total = 0;
  for (const LayerToken* t : layers) {
    total += static_cast<double>(t->macs);
    if (t->block < 0) continue;
    const std::size_t slot = unit_first_slot_[static_cast<std::size_t>(t->unit)] + static_cast<std::size_t>(t->index);
    double* f = out.data() + slot * per_slot_;
    f[t->block] = 1;
    f[blocks_] = static_cast<double>(t->macs) * 1e-6;
    if (set_ == FeatureSet::trees) {
      f[blocks_ + 1] = t->in.h;
      f[blocks_ + 2] = t->in.c;
      f[blocks_ + 3] = t->out.c;
      f[blocks_ + 4] = t->stride;
    }
    out[depth_at + static_cast<std::size_t>(t->unit)] += 1;
  }
  out[depth_at + unit_first_slot_.size()] = resolution;
  out[depth_at + unit_first_slot_.size() + 1] = total * 1e-6;
}

}  // namespace hwnas::predict
