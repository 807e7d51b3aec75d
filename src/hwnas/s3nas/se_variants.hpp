// The network of S3NAS's post-processing (S3NAS §4.3.2): every ReLU becomes h-swish and every
// block of the vocabulary gets an SE twin "<name>-se" (block-level `se: true`), so that SE can be
// removed block by block and the result is still an architecture of one space — which every hwnas
// command takes as a YAML file (space_writer).
#pragma once

#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::s3nas {

// Vocabulary: the base's blocks (indices kept), then their SE twins (index + base size).
// Throws InputError when the base already has SE blocks or unit-level SE.
space::Space with_se_variants(const space::Space& base);
// `a` of `base` with every block replaced by its SE twin.
arch::Architecture with_se_everywhere(const space::Space& base, const arch::Architecture& a);

struct LayerPosition {
  int unit = 0, layer = 0;
  friend bool operator==(const LayerPosition&, const LayerPosition&) = default;
};
// `a` of `with_se_variants(base)` with the SE twins at `positions` replaced by the plain blocks.
arch::Architecture without_se_at(const space::Space& base, const arch::Architecture& a,
                                 const std::vector<LayerPosition>& positions);

}  // namespace hwnas::s3nas
