// Image classification data in memory: N×C×H×W float images and N int64 labels. Any IDX
// image/label pair loads into it (MNIST, Fashion-MNIST, EMNIST ...), and the training and
// evaluation code sees only this type, so other sources (a folder of PNGs, a binary CIFAR batch)
// plug in by producing an ImageSet. docs/training.md describes the files and the pipeline.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <torch/torch.h>

namespace hwnas::train {

struct ImageSet {
  torch::Tensor images;  // float32, N×C×H×W, values as stored (bytes / 255 after loading)
  torch::Tensor labels;  // int64, N, in [0, classes)
  int classes = 0;
  std::string origin;    // file(s) it came from, for messages and provenance

  std::int64_t size() const { return labels.defined() ? labels.size(0) : 0; }
  int channels() const { return static_cast<int>(images.size(1)); }
  int height() const { return static_cast<int>(images.size(2)); }
  int width() const { return static_cast<int>(images.size(3)); }
  // Rows [begin, begin + count), sharing storage.
  ImageSet slice(std::int64_t begin, std::int64_t count) const;
  // Rows at the given indices (int64 tensor), copied.
  ImageSet select(const torch::Tensor& indices) const;
};

// Images: IDX of rank 3 (N×H×W, one channel) or 4 (N×C×H×W). Labels: rank 1, N entries. Scaled to
// [0, 1]. classes = max label + 1. Throws InputError naming the file on a missing, corrupt or
// mismatched file.
ImageSet load_idx_pair(const std::filesystem::path& images, const std::filesystem::path& labels);

struct Normalisation {
  std::vector<double> mean;
  std::vector<double> std;
};
// ImageNet's channel statistics, the normalisation of OFA's and torchvision's pretrained networks.
Normalisation imagenet_normalisation();

// The MNIST layout in a folder: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
// t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] (Fashion-MNIST uses the same names).
struct DataFolder {
  ImageSet train;
  ImageSet test;
  Normalisation normalisation;  // what both were normalised with; empty when they are as stored
};
DataFolder load_data_folder(const std::filesystem::path& dir);

// A seeded split into (train, validation): the last `validation` rows of a seeded permutation.
std::pair<ImageSet, ImageSet> split_validation(const ImageSet& set, std::int64_t validation, std::uint64_t seed);

// Per-channel mean and standard deviation, computed once on training data and applied to every
// split so evaluation sees the same scale as training.
Normalisation channel_statistics(const ImageSet& set);
// Returns a normalised copy.
ImageSet normalise(const ImageSet& set, const Normalisation& norm);

// The leading `train_images` training and `test_images` test images of a data folder, both
// normalised by the statistics of the training images used.
DataFolder load_leading_normalised(const std::filesystem::path& dir, std::int64_t train_images,
                                   std::int64_t test_images);

// Light augmentation of a batch: a random shift of up to `max_shift` pixels (zero padding, as a
// padded random crop) and, with `flip`, a horizontal flip with probability 1/2, drawn from
// `generator` so a training step is reproducible from its seed.
torch::Tensor augment(const torch::Tensor& batch, int max_shift, bool flip, torch::Generator& generator);

}  // namespace hwnas::train
