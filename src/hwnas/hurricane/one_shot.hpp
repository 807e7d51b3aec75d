// What the two-stage search needs from one-shot training, as an interface: train a fresh supernet
// over a stage's space, then score paths with its weights. FashionMnistOneShot is the real one
// (supernet.hpp on Fashion-MNIST); tests plug in a synthetic accuracy.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "hwnas/hurricane/image_dataset.hpp"
#include "hwnas/hurricane/supernet.hpp"

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
  FashionMnistOneShot(SupernetOptions options, const ImageDataset& train_all, const ImageDataset& test,
                      FashionMnistSplit split);
  TrainingReport train(const space::Space& stage_space) override;
  std::vector<double> validate(std::span<const arch::Architecture> paths) override;
  double test(const arch::Architecture& path) override;

 private:
  SupernetOptions options_;
  ImageDataset train_, validation_, test_;
  std::unique_ptr<Supernet> supernet_;
};

}  // namespace hwnas::hurricane
