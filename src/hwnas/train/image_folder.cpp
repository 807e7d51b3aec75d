#include "hwnas/train/image_folder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "hwnas/common/error.hpp"
#include "hwnas/train/image_size.hpp"

namespace hwnas::train {

namespace fs = std::filesystem;

namespace {

bool is_image(const fs::path& path) {
  static const std::set<std::string> kExtensions{".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"};
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return kExtensions.count(ext) > 0;
}

}  // namespace

ImageFolderSplit index_image_split(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(fmt::format("image folder split {} does not exist", dir.string()));
  ImageFolderSplit split;
  split.dir = dir;
  std::vector<fs::path> class_dirs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory()) class_dirs.push_back(entry.path());
  }
  std::sort(class_dirs.begin(), class_dirs.end());
  if (class_dirs.empty()) throw InputError(fmt::format("{} has no class folders (expected {}/<class>/<image>)", dir.string(), dir.string()));
  for (const auto& class_dir : class_dirs) {
    std::vector<fs::path> images;
    for (const auto& entry : fs::recursive_directory_iterator(class_dir)) {
      if (entry.is_regular_file() && is_image(entry.path())) images.push_back(entry.path());
    }
    if (images.empty()) throw InputError(fmt::format("class folder {} holds no image (.jpg, .png, ...)", class_dir.string()));
    std::sort(images.begin(), images.end());
    const auto label = static_cast<std::int64_t>(split.classes.size());
    for (auto& image : images) split.files.push_back({std::move(image), label});
    split.classes.push_back(class_dir.filename().string());
  }
  return split;
}

ImageFolder index_image_folder(const fs::path& root) {
  if (!fs::is_directory(root)) throw InputError(fmt::format("image folder {} does not exist", root.string()));
  for (const char* split : {"train", "val"}) {
    if (!fs::is_directory(root / split)) {
      throw InputError(fmt::format("image folder {} has no '{}' split ({} is missing)", root.string(), split,
                                   (root / split).string()));
    }
  }
  ImageFolder folder{index_image_split(root / "train"), index_image_split(root / "val")};
  if (folder.train.classes != folder.val.classes) {
    throw InputError(fmt::format("{} and {} have different class folders ({} vs {})", folder.train.dir.string(),
                                 folder.val.dir.string(), folder.train.classes.size(), folder.val.classes.size()));
  }
  return folder;
}

torch::Tensor load_eval_image(const fs::path& path, int resolution, const Normalisation& norm) {
  if (norm.mean.size() != 3 || norm.std.size() != 3) {
    throw InputError(fmt::format("image {}: colour images need a normalisation of 3 channels, not {}", path.string(),
                                 norm.mean.size()));
  }
  // A damaged header can claim any size, which OpenCV allocates before reading a pixel; no image a
  // classifier is evaluated on comes near 2^26 pixels (67 M, 200 MB decoded).
  constexpr std::int64_t kMaxPixels = std::int64_t{1} << 26;
  if (const auto claimed = claimed_image_size(path);
      claimed && (claimed->width > kMaxPixels || claimed->height > kMaxPixels || claimed->width * claimed->height > kMaxPixels)) {
    throw InputError(fmt::format("image {} claims {} × {} pixels, more than the {} an evaluation image may have",
                                 path.string(), claimed->width, claimed->height, kMaxPixels));
  }
  cv::Mat decoded;
  try {
    decoded = cv::imread(path.string(), cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {  // some decoders throw on a damaged header instead of failing
    throw InputError(fmt::format("cannot decode image {}: {}", path.string(), e.err));
  }
  if (decoded.empty()) throw InputError(fmt::format("cannot decode image {}", path.string()));
  // torchvision's Resize(s): the short side becomes s, the long one int(s · long / short).
  const int side = static_cast<int>(std::ceil(resolution / 0.875));
  const int h = decoded.rows;
  const int w = decoded.cols;
  const int new_h = h <= w ? side : static_cast<int>(static_cast<std::int64_t>(side) * h / w);
  const int new_w = h <= w ? static_cast<int>(static_cast<std::int64_t>(side) * w / h) : side;
  cv::Mat resized;
  // Shrinking averages the pixels it covers as PIL's antialiased bilinear does; enlarging is bilinear.
  const int interpolation = new_h < h ? cv::INTER_AREA : cv::INTER_LINEAR;
  cv::resize(decoded, resized, cv::Size(new_w, new_h), 0, 0, interpolation);
  // torchvision's CenterCrop: offsets int(round((size - r) / 2)), Python's round: halves to even.
  const int top = static_cast<int>(std::nearbyint((new_h - resolution) / 2.0));
  const int left = static_cast<int>(std::nearbyint((new_w - resolution) / 2.0));
  cv::Mat rgb;
  cv::cvtColor(resized(cv::Rect(left, top, resolution, resolution)), rgb, cv::COLOR_BGR2RGB);
  torch::Tensor t = torch::from_blob(rgb.data, {resolution, resolution, 3}, torch::kUInt8)
                        .permute({2, 0, 1})
                        .to(torch::kFloat32)
                        .div_(255.0);
  for (int c = 0; c < 3; ++c) {
    t[c].sub_(norm.mean[static_cast<std::size_t>(c)]).div_(norm.std[static_cast<std::size_t>(c)]);
  }
  return t;
}

std::vector<LabelledFile> fixed_subset(const std::vector<LabelledFile>& files, std::int64_t count, std::uint64_t seed) {
  const auto n = static_cast<std::int64_t>(files.size());
  if (count <= 0 || count >= n) return files;
  torch::Generator generator = at::detail::createCPUGenerator(seed);
  const torch::Tensor chosen = std::get<0>(torch::randperm(n, generator, torch::kInt64).narrow(0, 0, count).sort());
  std::vector<LabelledFile> subset;
  subset.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) subset.push_back(files[static_cast<std::size_t>(chosen[i].item<std::int64_t>())]);
  return subset;
}

}  // namespace hwnas::train
