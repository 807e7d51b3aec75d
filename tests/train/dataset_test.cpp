// IDX loading (gzip and plain), clear errors for missing or corrupt files, split, normalisation,
// augmentation.
#include <gtest/gtest.h>

#include <fstream>

#include "hwnas/common/error.hpp"
#include "support/input_error.hpp"
#include "hwnas/train/dataset.hpp"
#include "train_fixture.hpp"

namespace hwnas::train {
namespace {

using hwnas::test::input_error_of;

TEST(IdxFile, GzipAndPlainFilesReadBackTheSameValues) {
  const auto dir = test::make_tiny_folder("idx_roundtrip", 20, 10);
  const IdxArray written = test::tiny_images(20, 1);
  write_idx(dir / "plain-idx3-ubyte", written, false);
  for (const auto& name : {"train-images-idx3-ubyte.gz", "plain-idx3-ubyte"}) {
    const IdxArray read = read_idx(dir / name);
    EXPECT_EQ(read.dims, written.dims) << name;
    EXPECT_EQ(read.values, written.values) << name;
  }
}

TEST(IdxFile, MissingCorruptAndTruncatedFilesNameTheFile) {
  const auto dir = test::make_tiny_folder("idx_errors", 20, 10);
  const auto missing = dir / "nope-idx3-ubyte";
  EXPECT_NE(input_error_of([&] { read_idx(missing); }).find(missing.string()), std::string::npos);

  const auto corrupt = dir / "corrupt-idx3-ubyte";
  std::ofstream(corrupt) << "this is not an IDX file";
  const std::string corrupt_error = input_error_of([&] { read_idx(corrupt); });
  EXPECT_NE(corrupt_error.find(corrupt.string()), std::string::npos) << corrupt_error;
  EXPECT_NE(corrupt_error.find("magic"), std::string::npos) << corrupt_error;

  IdxArray short_file = test::tiny_images(5, 1);
  short_file.values.resize(100);  // header promises 5·28·28 values
  const auto truncated = dir / "truncated-idx3-ubyte.gz";
  write_idx(truncated, short_file, true);
  const std::string truncated_error = input_error_of([&] { read_idx(truncated); });
  EXPECT_NE(truncated_error.find("truncated"), std::string::npos) << truncated_error;
  EXPECT_NE(truncated_error.find(truncated.string()), std::string::npos) << truncated_error;
}

TEST(DataFolder, LoadsImagesAsFloatTensorsAndNamesAMissingFile) {
  const auto dir = test::make_tiny_folder("folder", 30, 10);
  const DataFolder data = load_data_folder(dir);
  EXPECT_EQ(data.train.images.sizes(), (std::vector<std::int64_t>{30, 1, 28, 28}));
  EXPECT_EQ(data.test.size(), 10);
  EXPECT_EQ(data.train.classes, 10);
  EXPECT_EQ(data.train.labels[13].item<std::int64_t>(), 3);
  EXPECT_FLOAT_EQ(data.train.images[0][0][0][0].item<float>(),
                  static_cast<float>(test::tiny_images(30, 1).values[0]) / 255.0F);

  std::filesystem::remove(dir / "t10k-labels-idx1-ubyte.gz");
  const std::string error = input_error_of([&] { load_data_folder(dir); });
  EXPECT_NE(error.find("t10k-labels-idx1-ubyte"), std::string::npos) << error;

  write_idx(dir / "t10k-labels-idx1-ubyte.gz", test::tiny_labels(7), true);
  const std::string mismatch = input_error_of([&] { load_data_folder(dir); });
  EXPECT_NE(mismatch.find("7 labels"), std::string::npos) << mismatch;
}

TEST(ImageSet, SplitIsDisjointSeededAndNormalisationCentres) {
  const auto dir = test::make_tiny_folder("split", 50, 10);
  const ImageSet set = load_data_folder(dir).train;
  const auto [train, val] = split_validation(set, 10, 4);
  EXPECT_EQ(train.size(), 40);
  EXPECT_EQ(val.size(), 10);
  const auto [train2, val2] = split_validation(set, 10, 4);
  EXPECT_TRUE(torch::equal(val.images, val2.images));
  const auto [train3, val3] = split_validation(set, 10, 5);
  EXPECT_FALSE(torch::equal(val.images, val3.images));
  // Disjoint: every image of the set lands in exactly one part (the images are distinct).
  EXPECT_NEAR((train.images.sum() + val.images.sum()).item<double>(), set.images.sum().item<double>(), 1e-2);

  const Normalisation norm = channel_statistics(train);
  const ImageSet normalised = normalise(train, norm);
  EXPECT_NEAR(normalised.images.mean().item<double>(), 0.0, 1e-4);
  EXPECT_NEAR(normalised.images.std().item<double>(), 1.0, 1e-3);
  EXPECT_THROW(split_validation(set, 50, 0), InputError);
}

TEST(Augment, ShiftsAndFlipsWithinTheImage) {
  torch::Tensor batch = torch::arange(2 * 1 * 4 * 4, torch::kFloat32).reshape({2, 1, 4, 4});
  torch::Generator g = at::detail::createCPUGenerator(1);
  EXPECT_TRUE(torch::equal(augment(batch, 0, false, g), batch));
  bool some_flipped = false;
  for (int i = 0; i < 20; ++i) {
    const torch::Tensor flipped = augment(batch, 0, true, g);
    for (int n = 0; n < 2; ++n) {
      const bool same = torch::equal(flipped[n], batch[n]);
      EXPECT_TRUE(same || torch::equal(flipped[n], batch[n].flip({2})));
      some_flipped = some_flipped || !same;
    }
  }
  EXPECT_TRUE(some_flipped);
  const torch::Tensor shifted = augment(batch, 1, false, g);
  EXPECT_EQ(shifted.sizes(), batch.sizes());
  // A shift moves content, zero fills the border; the total can only drop.
  EXPECT_LE(shifted.sum().item<double>(), batch.sum().item<double>());
}

}  // namespace
}  // namespace hwnas::train
