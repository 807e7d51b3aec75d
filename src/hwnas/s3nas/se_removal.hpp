// S3NAS's selective SE removal (S3NAS §4.3.3): an SE block whose excitations hardly change from
// image to image acts as a constant channel scale, which the following 1×1 conv can absorb. Its score
// is the mean over channels of each channel's standard deviation of the excitation across images;
// the blocks with the lowest scores lose their SE.
#pragma once

#include <optional>
#include <vector>

#include <torch/torch.h>

#include "hwnas/s3nas/mixconv_supernet.hpp"
#include "hwnas/s3nas/se_variants.hpp"

namespace hwnas::s3nas {

// excitations: images × channels. Mean over channels of the population std over images.
double se_score(const torch::Tensor& excitations);

struct SeBlockScore {
  std::size_t block = 0;          // index into the supernet's blocks()
  LayerPosition position;         // unit and layer in the architecture
  double score = 0;
  torch::Tensor mean_excitation;  // per channel of the block's concat (all branches), over images
};

// Runs `images` (at the network's resolution already) through the network in eval mode and scores
// every block whose SE is on, over the channels of its active branches.
std::vector<SeBlockScore> score_se_blocks(MixConvSupernetImpl& net, const std::vector<BlockGates>& gates,
                                          const std::vector<bool>& se, const torch::Tensor& images);

// Indices into `scores` of the SE blocks to remove, lowest score first: the `count` lowest, or with
// `threshold` every block scoring below it (both given: at most `count` of those).
std::vector<std::size_t> lowest_scores(const std::vector<SeBlockScore>& scores, std::optional<int> count,
                                       std::optional<double> threshold);

// Replaces the block's SE by its mean excitation folded into the 1×1 project conv (exact when the
// excitation is constant); the caller switches the block's SE off.
void fold_mean_excitation(MixConvBlockImpl& block, const torch::Tensor& mean_excitation);

}  // namespace hwnas::s3nas
