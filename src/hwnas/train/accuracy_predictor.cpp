#include "hwnas/train/accuracy_predictor.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/state_dict_file.hpp"

namespace hwnas::train {
namespace {

constexpr const char* kFormat = "hwnas-acc-mlp";
constexpr int kVersion = 1;

template <typename T>
int index_of(const std::vector<T>& values, T value) {
  const auto it = std::find(values.begin(), values.end(), value);
  return it == values.end() ? -1 : static_cast<int>(it - values.begin());
}

nlohmann::json tensor_json(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kFloat64).contiguous();
  return {{"shape", c.sizes().vec()},
          {"values", std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel())}};
}

torch::Tensor tensor_from_json(const nlohmann::json& j, const std::string& origin) {
  const auto shape = j.at("shape").get<std::vector<std::int64_t>>();
  auto values = j.at("values").get<std::vector<double>>();
  std::size_t count = 1;
  for (const std::int64_t d : shape) {
    if (d < 0 || d > (1 << 24)) {
      throw InputError(fmt::format("accuracy predictor {} has a tensor of shape {}", origin, j.at("shape").dump()));
    }
    count *= static_cast<std::size_t>(d);
  }
  if (shape.empty() || shape.size() > 4 || count != values.size()) {
    throw InputError(fmt::format("accuracy predictor {} has a tensor of shape {} with {} values", origin,
                                 j.at("shape").dump(), values.size()));
  }
  return torch::tensor(values, torch::kFloat64).to(torch::kFloat32).reshape(shape);
}

}  // namespace

int ArchEncoding::dim() const {
  return layers * static_cast<int>(kernels.size() + expands.size()) + resolution_slots;
}

std::vector<float> ArchEncoding::encode(const space::Space& space, const arch::Architecture& arch) const {
  std::vector<float> f(static_cast<std::size_t>(dim()), 0.0F);
  const int k_count = static_cast<int>(kernels.size());
  const int e_offset = layers * k_count;
  const int e_count = static_cast<int>(expands.size());
  int position = 0;
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    for (std::size_t l = 0; l < arch.units[u].blocks.size(); ++l) {
      const auto& block = space.blocks[static_cast<std::size_t>(arch.units[u].blocks[l])];
      const int k = index_of(kernels, block.kernel);
      const int e = index_of(expands, block.expand);
      if (k < 0 || e < 0 || position + static_cast<int>(l) >= layers) {
        throw InputError(fmt::format("block '{}' (kernel {}, expand {}) at unit {} layer {} is outside the predictor's "
                                     "encoding",
                                     block.name, block.kernel, block.expand, u + 1, l + 1));
      }
      f[static_cast<std::size_t>((position + static_cast<int>(l)) * k_count + k)] = 1;
      f[static_cast<std::size_t>(e_offset + (position + static_cast<int>(l)) * e_count + e)] = 1;
    }
    position += space.units[u].max_layers;
  }
  const int r = (arch.resolution - resolution_base) / resolution_step;
  if (r < 0 || r >= resolution_slots || (arch.resolution - resolution_base) % resolution_step != 0) {
    throw InputError(fmt::format("resolution {} is outside the predictor's encoding ({} + {}·i, i < {})",
                                 arch.resolution, resolution_base, resolution_step, resolution_slots));
  }
  f[static_cast<std::size_t>(e_offset + layers * e_count + r)] = 1;
  return f;
}

ArchEncoding ArchEncoding::for_space(const space::Space& space) {
  std::set<int> kernels;
  std::set<double> expands;
  for (const auto& block : space.blocks) {
    kernels.insert(block.kernel);
    expands.insert(block.expand);
  }
  ArchEncoding e;
  e.kernels.assign(kernels.begin(), kernels.end());
  e.expands.assign(expands.begin(), expands.end());
  e.layers = space.max_total_layers();
  std::vector<int> res = space.resolutions;
  std::sort(res.begin(), res.end());
  e.resolution_base = res.front();
  e.resolution_step = 1;
  if (res.size() > 1) {
    e.resolution_step = res[1] - res[0];
    for (std::size_t i = 2; i < res.size(); ++i) e.resolution_step = std::gcd(e.resolution_step, res[i] - res[i - 1]);
  }
  e.resolution_slots = (res.back() - res.front()) / e.resolution_step + 1;
  return e;
}

ArchEncoding ArchEncoding::ofa_mbv3() { return {{3, 5, 7}, {3, 4, 6}, 20, 112, 16, 8}; }

nlohmann::json to_json(const ArchEncoding& e) {
  return {{"kernels", e.kernels},           {"expands", e.expands},
          {"layers", e.layers},             {"resolution_base", e.resolution_base},
          {"resolution_step", e.resolution_step}, {"resolution_slots", e.resolution_slots}};
}

ArchEncoding encoding_from_json(const nlohmann::json& j) {
  // Sizes no encoding of a real space has would divide by zero, overflow the resolution arithmetic
  // or ask for an input of any width.
  const auto whole = [&](const char* key, std::int64_t lo, std::int64_t hi) {
    const auto v = j.at(key).get<std::int64_t>();
    if (!j.at(key).is_number_integer() || v < lo || v > hi) {
      throw InputError(fmt::format("the encoding's {} is {}, not {}..{}", key, j.at(key).dump(), lo, hi));
    }
    return static_cast<int>(v);
  };
  ArchEncoding e{j.at("kernels").get<std::vector<int>>(), j.at("expands").get<std::vector<double>>(),
                 whole("layers", 0, 1024),                whole("resolution_base", 0, 1 << 16),
                 whole("resolution_step", 1, 1 << 16),    whole("resolution_slots", 1, 4096)};
  if (e.kernels.size() > 64 || e.expands.size() > 64) {
    throw InputError(fmt::format("the encoding {} is not one of a design space", j.dump()));
  }
  return e;
}

AccuracyPredictor::AccuracyPredictor(std::string space_name, ArchEncoding encoding, int hidden, int hidden_layers,
                                     bool output_bias, double scale)
    : space_name_(std::move(space_name)), encoding_(std::move(encoding)), scale_(scale), base_acc_(torch::zeros({1})) {
  int in = encoding_.dim();
  for (int i = 0; i < hidden_layers; ++i) {
    layers_.emplace_back(torch::nn::LinearOptions(in, hidden));
    in = hidden;
  }
  layers_.emplace_back(torch::nn::LinearOptions(in, 1).bias(output_bias));
}

torch::Tensor AccuracyPredictor::features(const space::Space& space, std::span<const arch::Architecture> archs) const {
  if (space.name != space_name_) {
    throw InputError(fmt::format("accuracy predictor for space '{}' cannot score architectures of '{}'", space_name_,
                                 space.name));
  }
  torch::Tensor x = torch::zeros({static_cast<std::int64_t>(archs.size()), encoding_.dim()});
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const auto f = encoding_.encode(space, archs[i]);
    x[static_cast<std::int64_t>(i)].copy_(torch::tensor(f));
  }
  return x;
}

torch::Tensor AccuracyPredictor::forward(const torch::Tensor& x) {
  torch::Tensor y = x;
  for (std::size_t i = 0; i + 1 < layers_.size(); ++i) y = torch::relu(layers_[i]->forward(y));
  return layers_.back()->forward(y).squeeze(1) + base_acc_;
}

double AccuracyPredictor::fit(const space::Space& space, std::span<const arch::Architecture> archs,
                              std::span<const double> accuracy, const FitOptions& options) {
  if (archs.size() != accuracy.size() || archs.size() < 2) {
    throw InputError(fmt::format("fitting an accuracy predictor needs at least 2 (architecture, accuracy) pairs, got {}",
                                 std::min(archs.size(), accuracy.size())));
  }
  torch::manual_seed(options.seed);
  for (auto& layer : layers_) layer->reset_parameters();
  const torch::Tensor x = features(space, archs);
  const torch::Tensor y = torch::tensor(std::vector<double>(accuracy.begin(), accuracy.end()), torch::kFloat64)
                              .to(torch::kFloat32) / scale_;
  base_acc_ = y.mean().reshape({1});
  std::vector<torch::Tensor> params;
  for (auto& layer : layers_) {
    for (auto& p : layer->parameters()) params.push_back(p);
  }
  torch::optim::Adam optimizer(params, torch::optim::AdamOptions(options.learning_rate));
  torch::Generator g = at::detail::createCPUGenerator(options.seed);
  const std::int64_t n = x.size(0);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    const torch::Tensor order = torch::randperm(n, g, torch::kInt64);
    for (std::int64_t begin = 0; begin < n; begin += options.batch_size) {
      const torch::Tensor idx = order.narrow(0, begin, std::min<std::int64_t>(options.batch_size, n - begin));
      optimizer.zero_grad();
      const torch::Tensor loss = torch::mse_loss(forward(x.index_select(0, idx)), y.index_select(0, idx));
      loss.backward();
      optimizer.step();
    }
  }
  torch::NoGradGuard no_grad;
  return torch::sqrt(torch::mse_loss(forward(x), y)).item<double>() * scale_;
}

std::vector<double> AccuracyPredictor::predict(const space::Space& space, std::span<const arch::Architecture> archs) {
  torch::NoGradGuard no_grad;
  const torch::Tensor y = forward(features(space, archs)).to(torch::kFloat64).contiguous() * scale_;
  return {y.data_ptr<double>(), y.data_ptr<double>() + y.numel()};
}

nlohmann::json AccuracyPredictor::to_json() const {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : layers_) {
    nlohmann::json l = {{"weight", tensor_json(layer->weight)}};
    if (layer->options.bias()) l["bias"] = tensor_json(layer->bias);
    layers.push_back(std::move(l));
  }
  return {{"format", kFormat},          {"version", kVersion},
          {"space", space_name_},       {"encoding", train::to_json(encoding_)},
          {"scale", scale_},            {"base_acc", base_acc_.item<double>()},
          {"layers", std::move(layers)}, {"trained_on", trained_on}};
}

void AccuracyPredictor::save(const std::filesystem::path& path) const {
  std::ofstream out(path);
  out << to_json().dump() << "\n";
  if (!out) throw InputError(fmt::format("cannot write {}", path.string()));
}

AccuracyPredictor AccuracyPredictor::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("accuracy predictor {} does not exist", path.string()));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("accuracy predictor {} is malformed: {}", path.string(), e.what()));
  }
  // `hwnas predictor train --kind acc-mlp` wraps this format in a predictor file's "model".
  if (j.value("format", "") == "hwnas-predictor" && j.contains("model")) return from_json(j["model"], path.string());
  return from_json(j, path.string());
}

AccuracyPredictor AccuracyPredictor::from_json(const nlohmann::json& j, const std::string& origin) {
  try {
    if (j.value("format", "") != kFormat || j.value("version", 0) != kVersion) {
      throw InputError(fmt::format("{} is not an hwnas accuracy predictor (format {} version {})", origin,
                                   kFormat, kVersion));
    }
    const auto& layers = j.at("layers");
    if (!layers.is_array() || layers.empty()) {
      throw InputError(fmt::format("accuracy predictor {} has no layers", origin));
    }
    const int hidden_layers = static_cast<int>(layers.size()) - 1;
    const auto hidden = hidden_layers > 0 ? layers[0].at("weight").at("shape").at(0).get<int>() : 1;
    const double base_acc = j.at("base_acc").get<double>();
    if (hidden < 1 || hidden > 65536 || hidden_layers > 64 || !std::isfinite(base_acc) ||
        std::abs(base_acc) > std::numeric_limits<float>::max()) {
      throw InputError(fmt::format("accuracy predictor {} has {} hidden layers of {} and base accuracy {}: not a "
                                   "trained predictor's",
                                   origin, hidden_layers, hidden, base_acc));
    }
    ArchEncoding encoding;
    try {
      encoding = encoding_from_json(j.at("encoding"));
    } catch (const InputError& e) {
      throw InputError(fmt::format("accuracy predictor {}: {}", origin, e.what()));
    }
    AccuracyPredictor p(j.at("space").get<std::string>(), std::move(encoding), hidden, hidden_layers,
                        layers.back().contains("bias"), j.at("scale").get<double>());
    torch::NoGradGuard no_grad;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      p.layers_[i]->weight.copy_(tensor_from_json(layers[i].at("weight"), origin));
      if (layers[i].contains("bias")) p.layers_[i]->bias.copy_(tensor_from_json(layers[i].at("bias"), origin));
    }
    p.base_acc_ = torch::full({1}, base_acc);
    p.trained_on = j.value("trained_on", nlohmann::json::object());
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("accuracy predictor {} is malformed: {}", origin, e.what()));
  } catch (const InputError&) {
    throw;
  } catch (const std::exception&) {  // LibTorch's copy_ refusing another shape
    throw InputError(fmt::format("accuracy predictor {} has tensors of the wrong shape", origin));
  }
}

AccuracyPredictor AccuracyPredictor::load_ofa_checkpoint(const std::filesystem::path& path,
                                                         const std::string& space_name) {
  const std::map<std::string, torch::Tensor> state = read_state_dict(path);
  // Linear layers in order, with the names each layout gives them.
  const bool ofa_nas = state.contains("layers.0.0.weight");
  const std::vector<std::string> names = ofa_nas ? std::vector<std::string>{"layers.0.0", "layers.1.0", "layers.2.0", "layers.3"}
                                                 : std::vector<std::string>{"0", "2", "4", "6"};
  for (const auto& name : names) {
    if (!state.contains(name + ".weight")) {
      throw InputError(fmt::format("{} lacks '{}.weight': not OFA's accuracy predictor layout", path.string(), name));
    }
  }
  const ArchEncoding encoding = ArchEncoding::ofa_mbv3();
  const auto& first = state.at(names[0] + ".weight");
  if (first.size(1) != encoding.dim()) {
    throw InputError(fmt::format("{}: first layer takes {} inputs, OFA's MobileNetV3 encoding has {}", path.string(),
                                 first.size(1), encoding.dim()));
  }
  AccuracyPredictor p(space_name, encoding, static_cast<int>(first.size(0)), 3,
                      state.contains(names[3] + ".bias"), 100.0);
  torch::NoGradGuard no_grad;
  try {
    for (std::size_t i = 0; i < names.size(); ++i) {
      p.layers_[i]->weight.copy_(state.at(names[i] + ".weight"));
      if (state.contains(names[i] + ".bias")) p.layers_[i]->bias.copy_(state.at(names[i] + ".bias"));
    }
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("{}: tensor shapes do not form OFA's MLP", path.string()));
  }
  if (state.contains("base_acc")) p.base_acc_ = state.at("base_acc").reshape({1}).clone();
  p.trained_on = {{"ofa_checkpoint", std::filesystem::absolute(path).string()}};
  return p;
}

}  // namespace hwnas::train
