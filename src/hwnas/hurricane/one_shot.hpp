// What the two-stage search needs from one-shot training, as an interface: train a fresh supernet
// over a stage's space, then score paths with its weights. FashionMnistOneShot is the real one
// (supernet.hpp on Fashion-MNIST); tests plug in a synthetic accuracy.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "hwnas/hurricane/supernet.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::hurricane {

class OneShot {
 public:
  virtual ~OneShot() = default;
  // Trains a supernet over every candidate of `stage_space` (which outlives the next calls); a later
  // stage starts from the weights the previous stage trained, where the two share layers and ops.
  virtual TrainingReport train(const space::Space& stage_space) = 0;
  // Validation accuracy (%) of each path with the last trained weights.
  virtual std::vector<double> validate(std::span<const arch::Architecture> paths) = 0;
  // Test accuracy (%) of one path with the last trained weights.
  virtual double test(const arch::Architecture& path) = 0;
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Fashion-MNIST's published training-set statistics of x/255. Fixed rather than recomputed with
// train::channel_statistics so the pixels the supernet sees are bit-for-bit those of hurricane's
// earlier reader ((x/255 − 0.2860) / 0.3530), whatever subset of the training images is loaded.
inline const train::Normalisation kFashionMnistNormalisation{{0.2860}, {0.3530}};

// Fashion-MNIST's 60,000 training images split into train (the first 60,000 − validation) and
// validation (the last `validation` images, of which the search scores paths on the first
// `search_images`); the 10,000 t10k images are the test set.
struct FashionMnistSplit {
  int validation = 10000;
  int search_images = 2000;
  int train_images = 0;  // 0: every image not held out for validation
};

class FashionMnistOneShot final : public OneShot {
 public:
  // train_all and test as train::load_data_folder reads them (x/255); normalised here with
  // kFashionMnistNormalisation.
  FashionMnistOneShot(SupernetOptions options, const train::ImageSet& train_all, const train::ImageSet& test,
                      FashionMnistSplit split);
  TrainingReport train(const space::Space& stage_space) override;
  std::vector<double> validate(std::span<const arch::Architecture> paths) override;
  double test(const arch::Architecture& path) override;

 private:
  SupernetOptions options_;
  train::ImageSet train_, validation_, test_;
  Supernet supernet_{nullptr};
};

}  // namespace hwnas::hurricane
