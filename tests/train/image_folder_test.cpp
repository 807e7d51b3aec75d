// ImageFolder data: the layout (sorted classes, both splits), OFA's evaluation preprocessing,
// fixed subsets, batches decoded by the worker thread, clear errors naming the file or folder, and
// `hwnas supernet eval --data imagefolder:DIR` end to end on Fashion-MNIST images written as
// 3-channel PNG and JPEG files (an imported OFA-layout supernet from tests/reference/ofa_supernet.py).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cli/cli_run.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/eval_data.hpp"
#include "hwnas/train/image_batches.hpp"
#include "hwnas/train/image_folder.hpp"
#include "support/test_paths.hpp"
#include "train_fixture.hpp"
#include "support/input_error.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

using hwnas::test::input_error_of;

namespace fs = std::filesystem;

const fs::path kFashionMnist = "/usr/share/datasets/fashion-mnist";

// Fashion-MNIST (Debian's dataset-fashion-mnist; the tests' synthetic images where it is not
// installed) as ROOT/{train,val}/<class>/<n>.{png,jpg}: per_class images of each of 3 classes,
// grey turned into 3 channels.
fs::path write_image_folder(const std::string& name, int per_class) {
  const fs::path root = hwnas::test::process_temp_dir().path() / ("hwnas_imagefolder_" + name);
  fs::remove_all(root);
  const DataFolder data = fs::exists(kFashionMnist) ? load_data_folder(kFashionMnist)
                                                    : load_data_folder(test::make_tiny_folder("imagefolder_src", 200, 200));
  const std::vector<std::string> classes{"a_tshirt", "b_trouser", "c_pullover"};
  for (const auto& [split, set, ext] : {std::tuple{"train", &data.train, ".png"}, std::tuple{"val", &data.test, ".jpg"}}) {
    std::vector<int> written(classes.size(), 0);
    for (std::int64_t i = 0; i < set->size(); ++i) {
      const auto label = set->labels[i].item<std::int64_t>();
      if (label >= static_cast<std::int64_t>(classes.size()) || written[static_cast<std::size_t>(label)] == per_class) continue;
      const torch::Tensor grey = (set->images[i][0] * 255).round().to(torch::kUInt8).contiguous();
      cv::Mat bgr;
      cv::cvtColor(cv::Mat(28, 28, CV_8UC1, grey.data_ptr()), bgr, cv::COLOR_GRAY2BGR);
      const fs::path dir = root / split / classes[static_cast<std::size_t>(label)];
      fs::create_directories(dir);
      cv::imwrite((dir / (std::to_string(written[static_cast<std::size_t>(label)]++) + ext)).string(), bgr);
    }
  }
  return root;
}

TEST(ImageFolder, ClassesSortedByNameAndBothSplits) {
  const fs::path root = write_image_folder("layout", 4);
  const ImageFolder folder = index_image_folder(root);
  EXPECT_EQ(folder.train.classes, (std::vector<std::string>{"a_tshirt", "b_trouser", "c_pullover"}));
  ASSERT_EQ(folder.train.files.size(), 12U);
  EXPECT_EQ(folder.val.files.size(), 12U);
  EXPECT_EQ(folder.train.files[5].label, 1);
  EXPECT_EQ(folder.train.files[5].path.parent_path().filename(), "b_trouser");
  EXPECT_EQ(folder.val.files[0].path.extension(), ".jpg");
}

TEST(ImageFolder, MissingSplitEmptyClassAndCorruptImageNameTheFile) {
  const fs::path root = write_image_folder("errors", 2);
  fs::remove_all(root / "val");
  EXPECT_NE(input_error_of([&] { index_image_folder(root); }).find((root / "val").string()), std::string::npos);
  fs::create_directories(root / "val" / "a_tshirt");
  const std::string empty = input_error_of([&] { index_image_folder(root); });
  EXPECT_NE(empty.find((root / "val" / "a_tshirt").string()), std::string::npos) << empty;
  EXPECT_NE(empty.find("no image"), std::string::npos) << empty;

  const fs::path corrupt = root / "train" / "b_trouser" / "9.png";
  std::ofstream(corrupt) << "not a PNG";
  const auto split = index_image_split(root / "train");
  ImageBatchReader reader(split.files, 24, imagenet_normalisation(), 4);
  const std::string bad = input_error_of([&] {
    while (reader.next()) {
    }
  });
  EXPECT_NE(bad.find(corrupt.string()), std::string::npos) << bad;
}

TEST(ImageFolder, PreprocessingIsOfasEvaluationTransform) {
  const fs::path file = hwnas::test::process_temp_dir().path() / "hwnas_imagefolder_pixels.png";
  // 30 rows × 40 columns: blue left half, red right half (OpenCV writes BGR).
  cv::Mat bgr(30, 40, CV_8UC3, cv::Scalar(255, 0, 0));
  bgr(cv::Rect(20, 0, 20, 30)).setTo(cv::Scalar(0, 0, 255));
  cv::imwrite(file.string(), bgr);
  // r 16: short side ceil(16 / 0.875) = 19, so 19×25, crop offsets round(1.5) = 2 and round(4.5) = 4.
  const torch::Tensor t = load_eval_image(file, 16, imagenet_normalisation());
  ASSERT_EQ(t.sizes(), (std::vector<std::int64_t>{3, 16, 16}));
  const Normalisation imagenet = imagenet_normalisation();
  const auto normalised = [&](double value, int c) { return (value - imagenet.mean[c]) / imagenet.std[c]; };
  // Left column: blue (RGB channel 2 is 1), right column: red.
  EXPECT_NEAR(t[2][8][0].item<double>(), normalised(1.0, 2), 1e-5);
  EXPECT_NEAR(t[0][8][0].item<double>(), normalised(0.0, 0), 1e-5);
  EXPECT_NEAR(t[0][8][15].item<double>(), normalised(1.0, 0), 1e-5);
  EXPECT_NEAR(t[1][0][15].item<double>(), normalised(0.0, 1), 1e-5);
  // The blue/red edge sits at column 12.5 of 25, i.e. 8.5 - offset 4 in the crop: columns 0..7 blue.
  EXPECT_NEAR(t[2][8][7].item<double>(), normalised(1.0, 2), 1e-5);
  EXPECT_NEAR(t[0][8][9].item<double>(), normalised(1.0, 0), 1e-5);
}

TEST(ImageFolder, FixedSubsetsAreStableAndInFileOrder) {
  std::vector<LabelledFile> files;
  for (int i = 0; i < 100; ++i) files.push_back({std::to_string(1000 + i), i % 10});
  const auto a = fixed_subset(files, 10, 3);
  const auto b = fixed_subset(files, 10, 3);
  ASSERT_EQ(a.size(), 10U);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].path, b[i].path);
    if (i > 0) {
      EXPECT_LT(a[i - 1].path, a[i].path);
    }
  }
  EXPECT_NE(fixed_subset(files, 10, 4)[0].path.string() + fixed_subset(files, 10, 4)[1].path.string(),
            a[0].path.string() + a[1].path.string());
  EXPECT_EQ(fixed_subset(files, 0, 3).size(), 100U);
}

TEST(ImageFolder, BatchesComeInFileOrderWithLabels) {
  const fs::path root = write_image_folder("batches", 5);
  const auto data = open_eval_data("imagefolder:" + root.string(), imagenet_normalisation(), 7, 0);
  EXPECT_EQ(data->calibration_size(), 7);
  EXPECT_EQ(data->test_size(), 15);
  std::vector<std::int64_t> labels;
  std::int64_t images = 0;
  data->test_batches(32, 4, [&](const torch::Tensor& x, const torch::Tensor& y) {
    EXPECT_EQ(x.sizes().slice(1), (std::vector<std::int64_t>{3, 32, 32}));
    images += x.size(0);
    for (std::int64_t i = 0; i < y.size(0); ++i) labels.push_back(y[i].item<std::int64_t>());
  });
  EXPECT_EQ(images, 15);
  EXPECT_TRUE(std::is_sorted(labels.begin(), labels.end()));
  EXPECT_EQ(data->provenance()["classes"], 3);
}

TEST(ImageFolder, SupernetEvalStoresTop1AndTop5AndResumes) {
  const fs::path root = write_image_folder("eval", 6);
  const fs::path checkpoint = hwnas::test::process_temp_dir().path() / "hwnas_imagefolder_ofa.pth";
  const std::string make = "/usr/bin/python3 " + hwnas::test::source_dir() +
                           "/tests/reference/ofa_supernet.py --write-checkpoint ofa-mbv3 " + checkpoint.string();
  ASSERT_EQ(std::system(make.c_str()), 0) << make;
  const fs::path supernet = hwnas::test::process_temp_dir().path() / "hwnas_imagefolder_supernet";
  const fs::path db = hwnas::test::process_temp_dir().path() / "hwnas_imagefolder_eval.db";
  fs::remove_all(supernet);
  fs::remove(db);
  auto r = hwnas::test::run_cli("supernet import-ofa --checkpoint " + checkpoint.string() + " --space ofa-mbv3 --out " +
                         supernet.string() + " --id ofa-test");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string eval = "supernet eval --supernet " + supernet.string() + " --data imagefolder:" + root.string() +
                           " -n 2 --seed 1 --calibration-images 6 --test-images 12 --batch-size 5 --threads 1 --db sqlite:///" +
                           db.string() + " --json";
  r = hwnas::test::run_cli(eval);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto first = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  ASSERT_EQ(first["results"].size(), 2U);
  for (const auto& row : first["results"]) {
    const double top1 = row.at("accuracy");
    const double top5 = row.at("top5");
    const double rate = row.at("images_per_second");
    EXPECT_GE(top5, top1);
    EXPECT_GT(rate, 0);
    EXPECT_GT(row.at("loss").get<double>(), 0.0);  // cross-entropy of an evaluated subnet
  }
  const auto store = store::open_store("sqlite:///" + db.string());
  EXPECT_EQ(store->metrics("accuracy:ofa-test").size(), 2U);
  EXPECT_EQ(store->metrics("accuracy:ofa-test:top5").size(), 2U);
  // Run again: both are in the store, nothing is evaluated (no images/s), same values.
  r = hwnas::test::run_cli(eval);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto second = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(second["results"][i]["accuracy"], first["results"][i]["accuracy"]);
    EXPECT_EQ(second["results"][i]["images_per_second"], 0);
  }
  // Without --data an imported supernet has nothing to evaluate on.
  r = hwnas::test::run_cli("supernet eval --supernet " + supernet.string() + " -n 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--data imagefolder:"), std::string::npos) << r.output;
  // A missing split is one clear line.
  fs::remove_all(root / "train");
  r = hwnas::test::run_cli(eval);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find((root / "train").string()), std::string::npos) << r.output;
}

}  // namespace
}  // namespace hwnas::train
