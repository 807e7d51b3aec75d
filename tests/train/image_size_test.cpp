// The image size read from a file's header before decoding (train/image_size.hpp) is the size
// OpenCV decodes, for every format an ImageFolder holds, so the pixel limit never refuses a real
// image by misreading its header.
#include <gtest/gtest.h>

#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "hwnas/train/image_size.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

TEST(ClaimedImageSize, IsTheDecodedSizeForEveryFormat) {
  const hwnas::test::TempDir dir("image-size");
  cv::Mat colour(37, 53, CV_8UC3, cv::Scalar(10, 200, 30)), grey(41, 29, CV_8UC1, cv::Scalar(90));
  for (const char* ext : {".png", ".jpg", ".bmp", ".ppm", ".pgm", ".tiff", ".webp"}) {
    const cv::Mat& image = std::string(ext) == ".pgm" ? grey : colour;
    const auto file = dir / (std::string("image") + ext);
    ASSERT_TRUE(cv::imwrite(file.string(), image)) << ext;
    const auto claimed = claimed_image_size(file);
    ASSERT_TRUE(claimed.has_value()) << ext;
    EXPECT_EQ(claimed->width, image.cols) << ext;
    EXPECT_EQ(claimed->height, image.rows) << ext;
  }
  // Progressive JPEG (SOF2) and lossless WebP (VP8L) have headers of their own.
  const auto progressive = dir / "progressive.jpg";
  ASSERT_TRUE(cv::imwrite(progressive.string(), colour, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}));
  EXPECT_EQ(claimed_image_size(progressive)->width, 53);
  const auto lossless = dir / "lossless.webp";
  ASSERT_TRUE(cv::imwrite(lossless.string(), colour, {cv::IMWRITE_WEBP_QUALITY, 101}));
  EXPECT_EQ(claimed_image_size(lossless)->height, 37);
}

TEST(ClaimedImageSize, UnknownOrShortFilesTellNothing) {
  const hwnas::test::TempDir dir("image-size-unknown");
  const auto file = dir / "text.png";
  std::ofstream(file) << "not an image at all";
  EXPECT_FALSE(claimed_image_size(file).has_value());
  std::ofstream(file, std::ios::trunc) << "P5";
  EXPECT_FALSE(claimed_image_size(file).has_value());
}

}  // namespace
}  // namespace hwnas::train
