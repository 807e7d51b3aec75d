// Writes an ImageNet-like ImageFolder for throughput measurements: Fashion-MNIST images (an IDX
// folder) enlarged to W×H (default 500×375, a typical ImageNet photo) and saved as JPEG (quality
// 90) in ROOT/train/<class>/ and ROOT/val/<class>/, PER_CLASS images of each class per split.
// Usage: make_image_folder IDX_DIR ROOT PER_CLASS [W H]
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "hwnas/train/dataset.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    fmt::print(stderr, "usage: make_image_folder IDX_DIR ROOT PER_CLASS [W H]\n");
    return 2;
  }
  namespace fs = std::filesystem;
  const hwnas::train::DataFolder data = hwnas::train::load_data_folder(argv[1]);
  const fs::path root = argv[2];
  const int per_class = std::atoi(argv[3]);
  const int width = argc > 5 ? std::atoi(argv[4]) : 500;
  const int height = argc > 5 ? std::atoi(argv[5]) : 375;
  for (const auto& [split, set] : {std::pair{"train", &data.train}, std::pair{"val", &data.test}}) {
    std::vector<int> written(static_cast<std::size_t>(set->classes), 0);
    for (std::int64_t i = 0; i < set->size(); ++i) {
      const auto label = static_cast<std::size_t>(set->labels[i].item<std::int64_t>());
      if (written[label] == per_class) continue;
      const torch::Tensor grey = (set->images[i][0] * 255).round().to(torch::kUInt8).contiguous();
      cv::Mat big, bgr;
      cv::resize(cv::Mat(28, 28, CV_8UC1, grey.data_ptr()), big, cv::Size(width, height), 0, 0, cv::INTER_CUBIC);
      cv::cvtColor(big, bgr, cv::COLOR_GRAY2BGR);
      const fs::path dir = root / split / fmt::format("class{:02d}", label);
      fs::create_directories(dir);
      cv::imwrite((dir / fmt::format("{:05d}.jpg", written[label]++)).string(), bgr, {cv::IMWRITE_JPEG_QUALITY, 90});
    }
  }
  fmt::print("wrote {}\n", root.string());
  return 0;
}
