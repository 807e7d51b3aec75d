// Training one architecture of a mixconv space from scratch: a fresh MixConvSupernet whose gates are
// fixed to the architecture (fixed_gates) is exactly that network — a masked superkernel is the
// smaller kernel, a masked channel group is a switched-off branch, an all-off block is the identity.
// Used for the found architecture and for the random architectures it is compared with.
#pragma once

#include <cstdint>

#include "hwnas/s3nas/mixconv_supernet.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::s3nas {

// Gates selecting `a`: unit u's blocks at its first layers, the rest off.
std::vector<BlockGates> architecture_gates(const MixConvSupernetImpl& net, const arch::Architecture& a);

struct FixedTrainOptions {
  int steps = 300;
  int batch_size = 64;
  double lr = 0.05;  // SGD, momentum 0.9, cosine decay to 0
  std::uint64_t seed = 1;
};

struct FixedTrainResult {
  double test_accuracy = 0;  // fraction of `test` classified correctly
  double last_cross_entropy = 0;
};

// `train` and `test` already normalised alike.
FixedTrainResult train_fixed(const space::Space& space, const arch::Architecture& a, const train::ImageSet& train,
                             const train::ImageSet& test, const FixedTrainOptions& options);

}  // namespace hwnas::s3nas
