// The small data interface the one-shot search trains on: images as normalised float pixels and
// integer labels, plus a reader for Fashion-MNIST's gzipped IDX files
// (/usr/share/datasets/fashion-mnist: train-images-idx3-ubyte.gz, ...). A stand-in until the
// train/ part's data loaders are merged; docs/hurricane.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hwnas::hurricane {

struct ImageDataset {
  int channels = 1;
  int height = 0;
  int width = 0;
  int classes = 10;
  std::vector<float> pixels;          // N·C·H·W, normalised to zero mean, unit variance
  std::vector<std::int64_t> labels;   // N
  std::size_t size() const { return labels.size(); }
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// split: "train" (60,000 images) or "t10k" (10,000). Pixels x/255 are normalised with
// Fashion-MNIST's training mean 0.2860 and std 0.3530. InputError names a missing or malformed file.
ImageDataset load_fashion_mnist(const std::filesystem::path& dir, const std::string& split);

// Images [begin, begin + count) of a dataset (count clipped to what is there).
ImageDataset slice(const ImageDataset& data, std::size_t begin, std::size_t count);

}  // namespace hwnas::hurricane
