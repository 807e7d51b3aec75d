// The network a MixConv supernet computes under fixed gates, as weights of the IR graph
// graph::build(space, a) (export/weights.hpp), so a trained S3NAS network leaves hwnas with its
// weights. Per block, as graph/blocks.cpp's mixconv lays it out:
//   expand 1×1 conv + BN: the active branches' output channels, merged by kernel (ascending) and
//     within a kernel in branch order — the graph's channel order, used for every later tensor;
//   per kernel: one depthwise conv of the branches' centre k×k of their superkernels (the rings
//     the gates leave off are zeros) + its channels of the concat BN;
//   SE: the first make_divisible(C/reduction) hidden units (those the supernet uses for C active
//     channels), reduce and expand as 1×1 convs;
//   project 1×1 conv (the active input channels) + BN.
// Stem and head take the supernet's modules in order.
#pragma once

#include "hwnas/export/weights.hpp"
#include "hwnas/s3nas/mixconv_supernet.hpp"

namespace hwnas::s3nas {

// `a` as architecture_gates and architecture_se select it (unit u's blocks at its first layers).
// Throws std::logic_error when the supernet and the graph disagree (a bug, not an input).
exporting::Weights network_weights(const MixConvSupernetImpl& net, const arch::Architecture& a);

}  // namespace hwnas::s3nas
