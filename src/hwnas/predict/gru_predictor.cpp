#include "hwnas/predict/gru_predictor.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <fmt/core.h>
#include <torch/torch.h>

#include "hwnas/common/error.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/predict/layer_context.hpp"
#include "hwnas/train/checkpoint.hpp"

namespace hwnas::predict {
namespace {

struct GruConfig {
  int ops = 0;           // block vocabulary size
  int embed = 32;        // op embedding width (BlockProfile: 112)
  int shape_dim = 16;    // linear(6 shape values) width (BlockProfile: 16)
  int hidden = 64;       // GRU units per direction (BlockProfile: 512)
  double dropout = 0.1;
  double spatial_scale = 112;  // H and W are divided by this
  double channel_scale = 1;    // C_in, C_out are divided by this (the largest channel count seen)
  double target_offset = 0;    // outputs are (latency - target_offset) / target_scale: the training
  double target_scale = 1;     // mean and standard deviation (BlockProfile: offset 0, the max latency)
  bool last_step = false;      // read out the last step's output (BlockProfile) instead of both
                               // directions' final states

  nlohmann::json to_json() const {
    return {{"ops", ops},       {"embed", embed},
            {"shape_dim", shape_dim}, {"hidden", hidden},
            {"dropout", dropout}, {"spatial_scale", spatial_scale},
            {"channel_scale", channel_scale}, {"target_offset", target_offset}, {"target_scale", target_scale},
            {"readout", last_step ? "last_step" : "final_states"}};
  }
  // Throws InputError naming `source` for a size or scale no trained gru has (a damaged file would
  // otherwise ask LibTorch for a network of any size, or divide by zero).
  static GruConfig from_json(const nlohmann::json& j, const std::string& source) {
    GruConfig c;
    const auto size = [&](const char* key) {
      const int v = j.at(key).get<int>();
      if (v < 1 || v > 4096) throw InputError(fmt::format("{}: gru config '{}' is {}, not 1..4096", source, key, v));
      return v;
    };
    const auto number = [&](const char* key, bool positive) {
      const double v = j.at(key).get<double>();
      if (!std::isfinite(v) || (positive && v <= 0)) {
        throw InputError(fmt::format("{}: gru config '{}' is {}, not a {}number", source, key, v,
                                     positive ? "positive " : "finite "));
      }
      return v;
    };
    c.ops = size("ops");
    c.embed = size("embed");
    c.shape_dim = size("shape_dim");
    c.hidden = size("hidden");
    c.dropout = number("dropout", false);
    if (c.dropout < 0 || c.dropout >= 1) throw InputError(fmt::format("{}: gru config 'dropout' is {}, not in [0, 1)", source, c.dropout));
    c.spatial_scale = number("spatial_scale", true);
    c.channel_scale = number("channel_scale", true);
    c.target_offset = number("target_offset", false);
    c.target_scale = number("target_scale", true);
    const std::string readout = j.value("readout", std::string("final_states"));
    if (readout != "last_step" && readout != "final_states") {
      throw InputError(fmt::format("{}: gru config 'readout' is '{}', not last_step or final_states", source, readout));
    }
    c.last_step = readout == "last_step";
    return c;
  }
};

struct GruNetImpl : torch::nn::Module {
  explicit GruNetImpl(const GruConfig& c)
      : embedding(register_module("embedding", torch::nn::Embedding(c.ops, c.embed))),
        shape(register_module("shape", torch::nn::Linear(6, c.shape_dim))),
        gru(register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(c.embed + c.shape_dim, c.hidden)
                                                      .bidirectional(true)
                                                      .batch_first(true)))),
        dropout(register_module("dropout", torch::nn::Dropout(c.dropout))),
        out(register_module("out", torch::nn::Linear(2 * c.hidden, 1))),
        last_step(c.last_step) {}

  // ops: B×L int64, shapes: B×L×6 -> B
  torch::Tensor forward(const torch::Tensor& ops, const torch::Tensor& shapes) {
    const auto x = torch::cat({embedding(ops), shape(shapes)}, 2);
    const auto [steps, final_states] = gru(x);
    // Last step: B×2·hidden, the forward direction's last state and the backward one's first step.
    // Final states: (2, B, hidden), each direction after reading the whole sequence.
    const auto features = last_step ? steps.select(1, -1) : torch::cat({final_states[0], final_states[1]}, 1);
    return out(dropout(features)).squeeze(1);
  }

  torch::nn::Embedding embedding;
  torch::nn::Linear shape;
  torch::nn::GRU gru;
  torch::nn::Dropout dropout;
  torch::nn::Linear out;
  bool last_step;
};
TORCH_MODULE(GruNet);

std::filesystem::path archive_path(const std::filesystem::path& file) {
  auto p = file;
  return p.replace_extension(".pt");
}

class GruPredictor final : public Predictor {
 public:
  GruPredictor(const space::Space& space, Provenance provenance, GruConfig config)
      : space_(space), contexts_(space_), config_(config), net_(config_) {
    provenance_ = std::move(provenance);
  }

  // Tokens of the searchable layers: block ids and shape rows.
  void tokens(const arch::Architecture& a, std::vector<std::int64_t>& ops, std::vector<float>& shapes) {
    contexts_.layers(a, layers_);
    for (const LayerToken* t : layers_) {
      if (t->block < 0) continue;
      ops.push_back(t->block);
      const auto s = static_cast<float>(config_.spatial_scale);
      const auto c = static_cast<float>(config_.channel_scale);
      shapes.insert(shapes.end(), {static_cast<float>(t->in.h) / s, static_cast<float>(t->out.h) / s,
                                   static_cast<float>(t->in.w) / s, static_cast<float>(t->out.w) / s,
                                   static_cast<float>(t->in.c) / c, static_cast<float>(t->out.c) / c});
    }
  }

  // Groups networks by sequence length (equal lengths batch without padding).
  std::map<std::size_t, std::vector<std::size_t>> by_length(std::span<const arch::Architecture> archs) {
    std::map<std::size_t, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < archs.size(); ++i) {
      contexts_.layers(archs[i], layers_);
      const auto n = static_cast<std::size_t>(std::count_if(layers_.begin(), layers_.end(), [](const LayerToken* t) { return t->block >= 0; }));
      groups[n].push_back(i);
    }
    return groups;
  }

  std::pair<torch::Tensor, torch::Tensor> batch(std::span<const arch::Architecture> archs, std::span<const std::size_t> idx,
                                                std::size_t length) {
    std::vector<std::int64_t> ops;
    std::vector<float> shapes;
    ops.reserve(idx.size() * length);
    shapes.reserve(idx.size() * length * 6);
    for (std::size_t i : idx) tokens(archs[i], ops, shapes);
    const auto b = static_cast<std::int64_t>(idx.size());
    const auto l = static_cast<std::int64_t>(length);
    return {torch::from_blob(ops.data(), {b, l}, torch::kInt64).clone(),
            torch::from_blob(shapes.data(), {b, l, 6}, torch::kFloat32).clone()};
  }

  std::vector<double> predict(std::span<const arch::Architecture> archs) override {
    torch::NoGradGuard no_grad;
    net_->eval();
    std::vector<double> out(archs.size());
    for (const auto& [length, members] : by_length(archs)) {
      constexpr std::size_t chunk = 4096;
      for (std::size_t at = 0; at < members.size(); at += chunk) {
        const std::span<const std::size_t> idx(members.data() + at, std::min(chunk, members.size() - at));
        const auto [ops, shapes] = batch(archs, idx, length);
        const auto y = net_->forward(ops, shapes).contiguous();
        const float* v = y.data_ptr<float>();
        for (std::size_t k = 0; k < idx.size(); ++k) out[idx[k]] = static_cast<double>(v[k]) * config_.target_scale + config_.target_offset;
      }
    }
    return out;
  }

  void fit(std::span<const Sample> train, const nlohmann::json& options, bool quiet) {
    const int epochs = options.value("epochs", 200);
    const auto batch_size = static_cast<std::size_t>(options.value("batch", 16));
    const double lr = options.value("lr", 1e-3);
    const auto seed = options.value("seed", std::uint64_t{0});
    std::vector<arch::Architecture> archs;
    std::vector<float> targets;
    for (const auto& s : train) {
      archs.push_back(s.arch);
      targets.push_back(static_cast<float>((s.value - config_.target_offset) / config_.target_scale));
    }
    // Batches of equal-length sequences, reshuffled every epoch.
    std::vector<std::vector<std::size_t>> batches;
    std::mt19937_64 rng(seed);
    const auto groups = by_length(archs);
    torch::optim::Adam optimizer(net_->parameters(), torch::optim::AdamOptions(lr));
    std::optional<ProgressLine> progress;
    if (!quiet) progress.emplace("gru: training", static_cast<std::size_t>(epochs));
    for (int epoch = 0; epoch < epochs; ++epoch) {
      batches.clear();
      for (auto [length, members] : groups) {
        std::shuffle(members.begin(), members.end(), rng);
        for (std::size_t at = 0; at < members.size(); at += batch_size) {
          batches.emplace_back(members.begin() + static_cast<std::ptrdiff_t>(at),
                               members.begin() + static_cast<std::ptrdiff_t>(std::min(at + batch_size, members.size())));
        }
      }
      std::shuffle(batches.begin(), batches.end(), rng);
      net_->train();
      double loss_sum = 0;
      for (const auto& idx : batches) {
        contexts_.layers(archs[idx[0]], layers_);
        const auto length = static_cast<std::size_t>(std::count_if(layers_.begin(), layers_.end(), [](const LayerToken* t) { return t->block >= 0; }));
        const auto [ops, shapes] = batch(archs, idx, length);
        std::vector<float> y;
        for (std::size_t i : idx) y.push_back(targets[i]);
        const auto target = torch::from_blob(y.data(), {static_cast<std::int64_t>(y.size())}, torch::kFloat32).clone();
        optimizer.zero_grad();
        const auto loss = torch::mse_loss(net_->forward(ops, shapes), target);
        loss.backward();
        optimizer.step();
        loss_sum += loss.item<double>() * static_cast<double>(idx.size());
      }
      if (progress) progress->update(static_cast<std::size_t>(epoch + 1), fmt::format("train MSE {:.2e}", loss_sum / static_cast<double>(archs.size())));
    }
    provenance_.settings = {{"epochs", epochs}, {"batch", batch_size}, {"lr", lr}, {"seed", seed},
                            {"config", config_.to_json()}};
  }

  void save(const std::filesystem::path& file) const override {
    const auto archive = archive_path(file);
    train::CheckpointWriter().add("", *net_).write(archive);
    write_predictor_file(file, provenance_, {{"config", config_.to_json()}, {"archive", archive.filename().string()}});
  }

  void load_archive(const std::filesystem::path& archive) {
    train::CheckpointReader(archive, "gru predictor's tensor archive").read("", *net_);
  }

 private:
  space::Space space_;
  LayerContexts contexts_;
  GruConfig config_;
  GruNet net_;
  std::vector<const LayerToken*> layers_;
};

// `paper`: BlockProfile's configuration (embedding 112, 512 units per direction, the last step's
// output, latency / the largest training latency); otherwise the small default, standardised.
std::unique_ptr<Predictor> train_gru_as(const TrainingInput& input, bool paper) {
  torch::manual_seed(input.options.value("seed", std::uint64_t{0}));
  // One thread by default: the figures in docs/predictors.md are single-core.
  torch::set_num_threads(input.options.value("threads", 1));
  GruConfig config;
  config.ops = static_cast<int>(input.space.blocks.size());
  if (paper) {
    config.embed = 112;
    config.hidden = 512;
    config.last_step = true;
  }
  config.embed = input.options.value("embed", config.embed);
  config.shape_dim = input.options.value("shape_dim", config.shape_dim);
  config.hidden = input.options.value("hidden", config.hidden);
  config.dropout = input.options.value("dropout", config.dropout);
  LayerContexts contexts(input.space);
  double channels = 1, sum = 0, sum_sq = 0, largest = 0;
  for (const auto& s : input.train) {
    for (const LayerToken* t : contexts.layers(s.arch)) {
      if (t->block >= 0) channels = std::max({channels, static_cast<double>(t->in.c), static_cast<double>(t->out.c)});
    }
    sum += s.value;
    sum_sq += s.value * s.value;
    largest = std::max(largest, s.value);
  }
  const double n = static_cast<double>(std::max<std::size_t>(input.train.size(), 1));
  const double sd = std::sqrt(std::max(0.0, sum_sq / n - (sum / n) * (sum / n)));
  config.channel_scale = channels;
  config.target_offset = paper ? 0 : sum / n;
  config.target_scale = paper ? (largest > 0 ? largest : 1) : (sd > 0 ? sd : 1);
  Provenance p = input.provenance;
  p.kind = paper ? "gru-paper" : "gru";
  auto predictor = std::make_unique<GruPredictor>(input.space, std::move(p), config);
  predictor->fit(input.train, input.options, input.quiet);
  return predictor;
}

}  // namespace

std::unique_ptr<Predictor> train_gru(const TrainingInput& input) { return train_gru_as(input, false); }

std::unique_ptr<Predictor> train_gru_paper(const TrainingInput& input) { return train_gru_as(input, true); }

std::unique_ptr<Predictor> load_gru(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                    const std::filesystem::path& file) {
  GruConfig config;
  std::string archive_name;
  try {
    config = GruConfig::from_json(model.at("config"), file.string());
    archive_name = model.value("archive", archive_path(file).filename().string());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: bad gru model: {}", file.string(), e.what()));
  }
  if (config.ops != static_cast<int>(space.blocks.size())) {
    throw InputError(fmt::format("{}: the gru knows {} blocks, space '{}' has {}", file.string(), config.ops, space.name,
                                 space.blocks.size()));
  }
  const auto archive = file.parent_path() / archive_name;
  if (!std::filesystem::exists(archive)) {
    throw InputError(fmt::format("{}: the gru's tensor archive {} is missing", file.string(), archive.string()));
  }
  auto predictor = std::make_unique<GruPredictor>(space, std::move(provenance), config);
  predictor->load_archive(archive);
  return predictor;
}

}  // namespace hwnas::predict
