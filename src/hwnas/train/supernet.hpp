// A weight-sharing supernet for an MBConv design space (OFA-style): one ElasticMBConv per layer
// position at its largest size, fixed stem and head. forward(x, arch) runs one subnet: depth ->
// the first d layers of each unit, expansion -> leading channels, kernel -> centre of the largest.
// extract_weights(arch) gives that subnet's weights for graph::build(space, arch), so any engine or
// exporter runs the subnet as a standalone network with the same outputs.
#pragma once

#include <vector>

#include <torch/torch.h>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/space/space.hpp"
#include "hwnas/train/elastic_layers.hpp"

namespace hwnas::train {

// How the shared weights become a subnet's, beyond slicing. Stored in supernet.json.
struct SupernetOptions {
  // OFA's kernel transformation (elastic_layers.hpp): each MBConv position with several kernel
  // sizes holds the matrices that turn its largest kernel into the smaller ones.
  TORCH_ARG(bool, kernel_transform) = false;
  // Every BN's epsilon (OFA: 1e-5 for MobileNetV3 and ResNets, 1e-3 for ProxylessNAS).
  TORCH_ARG(double, bn_eps) = exporting::kBatchNormEps;
};

class SupernetImpl : public torch::nn::Module {
 public:
  // Throws InputError when the space is not one a supernet covers: every searchable block must be
  // an mbconv, every unit of one width, no space variables, stem/head only conv / block /
  // global_avg_pool / linear.
  explicit SupernetImpl(const space::Space& space, SupernetOptions options = {});

  // x: N×C×H×W at the architecture's resolution. Validates the architecture.
  torch::Tensor forward(const torch::Tensor& x, const arch::Architecture& arch);
  exporting::Weights extract_weights(const arch::Architecture& arch) const;

  // BN momentum of every layer; recalibration uses 1/(batch + 1) for a cumulative average.
  void set_bn_momentum(double momentum);
  void reset_bn_statistics();

  const space::Space& space() const { return space_; }
  const SupernetOptions& options() const { return options_; }
  // The largest and smallest subnets (sandwich rule): deepest with the largest expand and kernel,
  // and the reverse, at the default resolution.
  arch::Architecture largest() const;
  arch::Architecture smallest() const;

 private:
  struct Fixed {
    space::FixedOp op;
    FixedConv conv{nullptr};
    ElasticMBConv block{nullptr};
    MBConvChoice choice;
    torch::nn::Linear linear{nullptr};
  };
  Fixed make_fixed(const space::FixedLayer& layer, int& channels, const std::string& name);
  torch::Tensor run_fixed(Fixed& layer, torch::Tensor x);
  void extract_fixed(const Fixed& layer, std::vector<exporting::OpParams>& out) const;
  MBConvChoice choice(int unit, int layer, int block) const;
  arch::Architecture extreme(bool large) const;

  space::Space space_;
  SupernetOptions options_;
  std::vector<Fixed> stem_, head_;
  std::vector<std::vector<ElasticMBConv>> units_;  // [unit][layer]
};
TORCH_MODULE(Supernet);

}  // namespace hwnas::train
