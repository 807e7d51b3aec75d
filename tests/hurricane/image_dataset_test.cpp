// The Fashion-MNIST reader on the real files: sizes, label balance of the test split, normalisation,
// slicing, and errors naming the file.
#include <filesystem>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/hurricane/image_dataset.hpp"

namespace hwnas::hurricane {
namespace {

TEST(FashionMnist, TestSplitHasAThousandImagesPerClass) {
  const ImageDataset d = load_fashion_mnist(kFashionMnistDir, "t10k");
  ASSERT_EQ(d.size(), 10000u);
  EXPECT_EQ(d.height, 28);
  EXPECT_EQ(d.width, 28);
  EXPECT_EQ(d.channels, 1);
  ASSERT_EQ(d.pixels.size(), 10000u * 28 * 28);
  std::vector<int> counts(10, 0);
  for (auto l : d.labels) ++counts[static_cast<std::size_t>(l)];
  for (int c : counts) EXPECT_EQ(c, 1000);
  // Normalised with the training split's statistics: the test split's mean is near 0, its std near 1.
  const double mean = std::accumulate(d.pixels.begin(), d.pixels.end(), 0.0) / static_cast<double>(d.pixels.size());
  double var = 0;
  for (float p : d.pixels) var += (p - mean) * (p - mean);
  var /= static_cast<double>(d.pixels.size());
  EXPECT_NEAR(mean, 0, 0.05);
  EXPECT_NEAR(std::sqrt(var), 1, 0.05);
}

TEST(FashionMnist, SliceKeepsImagesWithTheirLabels) {
  const ImageDataset d = load_fashion_mnist(kFashionMnistDir, "t10k");
  const ImageDataset s = slice(d, 9990, 100);
  ASSERT_EQ(s.size(), 10u);
  EXPECT_EQ(s.labels.front(), d.labels[9990]);
  EXPECT_EQ(s.pixels[28 * 28 + 5], d.pixels[9991 * 28 * 28 + 5]);
}

TEST(FashionMnist, ErrorsNameTheFile) {
  try {
    load_fashion_mnist("/nonexistent", "train");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/train-images-idx3-ubyte.gz"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_fashion_mnist(kFashionMnistDir, "validation"), InputError);
}

}  // namespace
}  // namespace hwnas::hurricane
