// Tiny IDX data sets written by the tests: a few 28×28 images per class with a class-dependent
// pattern (so a few training steps can learn something), in the MNIST file layout.
#pragma once

#include <filesystem>
#include <random>
#include <string>

#include "hwnas/train/idx_file.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train::test {

inline IdxArray tiny_images(std::int64_t n, std::uint64_t seed) {
  IdxArray a{{n, 28, 28}, std::vector<std::uint8_t>(static_cast<std::size_t>(n * 28 * 28))};
  std::mt19937_64 rng(seed);
  for (std::int64_t i = 0; i < n; ++i) {
    const int label = static_cast<int>(i % 10);
    for (int y = 0; y < 28; ++y) {
      for (int x = 0; x < 28; ++x) {
        const bool on = (y / 3) % 10 == label || (x / 3) % 10 == label;
        a.values[static_cast<std::size_t>(i * 784 + y * 28 + x)] =
            static_cast<std::uint8_t>((on ? 180 : 20) + rng() % 60);
      }
    }
  }
  return a;
}

inline IdxArray tiny_labels(std::int64_t n) {
  IdxArray a{{n}, std::vector<std::uint8_t>(static_cast<std::size_t>(n))};
  for (std::int64_t i = 0; i < n; ++i) a.values[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 10);
  return a;
}

// A fresh folder with train (n_train) and t10k (n_test) files, gzipped.
inline std::filesystem::path make_tiny_folder(const std::string& name, std::int64_t n_train = 96,
                                              std::int64_t n_test = 40) {
  const auto dir = hwnas::test::process_temp_dir().path() / ("hwnas_train_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_idx(dir / "train-images-idx3-ubyte.gz", tiny_images(n_train, 1), true);
  write_idx(dir / "train-labels-idx1-ubyte.gz", tiny_labels(n_train), true);
  write_idx(dir / "t10k-images-idx3-ubyte.gz", tiny_images(n_test, 2), true);
  write_idx(dir / "t10k-labels-idx1-ubyte.gz", tiny_labels(n_test), true);
  return dir;
}

}  // namespace hwnas::train::test
