#include "hwnas/train/elastic_layers.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "hwnas/space/space.hpp"

namespace hwnas::train {

namespace {

torch::Tensor conv_weight(int out, int in, int kernel) {
  torch::Tensor w = torch::empty({out, in, kernel, kernel});
  torch::nn::init::kaiming_normal_(w, 0, torch::kFanOut, torch::kReLU);
  return w;
}

}  // namespace

ElasticBatchNormImpl::ElasticBatchNormImpl(int max_channels, double eps_) : eps(eps_) {
  weight = register_parameter("weight", torch::ones({max_channels}));
  bias = register_parameter("bias", torch::zeros({max_channels}));
  running_mean = register_buffer("running_mean", torch::zeros({max_channels}));
  running_var = register_buffer("running_var", torch::ones({max_channels}));
}

torch::Tensor ElasticBatchNormImpl::forward(const torch::Tensor& x) {
  const std::int64_t c = x.size(1);
  return torch::batch_norm(x, weight.narrow(0, 0, c), bias.narrow(0, 0, c), running_mean.narrow(0, 0, c),
                           running_var.narrow(0, 0, c), is_training(), momentum, eps,
                           /*cudnn_enabled=*/true);
}

exporting::OpParams ElasticBatchNormImpl::extract(int channels) const {
  return {{"weight", to_ir_tensor(weight.narrow(0, 0, channels))},
          {"bias", to_ir_tensor(bias.narrow(0, 0, channels))},
          {"running_mean", to_ir_tensor(running_mean.narrow(0, 0, channels))},
          {"running_var", to_ir_tensor(running_var.narrow(0, 0, channels) + (eps - exporting::kBatchNormEps))}};
}

void ElasticBatchNormImpl::reset_running_stats() {
  torch::NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
}

void ElasticBatchNormImpl::permute(const torch::Tensor& order) {
  torch::NoGradGuard no_grad;
  for (torch::Tensor* t : {&weight, &bias, &running_mean, &running_var}) t->copy_(t->index_select(0, order));
}

FixedConvImpl::FixedConvImpl(FixedConvOptions options_) : options(std::move(options_)) {
  weight = register_parameter("weight", conv_weight(options.out_channels(), options.in_channels(), options.kernel()));
  if (options.bias()) bias = register_parameter("bias", torch::zeros({options.out_channels()}));
  if (options.bn()) bn = register_module("bn", ElasticBatchNorm(options.out_channels(), options.bn_eps()));
}

torch::Tensor FixedConvImpl::forward(const torch::Tensor& x, int out) {
  const std::int64_t channels = out > 0 ? out : options.out_channels();
  const torch::Tensor w = weight.narrow(0, 0, channels).narrow(1, 0, x.size(1));
  torch::Tensor y = torch::conv2d(x, w, options.bias() ? bias.narrow(0, 0, channels) : torch::Tensor(),
                                  options.stride(), options.kernel() / 2);
  if (options.bn()) y = bn->forward(y);
  return activate(y, options.act());
}

void FixedConvImpl::extract(int in, int out, std::vector<exporting::OpParams>& params) const {
  exporting::OpParams conv{{"weight", to_ir_tensor(weight.narrow(0, 0, out).narrow(1, 0, in))}};
  if (options.bias()) conv.emplace("bias", to_ir_tensor(bias.narrow(0, 0, out)));
  params.push_back(std::move(conv));
  if (options.bn()) params.push_back(bn->extract(out));
}

ElasticMBConvImpl::ElasticMBConvImpl(ElasticMBConvOptions options_) : options(std::move(options_)) {
  const int in = options.in_channels();
  const int mid = options.max_mid();
  if (!options.expand_conv() && mid != in) {
    throw std::invalid_argument("an MBConv without expand conv needs max_mid == in_channels, got " +
                                std::to_string(mid) + " vs " + std::to_string(in));
  }
  if (options.max_kernel() % 2 == 0) throw std::invalid_argument("MBConv kernels must be odd");
  if (options.expand_conv()) {
    expand_weight = register_parameter("expand_weight", conv_weight(mid, in, 1));
    expand_bn = register_module("expand_bn", ElasticBatchNorm(mid, options.bn_eps()));
  }
  depthwise_weight = register_parameter("depthwise_weight", conv_weight(mid, 1, options.max_kernel()));
  depthwise_bn = register_module("depthwise_bn", ElasticBatchNorm(mid, options.bn_eps()));
  const std::vector<int>& kernels = options.transform_kernels();
  if (!kernels.empty() && (kernels.back() != options.max_kernel() || !std::is_sorted(kernels.begin(), kernels.end()))) {
    throw std::invalid_argument("MBConv transform_kernels must ascend to max_kernel " +
                                std::to_string(options.max_kernel()));
  }
  for (std::size_t i = 0; i + 1 < kernels.size(); ++i) {
    const int small = kernels[i];
    transforms.push_back(register_parameter(
        "transform_" + std::to_string(kernels[i + 1]) + "to" + std::to_string(small), torch::eye(small * small)));
  }
  if (options.se()) {
    const int hidden = se_mid(mid);
    se_reduce_weight = register_parameter("se_reduce_weight", conv_weight(hidden, mid, 1));
    se_reduce_bias = register_parameter("se_reduce_bias", torch::zeros({hidden}));
    se_expand_weight = register_parameter("se_expand_weight", conv_weight(mid, hidden, 1));
    se_expand_bias = register_parameter("se_expand_bias", torch::zeros({mid}));
  }
  project_weight = register_parameter("project_weight", conv_weight(options.out_channels(), mid, 1));
  project_bn = register_module("project_bn", ElasticBatchNorm(options.out_channels(), options.bn_eps()));
}

int ElasticMBConvImpl::se_mid(int mid) const {
  return space::make_divisible(mid / options.se_reduction(), options.divisor());
}

namespace {

// Channel indices by descending importance; a channel never leaves the group [keep[i-1], keep[i])
// it is in (keep ascending), so what a smaller width was trained on stays within that width.
torch::Tensor importance_order(const torch::Tensor& importance, const std::vector<int>& keep) {
  const torch::Tensor imp = importance.to(torch::kFloat64).contiguous();
  const auto* value = imp.data_ptr<double>();
  const auto group = [&](std::int64_t c) {
    return std::upper_bound(keep.begin(), keep.end(), static_cast<int>(c)) - keep.begin();
  };
  std::vector<std::int64_t> order(static_cast<std::size_t>(imp.size(0)));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return group(a) != group(b) ? group(a) < group(b) : value[a] > value[b];
  });
  return torch::tensor(order, torch::kInt64);
}

}  // namespace

void ElasticMBConvImpl::sort_mid_channels(const std::vector<int>& keep) {
  if (!options.expand_conv()) return;  // its mid channels are its input's
  torch::NoGradGuard no_grad;
  const torch::Tensor order = importance_order(project_weight.abs().sum({0, 2, 3}), keep);
  expand_weight.copy_(expand_weight.index_select(0, order));
  expand_bn->permute(order);
  depthwise_weight.copy_(depthwise_weight.index_select(0, order));
  depthwise_bn->permute(order);
  if (options.se()) {
    se_reduce_weight.copy_(se_reduce_weight.index_select(1, order));
    se_expand_weight.copy_(se_expand_weight.index_select(0, order));
    se_expand_bias.copy_(se_expand_bias.index_select(0, order));
    const torch::Tensor hidden = importance_order(se_expand_weight.abs().sum({0, 2, 3}), {});
    se_expand_weight.copy_(se_expand_weight.index_select(1, hidden));
    se_reduce_weight.copy_(se_reduce_weight.index_select(0, hidden));
    se_reduce_bias.copy_(se_reduce_bias.index_select(0, hidden));
  }
  project_weight.copy_(project_weight.index_select(1, order));
}

void ElasticMBConvImpl::check(const MBConvChoice& choice) const {
  const bool mid_ok = options.expand_conv() ? choice.mid >= 1 && choice.mid <= options.max_mid()
                                            : choice.mid == options.in_channels();
  const auto& kernels = options.transform_kernels();
  const bool kernel_ok = kernels.empty() ? choice.kernel <= options.max_kernel() && choice.kernel % 2 == 1
                                         : std::find(kernels.begin(), kernels.end(), choice.kernel) != kernels.end();
  if (!mid_ok || !kernel_ok) {
    throw std::invalid_argument("MBConv choice mid " + std::to_string(choice.mid) + " kernel " +
                                std::to_string(choice.kernel) + " exceeds max mid " +
                                std::to_string(options.max_mid()) + " kernel " + std::to_string(options.max_kernel()));
  }
}

namespace {

torch::Tensor centre(const torch::Tensor& weight, int from, int to) {
  const int offset = (from - to) / 2;
  return weight.narrow(2, offset, to).narrow(3, offset, to);
}

}  // namespace

torch::Tensor ElasticMBConvImpl::active_kernel(int mid, int kernel) const {
  const torch::Tensor weight = depthwise_weight.narrow(0, 0, mid);
  const auto& kernels = options.transform_kernels();
  if (kernels.empty()) return centre(weight, options.max_kernel(), kernel);
  // OFA: from the largest kernel down, centre of the next size, flattened, times the matrix
  // (F.linear, i.e. row vector × matrixᵀ).
  torch::Tensor w = weight;
  for (std::size_t i = kernels.size() - 1; i > 0 && kernels[i] > kernel; --i) {
    const int small = kernels[i - 1];
    w = torch::matmul(centre(w, kernels[i], small).reshape({mid, small * small}), transforms[i - 1].t())
            .reshape({mid, 1, small, small});
  }
  return w;
}

torch::Tensor ElasticMBConvImpl::forward(const torch::Tensor& x, const MBConvChoice& choice) {
  check(choice);
  const int mid = choice.mid;
  torch::Tensor y = x;
  if (options.expand_conv()) {
    y = activate(expand_bn->forward(torch::conv2d(y, expand_weight.narrow(0, 0, mid))), options.act());
  }
  y = torch::conv2d(y, active_kernel(mid, choice.kernel), {}, options.stride(), choice.kernel / 2, 1, mid);
  y = activate(depthwise_bn->forward(y), options.act());
  if (options.se()) {
    const int hidden = se_mid(mid);
    torch::Tensor s = y.mean({2, 3}, /*keepdim=*/true);
    s = torch::relu(torch::conv2d(s, se_reduce_weight.narrow(0, 0, hidden).narrow(1, 0, mid),
                                  se_reduce_bias.narrow(0, 0, hidden)));
    s = activate(torch::conv2d(s, se_expand_weight.narrow(0, 0, mid).narrow(1, 0, hidden),
                               se_expand_bias.narrow(0, 0, mid)),
                 options.se_gate());
    y = y * s;
  }
  y = project_bn->forward(torch::conv2d(y, project_weight.narrow(1, 0, mid)));
  const bool skip = options.stride() == 1 && options.in_channels() == options.out_channels();
  return skip ? x + y : y;
}

void ElasticMBConvImpl::extract(const MBConvChoice& choice, std::vector<exporting::OpParams>& out) const {
  check(choice);
  const int mid = choice.mid;
  if (options.expand_conv()) {
    out.push_back({{"weight", to_ir_tensor(expand_weight.narrow(0, 0, mid))}});
    out.push_back(expand_bn->extract(mid));
  }
  out.push_back({{"weight", to_ir_tensor(active_kernel(mid, choice.kernel))}});
  out.push_back(depthwise_bn->extract(mid));
  if (options.se()) {
    const int hidden = se_mid(mid);
    out.push_back({{"weight", to_ir_tensor(se_reduce_weight.narrow(0, 0, hidden).narrow(1, 0, mid))},
                   {"bias", to_ir_tensor(se_reduce_bias.narrow(0, 0, hidden))}});
    out.push_back({{"weight", to_ir_tensor(se_expand_weight.narrow(0, 0, mid).narrow(1, 0, hidden))},
                   {"bias", to_ir_tensor(se_expand_bias.narrow(0, 0, mid))}});
  }
  out.push_back({{"weight", to_ir_tensor(project_weight.narrow(1, 0, mid))}});
  out.push_back(project_bn->extract(options.out_channels()));
}

ElasticBottleneckImpl::ElasticBottleneckImpl(ElasticBottleneckOptions options_) : options(std::move(options_)) {
  const int in = options.in_channels();
  const int mid = options.max_mid();
  const int out = options.out_channels();
  const double eps = options.bn_eps();
  conv1_weight = register_parameter("conv1_weight", conv_weight(mid, in, 1));
  conv1_bn = register_module("conv1_bn", ElasticBatchNorm(mid, eps));
  conv2_weight = register_parameter("conv2_weight", conv_weight(mid, mid, options.kernel()));
  conv2_bn = register_module("conv2_bn", ElasticBatchNorm(mid, eps));
  conv3_weight = register_parameter("conv3_weight", conv_weight(out, mid, 1));
  conv3_bn = register_module("conv3_bn", ElasticBatchNorm(out, eps));
  if (options.shortcut_conv()) {
    shortcut_weight = register_parameter("shortcut_weight", conv_weight(out, in, 1));
    shortcut_bn = register_module("shortcut_bn", ElasticBatchNorm(out, eps));
  }
}

bool ElasticBottleneckImpl::uses_shortcut_conv(int in, const BottleneckChoice& choice) const {
  if (choice.mid < 1 || choice.mid > options.max_mid() || choice.out < 1 || choice.out > options.out_channels() ||
      in > options.in_channels()) {
    throw std::invalid_argument("bottleneck choice in " + std::to_string(in) + " mid " + std::to_string(choice.mid) +
                                " out " + std::to_string(choice.out) + " exceeds " +
                                std::to_string(options.in_channels()) + "/" + std::to_string(options.max_mid()) + "/" +
                                std::to_string(options.out_channels()));
  }
  const bool needed = options.stride() != 1 || in != choice.out;
  if (needed && !options.shortcut_conv()) {
    throw std::invalid_argument("bottleneck without a shortcut conv cannot map " + std::to_string(in) + " to " +
                                std::to_string(choice.out) + " channels");
  }
  return needed;
}

torch::Tensor ElasticBottleneckImpl::forward(const torch::Tensor& x, const BottleneckChoice& choice) {
  const int in = static_cast<int>(x.size(1));
  const int mid = choice.mid;
  const int out = choice.out;
  torch::Tensor shortcut = x;
  if (uses_shortcut_conv(in, choice)) {
    const int s = options.stride();
    if (s != 1) shortcut = torch::avg_pool2d(shortcut, s, s, 0, /*ceil_mode=*/true);
    shortcut = shortcut_bn->forward(torch::conv2d(shortcut, shortcut_weight.narrow(0, 0, out).narrow(1, 0, in)));
  }
  torch::Tensor y = torch::conv2d(x, conv1_weight.narrow(0, 0, mid).narrow(1, 0, in));
  y = activate(conv1_bn->forward(y), options.act());
  y = torch::conv2d(y, conv2_weight.narrow(0, 0, mid).narrow(1, 0, mid), {}, options.stride(), options.kernel() / 2);
  y = activate(conv2_bn->forward(y), options.act());
  y = conv3_bn->forward(torch::conv2d(y, conv3_weight.narrow(0, 0, out).narrow(1, 0, mid)));
  return activate(y + shortcut, options.act());
}

void ElasticBottleneckImpl::extract(int in, const BottleneckChoice& choice, std::vector<exporting::OpParams>& out) const {
  const int mid = choice.mid;
  const int width = choice.out;
  out.push_back({{"weight", to_ir_tensor(conv1_weight.narrow(0, 0, mid).narrow(1, 0, in))}});
  out.push_back(conv1_bn->extract(mid));
  out.push_back({{"weight", to_ir_tensor(conv2_weight.narrow(0, 0, mid).narrow(1, 0, mid))}});
  out.push_back(conv2_bn->extract(mid));
  out.push_back({{"weight", to_ir_tensor(conv3_weight.narrow(0, 0, width).narrow(1, 0, mid))}});
  out.push_back(conv3_bn->extract(width));
  if (uses_shortcut_conv(in, choice)) {
    out.push_back({{"weight", to_ir_tensor(shortcut_weight.narrow(0, 0, width).narrow(1, 0, in))}});
    out.push_back(shortcut_bn->extract(width));
  }
}

}  // namespace hwnas::train
