// OFA's accuracy predictor: an MLP over a one-hot encoding of the architecture,
// hidden 400 ×3 with ReLU, one output plus a base accuracy. Fitted on evaluated subnets (values
// from the store), saved as JSON (docs/training.md), and loadable from OFA's published PyTorch
// checkpoint layout, so users with OFA's ImageNet predictor get its ImageNet accuracies.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::train {

// OFA's spec2feats, generalised to any MBConv space: for every searchable layer position a one-hot
// over the kernel sizes, then for every position a one-hot over the expand ratios (inactive layers
// all zero), then a one-hot resolution index (r - resolution_base) / resolution_step of
// resolution_slots entries. OFA-MobileNetV3: 20×3 + 20×3 + 8 = 128 with base 112, step 16.
struct ArchEncoding {
  std::vector<int> kernels;     // sorted
  std::vector<double> expands;  // sorted
  int layers = 0;               // searchable layer positions
  int resolution_base = 0;
  int resolution_step = 1;
  int resolution_slots = 1;

  int dim() const;
  std::vector<float> encode(const space::Space& space, const arch::Architecture& arch) const;
  // The encoding of a space's own blocks and resolutions.
  static ArchEncoding for_space(const space::Space& space);
  // OFA's 128-dimensional MobileNetV3 encoding.
  static ArchEncoding ofa_mbv3();
};

nlohmann::json to_json(const ArchEncoding& encoding);
ArchEncoding encoding_from_json(const nlohmann::json& json);

struct FitOptions {
  int epochs = 500;
  int batch_size = 64;
  double learning_rate = 1e-3;
  std::uint64_t seed = 0;
};

class AccuracyPredictor {
 public:
  // `scale` multiplies the MLP's output (OFA's predictors give a fraction; hwnas reports percent).
  AccuracyPredictor(std::string space_name, ArchEncoding encoding, int hidden = 400, int hidden_layers = 3,
                    bool output_bias = false, double scale = 1.0);

  // Fits on (architecture, accuracy %) pairs: base accuracy = their mean, the MLP learns the rest
  // with MSE and Adam. Returns the final training RMSE (%).
  double fit(const space::Space& space, std::span<const arch::Architecture> archs, std::span<const double> accuracy,
             const FitOptions& options = {});
  std::vector<double> predict(const space::Space& space, std::span<const arch::Architecture> archs);

  // hwnas's JSON format (docs/training.md); load throws InputError naming the file.
  // load also reads the predictor file `hwnas predictor train --kind acc-mlp` writes (this JSON as
  // its "model").
  void save(const std::filesystem::path& path) const;
  static AccuracyPredictor load(const std::filesystem::path& path);
  nlohmann::json to_json() const;
  // origin names the file in errors.
  static AccuracyPredictor from_json(const nlohmann::json& json, const std::string& origin);
  // OFA's layouts, told apart by their keys: ofa/nas/accuracy_predictor (`layers.{0,1,2}.0.weight/bias`,
  // `layers.3.weight`, `base_acc`, optionally under "state_dict") and the OFA tutorial's plain
  // nn.Sequential (`0.`, `2.`, `4.`, `6.` weight/bias). Encoding: ArchEncoding::ofa_mbv3(); outputs
  // are fractions, reported ×100 as percent.
  static AccuracyPredictor load_ofa_checkpoint(const std::filesystem::path& path, const std::string& space_name);

  const std::string& space_name() const { return space_name_; }
  const ArchEncoding& encoding() const { return encoding_; }
  nlohmann::json trained_on = nlohmann::json::object();  // provenance: metric source, count, RMSE

 private:
  torch::Tensor features(const space::Space& space, std::span<const arch::Architecture> archs) const;
  torch::Tensor forward(const torch::Tensor& x);

  std::string space_name_;
  ArchEncoding encoding_;
  double scale_;
  torch::Tensor base_acc_;
  std::vector<torch::nn::Linear> layers_;
};

}  // namespace hwnas::train
