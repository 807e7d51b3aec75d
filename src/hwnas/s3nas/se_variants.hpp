// The network of S3NAS's post-processing (S3NAS §4.3.2): every ReLU becomes h-swish and every
// block of the vocabulary gets an SE twin "<name>-se" (block-level `se: true`), so that SE can be
// removed block by block and the result is still an architecture of one space — which every hwnas
// command takes as a YAML file (space_writer).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::s3nas {

// Vocabulary: the base's blocks (indices kept), then their SE twins (index + base size).
// Throws InputError when the base already has SE blocks or unit-level SE.
space::Space with_se_variants(const space::Space& base);
// `a` of `base` with every block replaced by its SE twin.
arch::Architecture with_se_everywhere(const space::Space& base, const arch::Architecture& a);
// The number of plain blocks when `s` is a space `with_se_variants` made (its blocks the plain ones,
// then each one's SE twin; scaling keeps that vocabulary), nullopt for any other space.
std::optional<int> se_twin_offset(const space::Space& s);

// A network with SE + h-swish in every layer: S3NAS §4.3.2's first step, which the paper takes
// before compound scaling (ours-M → ours-M+ → L+, XL+) and SE removal last (XL+ → XL-rmSE+).
struct SeNetwork {
  space::Space space;               // with_se_variants(base)
  arch::Architecture architecture;  // every block's twin
};
SeNetwork add_se(const space::Space& base, const arch::Architecture& a);
// Writes space.yaml and architecture.txt (canonical text) into `out` (created).
void write_se_network(const std::filesystem::path& out, const SeNetwork& network);

struct LayerPosition {
  int unit = 0, layer = 0;
  friend bool operator==(const LayerPosition&, const LayerPosition&) = default;
};
// `a` of the twin space `se_space` with the SE twins at `positions` replaced by the plain blocks.
arch::Architecture without_se_at(const space::Space& se_space, const arch::Architecture& a,
                                 const std::vector<LayerPosition>& positions);
// The layers of `a` (of the twin space `se_space`) whose block is an SE twin.
std::vector<LayerPosition> se_positions(const space::Space& se_space, const arch::Architecture& a);

}  // namespace hwnas::s3nas
