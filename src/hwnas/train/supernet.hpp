// A weight-sharing supernet for an MBConv or ResNet-bottleneck design space (OFA-style): one
// elastic layer per layer position at its largest size, stem and head at their largest widths.
// forward(x, arch) runs one subnet: depth -> the first d layers of each unit, expansion and width ->
// leading channels, kernel -> centre of the largest, a stem layer a space variable disables ->
// skipped. extract_weights(arch) gives that subnet's weights for graph::build(space, arch), so any
// engine or exporter runs the subnet as a standalone network with the same outputs.
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
  // Throws InputError when the space is not one a supernet covers: the searchable blocks all
  // mbconv (units of one width) or all bottleneck (one kernel per position, no SE); stem/head of
  // conv, mbconv block, residual_conv, max_pool, global_avg_pool, linear, where space variables
  // may set a conv's width or switch a layer off.
  explicit SupernetImpl(const space::Space& space, SupernetOptions options = {});

  // x: N×C×H×W at the architecture's resolution. Validates the architecture.
  torch::Tensor forward(const torch::Tensor& x, const arch::Architecture& arch);
  exporting::Weights extract_weights(const arch::Architecture& arch) const;

  // Progressive shrinking's channel reorganisation before an expansion stage
  // (ElasticMBConv::sort_mid_channels) in every MBConv position of the units; `trained_expands`
  // largest distinct expansions of each position were elastic so far, and keep their channels.
  void sort_mid_channels(int trained_expands);

  // BN momentum of every layer; recalibration uses 1/(batch + 1) for a cumulative average.
  void set_bn_momentum(double momentum);
  void reset_bn_statistics();

  const space::Space& space() const { return space_; }
  const SupernetOptions& options() const { return options_; }
  // The largest and smallest subnets (sandwich rule): deepest with the largest expand, kernel,
  // width and space variables, and the reverse, at the default resolution.
  arch::Architecture largest() const;
  arch::Architecture smallest() const;

 private:
  struct Fixed {
    space::FixedLayer spec;
    FixedConv conv{nullptr};  // conv and residual_conv
    ElasticMBConv block{nullptr};
    MBConvChoice choice;
    torch::nn::Linear linear{nullptr};
  };
  // One layer position of a unit: an MBConv or a bottleneck.
  struct Position {
    ElasticMBConv mbconv{nullptr};
    ElasticBottleneck bottleneck{nullptr};
  };
  Fixed make_fixed(const space::FixedLayer& layer, std::vector<int>& channels, const std::string& name);
  Position make_position(int unit, int layer, const std::vector<int>& in_channels);
  // Whether a stem/head layer is present, and its output channels for `in` input channels.
  bool enabled(const space::FixedLayer& layer, const arch::Architecture& arch) const;
  int out_channels(const space::FixedLayer& layer, const arch::Architecture& arch, int in) const;
  torch::Tensor run_fixed(Fixed& layer, torch::Tensor x, int out);
  void extract_fixed(const Fixed& layer, int in, int out, std::vector<exporting::OpParams>& params) const;
  MBConvChoice mbconv_choice(int unit, int layer, int block) const;
  BottleneckChoice bottleneck_choice(int unit, int block, int width) const;
  arch::Architecture extreme(bool large) const;

  space::Space space_;
  SupernetOptions options_;
  std::vector<Fixed> stem_, head_;
  std::vector<std::vector<Position>> units_;  // [unit][layer]
};
TORCH_MODULE(Supernet);

}  // namespace hwnas::train
