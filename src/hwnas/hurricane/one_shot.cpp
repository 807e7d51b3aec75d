#include "hwnas/hurricane/one_shot.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::hurricane {

FashionMnistOneShot::FashionMnistOneShot(SupernetOptions options, const train::ImageSet& train_all,
                                         const train::ImageSet& test, FashionMnistSplit split)
    : options_(std::move(options)), test_(train::normalise(test, kFashionMnistNormalisation)) {
  const auto n = static_cast<int>(train_all.size());
  if (split.validation < 1 || split.validation >= n) {
    throw InputError(fmt::format("--val-images: between 1 and {}, got {}", n - 1, split.validation));
  }
  const int train_n = split.train_images > 0 ? std::min(split.train_images, n - split.validation) : n - split.validation;
  const train::ImageSet all = train::normalise(train_all, kFashionMnistNormalisation);
  train_ = all.slice(0, train_n);
  validation_ = all.slice(n - split.validation, std::min(split.search_images, split.validation));
}

TrainingReport FashionMnistOneShot::train(const space::Space& stage_space) {
  Supernet next(stage_space, options_);
  if (!supernet_.is_empty()) next->inherit(*supernet_);
  supernet_ = next;
  return supernet_->fit(train_);
}

std::vector<double> FashionMnistOneShot::validate(std::span<const arch::Architecture> paths) {
  if (supernet_.is_empty()) throw std::logic_error("validate before train");
  return supernet_->accuracy(paths, train_, validation_);
}

double FashionMnistOneShot::test(const arch::Architecture& path) {
  if (supernet_.is_empty()) throw std::logic_error("test before train");
  return supernet_->accuracy(std::span(&path, 1), train_, test_).front();
}

}  // namespace hwnas::hurricane
