// Training one architecture of a mixconv space from scratch: a fresh MixConvSupernet whose gates are
// fixed to the architecture (fixed_gates) is exactly that network — a masked superkernel is the
// smaller kernel, a masked channel group is a switched-off branch, an all-off block is the identity,
// and a block of the vocabulary with `se: true` switches its position's SE on.
// Used for the found architecture, the random architectures it is compared with, and prune-se.
#pragma once

#include <cstdint>

#include "hwnas/s3nas/mixconv_supernet.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::s3nas {

// Gates selecting `a`: unit u's blocks at its first layers, the rest off.
std::vector<BlockGates> architecture_gates(const MixConvSupernetImpl& net, const arch::Architecture& a);
// Per block position: does `a` put an SE block there.
std::vector<bool> architecture_se(const MixConvSupernetImpl& net, const arch::Architecture& a);

struct FixedTrainOptions {
  int steps = 300;
  int batch_size = 64;
  double lr = 0.05;  // SGD, momentum 0.9, cosine decay to 0
  std::uint64_t seed = 1;
};

struct FixedTrainResult {
  double test_accuracy = 0;  // fraction of `test` classified correctly
  double last_cross_entropy = 0;
  MixConvSupernet network{nullptr};  // the trained network (its gates fixed to the architecture)
};

// Images resized (bilinear) to resolution×resolution, or `images` itself when they have that size:
// a compound-scaled space trains at its own resolution on the 28×28 data.
torch::Tensor at_resolution(const torch::Tensor& images, int resolution);

// Trains `net` in place with the gates and SE switches fixed; returns the last batch's CE.
double train_gated(MixConvSupernetImpl& net, const std::vector<BlockGates>& gates, const std::vector<bool>& se,
                   int resolution, const train::ImageSet& train, const FixedTrainOptions& options);
// Fraction of `test` classified correctly (eval mode, no gradients).
double test_accuracy(MixConvSupernetImpl& net, const std::vector<BlockGates>& gates, const std::vector<bool>& se,
                     int resolution, const train::ImageSet& test);

// `train` and `test` already normalised alike.
FixedTrainResult train_fixed(const space::Space& space, const arch::Architecture& a, const train::ImageSet& train,
                             const train::ImageSet& test, const FixedTrainOptions& options);

}  // namespace hwnas::s3nas
