// The data the one-shot search trains on, read through train/dataset.hpp from the real
// Fashion-MNIST files: sizes, label balance of the test split, hurricane's fixed normalisation,
// the split FashionMnistOneShot checks, and errors naming the missing folder or file.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/train/dataset.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::hurricane {
namespace {

namespace fs = std::filesystem;

std::string input_error_of(const fs::path& dir) {
  try {
    train::load_data_folder(dir);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST(FashionMnistData, TestSplitHasAThousandImagesPerClassAndNormalisesNearUnitScale) {
  const train::DataFolder folder = train::load_data_folder(kFashionMnistDir);
  ASSERT_EQ(folder.train.size(), 60000);
  const train::ImageSet test = train::normalise(folder.test, kFashionMnistNormalisation);
  ASSERT_EQ(test.size(), 10000);
  EXPECT_EQ(test.channels(), 1);
  EXPECT_EQ(test.height(), 28);
  EXPECT_EQ(test.width(), 28);
  EXPECT_EQ(test.classes, 10);
  const torch::Tensor counts = torch::bincount(test.labels);
  EXPECT_TRUE(torch::equal(counts, torch::full({10}, 1000, torch::kInt64)));
  // The fixed constants are the training split's statistics: the test split lands near 0 and 1.
  EXPECT_NEAR(test.images.mean().item<double>(), 0, 0.05);
  EXPECT_NEAR(test.images.std().item<double>(), 1, 0.05);
  // And they are what channel_statistics measures on the training images (0.286041, 0.353024) to
  // the four digits given.
  const train::Normalisation measured = train::channel_statistics(folder.train);
  EXPECT_NEAR(measured.mean[0], kFashionMnistNormalisation.mean[0], 1e-4);
  EXPECT_NEAR(measured.std[0], kFashionMnistNormalisation.std[0], 1e-4);
}

TEST(FashionMnistData, ValidationSplitMustLeaveTrainingImages) {
  const train::DataFolder folder = train::load_data_folder(kFashionMnistDir);
  const train::ImageSet few = folder.train.slice(0, 100);
  EXPECT_THROW(FashionMnistOneShot({}, few, folder.test, {100, 50, 0}), InputError);
  EXPECT_THROW(FashionMnistOneShot({}, few, folder.test, {0, 50, 0}), InputError);
  EXPECT_NO_THROW(FashionMnistOneShot({}, few, folder.test, {20, 10, 0}));
}

TEST(FashionMnistData, ErrorsNameTheFolderOrTheFile) {
  EXPECT_NE(input_error_of("/nonexistent").find("/nonexistent"), std::string::npos);
  // A folder with the training files only: the message names a missing t10k file (images or labels,
  // whichever the loader reads first).
  const fs::path dir = hwnas::test::process_temp_dir().path() / "hwnas_hurricane_fmnist_train_only";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}) {
    fs::create_symlink(fs::path(kFashionMnistDir) / name, dir / name);
  }
  const std::string message = input_error_of(dir);
  fs::remove_all(dir);
  EXPECT_NE(message.find((dir / "t10k-").string()), std::string::npos) << message;
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
}

}  // namespace
}  // namespace hwnas::hurricane
