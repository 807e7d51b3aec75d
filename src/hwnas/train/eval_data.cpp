#include "hwnas/train/eval_data.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/image_batches.hpp"
#include "hwnas/train/image_folder.hpp"

namespace hwnas::train {

namespace {

constexpr std::string_view kImageFolder = "imagefolder:";
// The subsets of an image folder are drawn once with this seed, so every evaluation, in any
// session, scores the same images.
constexpr std::uint64_t kSubsetSeed = 0;

class InMemoryData : public EvalData {
 public:
  InMemoryData(const std::filesystem::path& dir, const Normalisation& norm, std::int64_t calibration,
               std::int64_t test)
      : dir_(dir) {
    const DataFolder data = load_data_folder(dir);
    const auto first = [](const ImageSet& set, std::int64_t n) { return n > 0 ? std::min(n, set.size()) : set.size(); };
    // Calibration images come from the training file, never from the test split.
    calibration_ = normalise(data.train.slice(0, first(data.train, calibration)), norm);
    test_ = normalise(data.test.slice(0, first(data.test, test)), norm);
  }
  void calibration_batches(int resolution, int batch_size, const BatchFn& fn) override {
    batches(calibration_, resolution, batch_size, fn);
  }
  void test_batches(int resolution, int batch_size, const BatchFn& fn) override {
    batches(test_, resolution, batch_size, fn);
  }
  std::int64_t calibration_size() const override { return calibration_.size(); }
  std::int64_t test_size() const override { return test_.size(); }
  nlohmann::json provenance() const override { return {{"data_dir", dir_.string()}, {"split", "test"}}; }

 private:
  void batches(const ImageSet& set, int resolution, int batch_size, const BatchFn& fn) const {
    if (set.size() > 0 && set.height() != resolution) {
      throw InputError(fmt::format("{} holds {}×{} images; a subnet at resolution {} needs an image folder "
                                   "(--data imagefolder:DIR) to be scaled to it",
                                   dir_.string(), set.height(), set.width(), resolution));
    }
    for (std::int64_t begin = 0; begin < set.size(); begin += batch_size) {
      const std::int64_t count = std::min<std::int64_t>(batch_size, set.size() - begin);
      fn(set.images.narrow(0, begin, count), set.labels.narrow(0, begin, count));
    }
  }

  std::filesystem::path dir_;
  ImageSet calibration_, test_;
};

class ImageFolderData : public EvalData {
 public:
  ImageFolderData(const std::filesystem::path& root, const Normalisation& norm, std::int64_t calibration,
                  std::int64_t test)
      : root_(root), norm_(norm) {
    if (norm_.mean.size() != 3) {
      throw InputError(fmt::format("image folder {} gives RGB images; the supernet normalises {} channels",
                                   root.string(), norm_.mean.size()));
    }
    const ImageFolder folder = index_image_folder(root);
    classes_ = static_cast<std::int64_t>(folder.train.classes.size());
    calibration_ = fixed_subset(folder.train.files, calibration, kSubsetSeed);
    test_ = fixed_subset(folder.val.files, test, kSubsetSeed + 1);
  }
  void calibration_batches(int resolution, int batch_size, const BatchFn& fn) override {
    batches(calibration_, resolution, batch_size, fn);
  }
  void test_batches(int resolution, int batch_size, const BatchFn& fn) override {
    batches(test_, resolution, batch_size, fn);
  }
  std::int64_t calibration_size() const override { return static_cast<std::int64_t>(calibration_.size()); }
  std::int64_t test_size() const override { return static_cast<std::int64_t>(test_.size()); }
  nlohmann::json provenance() const override {
    return {{"data_dir", std::string(kImageFolder) + root_.string()}, {"split", "val"}, {"classes", classes_}};
  }

 private:
  void batches(const std::vector<LabelledFile>& files, int resolution, int batch_size, const BatchFn& fn) const {
    ImageBatchReader reader(files, resolution, norm_, batch_size);
    while (auto batch = reader.next()) fn(batch->images, batch->labels);
  }

  std::filesystem::path root_;
  Normalisation norm_;
  std::int64_t classes_ = 0;
  std::vector<LabelledFile> calibration_, test_;
};

}  // namespace

std::unique_ptr<EvalData> open_eval_data(const std::string& spec, const Normalisation& norm,
                                         std::int64_t calibration, std::int64_t test) {
  if (spec.starts_with(kImageFolder)) {
    return std::make_unique<ImageFolderData>(spec.substr(kImageFolder.size()), norm, calibration, test);
  }
  return std::make_unique<InMemoryData>(spec, norm, calibration, test);
}

}  // namespace hwnas::train
