#include "hwnas/engine/onednn_conv.hpp"

#include <torch/custom_class.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <unordered_map>

namespace hwnas::engine {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr auto kF32 = memory::data_type::f32;
constexpr auto kChannelsLast = at::MemoryFormat::ChannelsLast;

const dnnl::engine& cpu_engine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpu_stream() {
  thread_local dnnl::stream stream(cpu_engine());
  return stream;
}

memory::dims dims(const std::vector<std::int64_t>& values) {
  return {values.begin(), values.end()};
}

class OneDnnConv : public torch::CustomClassHolder {
 public:
  explicit OneDnnConv(const OneDnnConvSpec& spec)
      : input_sizes_(spec.input_sizes), adds_residual_(spec.adds_residual) {
    const auto& w = spec.weight;
    TORCH_CHECK(w.dim() == 4 && spec.input_sizes.size() == 4, "onednn_conv: 2-d convolutions only");
    const std::int64_t out_channels = w.size(0);
    output_sizes_ = {input_sizes_[0], out_channels, 0, 0};
    for (int d = 0; d < 2; ++d) {
      const auto extent = spec.dilation[d] * (w.size(2 + d) - 1) + 1;
      output_sizes_[2 + d] =
          (input_sizes_[2 + d] + 2 * spec.padding[d] - extent) / spec.stride[d] + 1;
    }
    const memory::dims weight_dims =
        spec.groups == 1 ? dims(w.sizes().vec())
                         : memory::dims{spec.groups, out_channels / spec.groups, w.size(1),
                                        w.size(2), w.size(3)};
    const memory::desc src_md(dims(input_sizes_), kF32, Tag::nhwc);
    const memory::desc dst_md(dims(output_sizes_), kF32, Tag::nhwc);
    const memory::desc weights_any(weight_dims, kF32, Tag::any);
    const memory::desc bias_md({out_channels}, kF32, Tag::a);

    dnnl::post_ops post_ops;
    if (spec.adds_residual) post_ops.append_binary(dnnl::algorithm::binary_add, dst_md);
    switch (spec.activation) {
      case FusedActivation::none: break;
      case FusedActivation::relu:
        post_ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
        break;
      case FusedActivation::relu6:
        post_ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f);
        break;
      case FusedActivation::h_swish:
        post_ops.append_eltwise(1.f, dnnl::algorithm::eltwise_hardswish, 0.f, 0.f);
        break;
    }
    dnnl::primitive_attr attr;
    attr.set_post_ops(post_ops);

    // oneDNN counts dilation from 0 (a dense kernel), LibTorch from 1.
    const memory::dims dilation{spec.dilation[0] - 1, spec.dilation[1] - 1};
    const auto forward = dnnl::prop_kind::forward_inference;
    const auto direct = dnnl::algorithm::convolution_direct;
    const auto desc =
        spec.bias ? dnnl::convolution_forward::desc(forward, direct, src_md, weights_any, bias_md,
                                                    dst_md, dims(spec.stride), dilation,
                                                    dims(spec.padding), dims(spec.padding))
                  : dnnl::convolution_forward::desc(forward, direct, src_md, weights_any, dst_md,
                                                    dims(spec.stride), dilation,
                                                    dims(spec.padding), dims(spec.padding));
    primitive_desc_ = dnnl::convolution_forward::primitive_desc(desc, attr, cpu_engine());
    primitive_ = dnnl::convolution_forward(primitive_desc_);

    // The weights, reordered once into the layout the primitive chose.
    auto plain = w.contiguous();
    memory plain_weights({weight_dims, kF32, spec.groups == 1 ? Tag::oihw : Tag::goihw},
                         cpu_engine(), plain.data_ptr());
    weights_ = memory(primitive_desc_.weights_desc(), cpu_engine());
    dnnl::reorder(plain_weights, weights_).execute(cpu_stream(), plain_weights, weights_);
    cpu_stream().wait();
    if (spec.bias) {
      bias_ = spec.bias->contiguous();
      bias_memory_ = memory(bias_md, cpu_engine(), bias_.data_ptr());
    }
  }

  torch::Tensor run(const torch::Tensor& input,
                    const c10::optional<torch::Tensor>& residual) const {
    TORCH_CHECK(input.sizes() == c10::IntArrayRef(input_sizes_) &&
                    input.scalar_type() == torch::kFloat32,
                "onednn_conv: compiled for float input ", c10::IntArrayRef(input_sizes_), ", got ",
                input.scalar_type(), " ", input.sizes());
    TORCH_CHECK(residual.has_value() == adds_residual_, "onednn_conv: residual ",
                adds_residual_ ? "missing" : "not expected");
    const auto src = input.contiguous(kChannelsLast);
    auto dst = at::empty(output_sizes_, src.options().memory_format(kChannelsLast));
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC, memory(primitive_desc_.src_desc(), cpu_engine(), src.data_ptr())},
        {DNNL_ARG_WEIGHTS, weights_},
        {DNNL_ARG_DST, memory(primitive_desc_.dst_desc(), cpu_engine(), dst.data_ptr())}};
    if (bias_memory_) args.emplace(DNNL_ARG_BIAS, *bias_memory_);
    torch::Tensor added;
    if (residual) {
      TORCH_CHECK(residual->sizes() == c10::IntArrayRef(output_sizes_) &&
                      residual->scalar_type() == torch::kFloat32,
                  "onednn_conv: residual must be float ", c10::IntArrayRef(output_sizes_));
      added = residual->contiguous(kChannelsLast);
      args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1,
                   memory(primitive_desc_.dst_desc(), cpu_engine(), added.data_ptr()));
    }
    primitive_.execute(cpu_stream(), args);
    cpu_stream().wait();
    return dst;
  }

 private:
  std::vector<std::int64_t> input_sizes_, output_sizes_;
  bool adds_residual_;
  dnnl::convolution_forward::primitive_desc primitive_desc_;
  dnnl::convolution_forward primitive_;
  memory weights_;
  torch::Tensor bias_;  // owns what bias_memory_ reads
  std::optional<memory> bias_memory_;
};

TORCH_LIBRARY(hwnas, library) {
  library.class_<OneDnnConv>("OneDnnConv");
  library.def(
      "onednn_conv(__torch__.torch.classes.hwnas.OneDnnConv conv, Tensor input, Tensor? residual)"
      " -> Tensor",
      [](const c10::intrusive_ptr<OneDnnConv>& conv, const torch::Tensor& input,
         const c10::optional<torch::Tensor>& residual) { return conv->run(input, residual); });
}

}  // namespace

std::string onednn_version() {
  const auto* v = dnnl::version();
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
}

c10::IValue make_onednn_conv(const OneDnnConvSpec& spec) {
  return c10::IValue(c10::make_intrusive<OneDnnConv>(spec));
}

}  // namespace hwnas::engine
