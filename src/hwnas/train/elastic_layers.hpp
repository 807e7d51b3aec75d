// The layers of a weight-sharing supernet (OFA's dynamic modules), written as LibTorch
// Options + Impl + holder so parameters(), to(), save/load work as for any module. Each layer
// holds the weights of its largest configuration and runs a smaller one on a slice of them:
//   expansion and width -> the leading channels,  kernel -> the centre k×k of the largest kernel (or,
//   with OFA's kernel transformation, that centre times learned matrices), BN -> the leading
//   channels of weight, bias and running statistics.
// extract() copies the active slice into the IR's parameter layout (export/weights.hpp), in the
// order graph::build emits the ops, so a subnet becomes a standalone network.
#pragma once

#include <vector>

#include <torch/torch.h>

#include "hwnas/engine/torch_activation.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/train/ir_tensor.hpp"

namespace hwnas::train {

using engine::activate;  // the IR activations in LibTorch, shared with the engines

// BatchNorm over the leading x.size(1) channels of its largest width. `momentum` is public so BN
// recalibration can switch to a cumulative average (momentum 1/(batch + 1)). `eps` is the
// network's own (OFA's ProxylessNAS uses 1e-3); extract() moves the difference to the IR's fixed
// kBatchNormEps into running_var, so the exported layer computes the same function.
class ElasticBatchNormImpl : public torch::nn::Module {
 public:
  explicit ElasticBatchNormImpl(int max_channels, double eps = exporting::kBatchNormEps);
  torch::Tensor forward(const torch::Tensor& x);
  exporting::OpParams extract(int channels) const;
  void reset_running_stats();
  // Reorders the channels: channel i becomes the old channel order[i].
  void permute(const torch::Tensor& order);

  double momentum = 0.1;
  double eps;
  torch::Tensor weight, bias, running_mean, running_var;
};
TORCH_MODULE(ElasticBatchNorm);

// A conv of the stem or head: conv (+ bias) (+ BN) + activation, at its largest width. It runs on the
// leading channels of its input and, where a space variable sets its width (ResNet50's stem), on the
// leading `out` output channels, as OFA's DynamicConvLayer does.
struct FixedConvOptions {
  FixedConvOptions(int in_channels, int out_channels, int kernel)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_(kernel) {}
  TORCH_ARG(int, in_channels);
  TORCH_ARG(int, out_channels);
  TORCH_ARG(int, kernel);
  TORCH_ARG(int, stride) = 1;
  TORCH_ARG(bool, bias) = false;
  TORCH_ARG(bool, bn) = true;
  TORCH_ARG(graph::Activation, act) = graph::Activation::identity;
  TORCH_ARG(double, bn_eps) = exporting::kBatchNormEps;
};

class FixedConvImpl : public torch::nn::Module {
 public:
  explicit FixedConvImpl(FixedConvOptions options);
  // out: active output channels, 0 for all.
  torch::Tensor forward(const torch::Tensor& x, int out = 0);
  void extract(int in, int out, std::vector<exporting::OpParams>& params) const;

  FixedConvOptions options;
  torch::Tensor weight, bias;
  ElasticBatchNorm bn{nullptr};
};
TORCH_MODULE(FixedConv);

// One MBConv position at its largest size: 1×1 expand to max_mid (absent when the block never
// expands), depthwise max_kernel, optional SE, 1×1 project; identity skip when stride 1 and in == out.
// transform_kernels (OFA's KERNEL_TRANSFORM_MODE 1): the position's kernel sizes, ascending, ending
// at max_kernel. Each neighbouring pair (large, small) gets a learned small²×small² matrix
// `transform_<large>to<small>` (identity at construction); a smaller kernel is then the centre of
// the next larger one, flattened per channel and multiplied by that matrix, step by step down from
// max_kernel. Empty: a smaller kernel is the plain centre of the largest.
struct ElasticMBConvOptions {
  ElasticMBConvOptions(int in_channels, int out_channels, int max_mid, int max_kernel)
      : in_channels_(in_channels), out_channels_(out_channels), max_mid_(max_mid), max_kernel_(max_kernel) {}
  TORCH_ARG(int, in_channels);
  TORCH_ARG(int, out_channels);
  TORCH_ARG(int, max_mid);
  TORCH_ARG(int, max_kernel);
  TORCH_ARG(int, stride) = 1;
  TORCH_ARG(bool, expand_conv) = true;
  TORCH_ARG(graph::Activation, act) = graph::Activation::relu;
  TORCH_ARG(bool, se) = false;
  TORCH_ARG(int, se_reduction) = 4;
  TORCH_ARG(graph::Activation, se_gate) = graph::Activation::h_sigmoid;
  TORCH_ARG(int, divisor) = 8;
  TORCH_ARG(std::vector<int>, transform_kernels) = {};
  TORCH_ARG(double, bn_eps) = exporting::kBatchNormEps;
};

// The active configuration of one MBConv: mid channels and kernel.
struct MBConvChoice {
  int mid = 0;
  int kernel = 3;
};

class ElasticMBConvImpl : public torch::nn::Module {
 public:
  explicit ElasticMBConvImpl(ElasticMBConvOptions options);
  torch::Tensor forward(const torch::Tensor& x, const MBConvChoice& choice);
  void extract(const MBConvChoice& choice, std::vector<exporting::OpParams>& out) const;
  // SE hidden channels for a given mid (the IR's rule: make_divisible(mid / reduction)).
  int se_mid(int mid) const;
  // OFA's channel reorganisation, before an expansion becomes elastic: the mid channels (and the
  // SE's hidden ones) in order of importance, the L1 norm of the weights that read them, so that
  // a smaller expansion keeps the channels that matter most. The block's function is unchanged.
  // `keep`: ascending mid widths whose channels stay within them (those a smaller expansion was
  // already trained on), as OFA's later expand stage keeps them.
  void sort_mid_channels(const std::vector<int>& keep);

  ElasticMBConvOptions options;
  torch::Tensor expand_weight, depthwise_weight, se_reduce_weight, se_reduce_bias, se_expand_weight,
      se_expand_bias, project_weight;
  ElasticBatchNorm expand_bn{nullptr}, depthwise_bn{nullptr}, project_bn{nullptr};
  // transform_kernels' matrices: transforms[i] maps kernel transform_kernels[i + 1] to [i].
  std::vector<torch::Tensor> transforms;

 private:
  torch::Tensor active_kernel(int mid, int kernel) const;
  void check(const MBConvChoice& choice) const;
};
TORCH_MODULE(ElasticMBConv);

// One ResNet bottleneck position at its largest size (OFA's DynamicResNetBottleneckBlock): 1×1 to
// mid, kernel×kernel at the stride, 1×1 to out (each + BN, ReLU but the last), plus the shortcut,
// then the activation. The shortcut is the identity when the stride is 1 and in == out, else
// avg_pool(stride, ceil) + 1×1 conv + BN (OFA's "avgpool_conv"); `shortcut_conv` says whether the
// position has that conv at all (OFA: a stride or width choices that differ from the input's).
// Widths are elastic on both sides: the leading in channels of the input, the leading mid and out.
struct ElasticBottleneckOptions {
  ElasticBottleneckOptions(int in_channels, int out_channels, int max_mid, int kernel)
      : in_channels_(in_channels), out_channels_(out_channels), max_mid_(max_mid), kernel_(kernel) {}
  TORCH_ARG(int, in_channels);
  TORCH_ARG(int, out_channels);
  TORCH_ARG(int, max_mid);
  TORCH_ARG(int, kernel);
  TORCH_ARG(int, stride) = 1;
  TORCH_ARG(bool, shortcut_conv) = true;
  TORCH_ARG(graph::Activation, act) = graph::Activation::relu;
  TORCH_ARG(double, bn_eps) = exporting::kBatchNormEps;
};

// The active configuration of one bottleneck: mid and output channels.
struct BottleneckChoice {
  int mid = 0;
  int out = 0;
};

class ElasticBottleneckImpl : public torch::nn::Module {
 public:
  explicit ElasticBottleneckImpl(ElasticBottleneckOptions options);
  torch::Tensor forward(const torch::Tensor& x, const BottleneckChoice& choice);
  // in: the active input channels (the shortcut depends on them).
  void extract(int in, const BottleneckChoice& choice, std::vector<exporting::OpParams>& out) const;

  ElasticBottleneckOptions options;
  torch::Tensor conv1_weight, conv2_weight, conv3_weight, shortcut_weight;
  ElasticBatchNorm conv1_bn{nullptr}, conv2_bn{nullptr}, conv3_bn{nullptr}, shortcut_bn{nullptr};

 private:
  // Whether the shortcut runs the conv, for `in` active input channels; throws when the position
  // has no conv but the shapes need one.
  bool uses_shortcut_conv(int in, const BottleneckChoice& choice) const;
};
TORCH_MODULE(ElasticBottleneck);

}  // namespace hwnas::train
