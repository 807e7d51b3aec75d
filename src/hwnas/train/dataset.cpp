#include "hwnas/train/dataset.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/idx_file.hpp"

namespace hwnas::train {

ImageSet ImageSet::slice(std::int64_t begin, std::int64_t count) const {
  return {images.narrow(0, begin, count), labels.narrow(0, begin, count), classes, origin};
}

ImageSet ImageSet::select(const torch::Tensor& indices) const {
  return {images.index_select(0, indices), labels.index_select(0, indices), classes, origin};
}

ImageSet load_idx_pair(const std::filesystem::path& images_path, const std::filesystem::path& labels_path) {
  IdxArray images = read_idx(images_path);
  IdxArray labels = read_idx(labels_path);
  if (images.dims.size() != 3 && images.dims.size() != 4) {
    throw InputError(fmt::format("data file {}: images need rank 3 (N×H×W) or 4 (N×C×H×W), found rank {}",
                                 images_path.string(), images.dims.size()));
  }
  if (labels.dims.size() != 1) {
    throw InputError(fmt::format("data file {}: labels need rank 1, found rank {}", labels_path.string(),
                                 labels.dims.size()));
  }
  if (labels.dims[0] != images.dims[0]) {
    throw InputError(fmt::format("data files {} and {} disagree: {} images but {} labels", images_path.string(),
                                 labels_path.string(), images.dims[0], labels.dims[0]));
  }
  std::vector<std::int64_t> shape = images.dims;
  if (shape.size() == 3) shape.insert(shape.begin() + 1, 1);
  ImageSet set;
  set.images = torch::from_blob(images.values.data(), shape, torch::kUInt8).to(torch::kFloat32).div_(255.0);
  set.labels = torch::from_blob(labels.values.data(), {labels.dims[0]}, torch::kUInt8).to(torch::kInt64);
  set.classes = set.size() > 0 ? static_cast<int>(set.labels.max().item<std::int64_t>()) + 1 : 0;
  set.origin = images_path.string();
  return set;
}

namespace {

// The file with or without ".gz", whichever exists (the plain name in messages when neither does).
std::filesystem::path find_idx(const std::filesystem::path& dir, const std::string& stem) {
  for (const auto& name : {stem + ".gz", stem}) {
    if (std::filesystem::exists(dir / name)) return dir / name;
  }
  throw InputError(fmt::format("data file {} (or {}.gz) does not exist", (dir / stem).string(), stem));
}

}  // namespace

DataFolder load_data_folder(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw InputError(fmt::format("data folder {} does not exist", dir.string()));
  }
  DataFolder folder;
  folder.train = load_idx_pair(find_idx(dir, "train-images-idx3-ubyte"), find_idx(dir, "train-labels-idx1-ubyte"));
  folder.test = load_idx_pair(find_idx(dir, "t10k-images-idx3-ubyte"), find_idx(dir, "t10k-labels-idx1-ubyte"));
  if (folder.train.images.sizes().slice(1) != folder.test.images.sizes().slice(1)) {
    throw InputError(fmt::format("data folder {}: train and test images differ in shape", dir.string()));
  }
  folder.test.classes = folder.train.classes = std::max(folder.train.classes, folder.test.classes);
  return folder;
}

std::pair<ImageSet, ImageSet> split_validation(const ImageSet& set, std::int64_t validation, std::uint64_t seed) {
  if (validation < 0 || validation >= set.size()) {
    throw InputError(fmt::format("validation size {} must be in [0, {}) for {}", validation, set.size(), set.origin));
  }
  torch::Generator generator = at::detail::createCPUGenerator(seed);
  const torch::Tensor order = torch::randperm(set.size(), generator, torch::kInt64);
  const std::int64_t train = set.size() - validation;
  return {set.select(order.narrow(0, 0, train)), set.select(order.narrow(0, train, validation))};
}

Normalisation imagenet_normalisation() { return {{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}}; }

Normalisation channel_statistics(const ImageSet& set) {
  Normalisation norm;
  for (int c = 0; c < set.channels(); ++c) {
    const torch::Tensor channel = set.images.select(1, c);
    norm.mean.push_back(channel.mean().item<double>());
    norm.std.push_back(std::max(channel.std().item<double>(), 1e-6));
  }
  return norm;
}

ImageSet normalise(const ImageSet& set, const Normalisation& norm) {
  if (static_cast<int>(norm.mean.size()) != set.channels()) {
    throw InputError(fmt::format("normalisation has {} channels, {} has {}", norm.mean.size(), set.origin,
                                 set.channels()));
  }
  const auto shape = std::vector<std::int64_t>{1, set.channels(), 1, 1};
  const torch::Tensor mean = torch::tensor(norm.mean, torch::kFloat64).to(torch::kFloat32).view(shape);
  const torch::Tensor std = torch::tensor(norm.std, torch::kFloat64).to(torch::kFloat32).view(shape);
  return {(set.images - mean) / std, set.labels, set.classes, set.origin};
}

DataFolder load_leading_normalised(const std::filesystem::path& dir, std::int64_t train_images,
                                   std::int64_t test_images) {
  const DataFolder data = load_data_folder(dir);
  const ImageSet train = data.train.slice(0, std::min(train_images, data.train.size()));
  const Normalisation norm = channel_statistics(train);
  return {normalise(train, norm), normalise(data.test.slice(0, std::min(test_images, data.test.size())), norm), norm};
}

torch::Tensor augment(const torch::Tensor& batch, int max_shift, bool flip, torch::Generator& generator) {
  const std::int64_t n = batch.size(0);
  const std::int64_t h = batch.size(2);
  const std::int64_t w = batch.size(3);
  torch::Tensor out = torch::empty_like(batch);
  const torch::Tensor padded = max_shift > 0 ? torch::constant_pad_nd(batch, {max_shift, max_shift, max_shift, max_shift}, 0)
                                             : batch;
  const torch::Tensor shifts = torch::randint(0, 2 * max_shift + 1, {n, 2}, generator, torch::kInt64);
  const torch::Tensor flips = torch::randint(0, 2, {n}, generator, torch::kInt64);
  const auto shift = shifts.accessor<std::int64_t, 2>();
  const auto flips_of = flips.accessor<std::int64_t, 1>();
  for (std::int64_t i = 0; i < n; ++i) {
    torch::Tensor image = padded[i].narrow(1, shift[i][0], h).narrow(2, shift[i][1], w);
    out[i].copy_(flip && flips_of[i] != 0 ? image.flip({2}) : image);
  }
  return out;
}

}  // namespace hwnas::train
