// OFA's supernet checkpoints (mit-han-lab/once-for-all: the state_dict of OFAMobileNetV3 or
// OFAProxylessNASNets) as hwnas supernets. Every hwnas tensor is filled from the OFA tensor of the
// same role, so a subnet gets exactly the weights OFA's get_active_subnet() gives it: widths and
// expand ratios as leading channels, SE width make_divisible(mid // 4, 8), elastic kernels through
// the learned `7to5_matrix` / `5to3_matrix` (SupernetOptions::kernel_transform), and the network's
// BN epsilon. docs/training.md lists the names.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <torch/torch.h>

#include "hwnas/space/space.hpp"
#include "hwnas/train/supernet.hpp"
#include "hwnas/train/supernet_dir.hpp"

namespace hwnas::train {

// Which OFA network class has the space's shape. It follows from the head: conv, pool, conv
// without BN, linear is OFAMobileNetV3 (BN eps 1e-5); conv, pool, linear is OFAProxylessNASNets
// (1e-3). The stem is OFA's first_conv then blocks.0.
struct OfaLayout {
  std::string network;            // OFA's class name
  double bn_eps = 1e-5;
  std::vector<std::string> stem;  // OFA module of each stem layer
  std::vector<std::string> head;  // OFA module of each head layer ("" for the pooling)
};
// Throws InputError naming the space when no OFA network has its shape.
OfaLayout ofa_layout(const space::Space& space);

// The hwnas supernet of the space with every parameter and BN buffer taken from `state` (OFA's
// names). Throws InputError naming `origin` and the key for a missing tensor, a shape that differs
// or tensors that no hwnas layer takes.
Supernet supernet_from_ofa(const space::Space& space, const std::map<std::string, torch::Tensor>& state,
                           const std::string& origin);

// Reads the checkpoint (state_dict_file.hpp), fills the supernet and writes a supernet folder
// (supernet_dir.hpp) with ImageNet's normalisation and no data folder. `id` defaults to the
// folder's name. Throws InputError when out_dir already holds a supernet.
SupernetInfo import_ofa_checkpoint(const std::filesystem::path& checkpoint, const space::Space& space,
                                   const std::filesystem::path& out_dir, std::string id);

}  // namespace hwnas::train
