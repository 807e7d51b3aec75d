// Image classification data in torchvision's ImageFolder layout — ROOT/train/<class>/<image> and
// ROOT/val/<class>/<image>, classes sorted by folder name (the label is the index), images sorted
// by path — decoded with OpenCV and preprocessed as OFA evaluates ImageNet:
//   resize the short side to ceil(r / 0.875), centre crop r×r, BGR -> RGB, /255, then
//   (x - mean) / std per channel (ImageNet: 0.485/0.456/0.406, 0.229/0.224/0.225).
// docs/training.md describes the layout, the preprocessing and how it differs from PIL's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "hwnas/train/dataset.hpp"

namespace hwnas::train {

struct LabelledFile {
  std::filesystem::path path;
  std::int64_t label = 0;
};

// One split: its class names and files.
struct ImageFolderSplit {
  std::filesystem::path dir;
  std::vector<std::string> classes;
  std::vector<LabelledFile> files;
};

// Files with the extensions torchvision's ImageFolder takes (.jpg .jpeg .png .ppm .bmp .pgm .tif
// .tiff .webp, any case) in each class folder. Throws InputError naming the folder when it is
// missing, has no class folders, or a class folder holds no image.
ImageFolderSplit index_image_split(const std::filesystem::path& dir);

struct ImageFolder {
  ImageFolderSplit train, val;
};
// ROOT/train and ROOT/val. Throws InputError naming the missing split, or when the two splits
// have different classes.
ImageFolder index_image_folder(const std::filesystem::path& root);

// The preprocessed image, 3×r×r float32. Throws InputError naming the file when OpenCV cannot
// decode it.
torch::Tensor load_eval_image(const std::filesystem::path& path, int resolution, const Normalisation& norm);

// A fixed random subset of `count` of `files` (all of them when count is 0 or larger), drawn by a
// seeded permutation and kept in file order, so every subnet sees the same images.
std::vector<LabelledFile> fixed_subset(const std::vector<LabelledFile>& files, std::int64_t count, std::uint64_t seed);

}  // namespace hwnas::train
