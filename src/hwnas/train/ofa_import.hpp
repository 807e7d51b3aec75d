// OFA's supernet checkpoints (mit-han-lab/once-for-all: the state_dict of OFAMobileNetV3,
// OFAProxylessNASNets or OFAResNets) as hwnas supernets. Every hwnas tensor is filled from the OFA tensor of the
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

// Which OFA network class has the space's shape. MBConv spaces follow from the head: conv, pool,
// conv without BN, linear is OFAMobileNetV3 (BN eps 1e-5); conv, pool, linear is
// OFAProxylessNASNets (1e-3); their stem is OFA's first_conv then blocks.0. Bottleneck spaces with
// ResNet's stem (conv, residual conv, conv, max pool) and head (pool, linear) are OFAResNets (1e-5).
struct OfaLayout {
  std::string network;            // OFA's class name
  double bn_eps = 1e-5;
  std::vector<std::string> stem;  // OFA module of each stem layer ("" for a pooling)
  std::vector<std::string> head;  // OFA module of each head layer ("" for the pooling)
  // OFAResNets' stem convs and classifier are OFA's dynamic layers, which wrap their nn.Conv2d,
  // BatchNorm2d and Linear once more (conv.conv, bn.bn, linear.linear).
  bool dynamic_stem_head = false;
  int first_block = 1;  // OFA's blocks index of the first unit's first layer
};
// Throws InputError naming the space when no OFA network has its shape.
OfaLayout ofa_layout(const space::Space& space);

// The hwnas supernet of the space with every parameter and BN buffer taken from `state` (OFA's
// names). Keys under the other names OFA's own load_state_dict accepts (older checkpoints'
// `mobile_inverted_conv` for `conv`; `bn.` for `bn.bn.`, `conv.weight` for `conv.conv.weight`,
// `linear.` for `linear.linear.` and back) are read too. Throws InputError naming `origin` and the
// key for a missing tensor, a shape that differs or tensors that no hwnas layer takes.
Supernet supernet_from_ofa(const space::Space& space, const std::map<std::string, torch::Tensor>& state,
                           const std::string& origin);

// Reads the checkpoint (state_dict_file.hpp), fills the supernet and writes a supernet folder
// (supernet_dir.hpp) with ImageNet's normalisation and no data folder. `id` defaults to the
// folder's name. Throws InputError when out_dir already holds a supernet.
SupernetInfo import_ofa_checkpoint(const std::filesystem::path& checkpoint, const space::Space& space,
                                   const std::filesystem::path& out_dir, std::string id);

}  // namespace hwnas::train
