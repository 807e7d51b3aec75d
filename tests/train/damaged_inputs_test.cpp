// The LibTorch- and OpenCV-linked readers of train/ (libFuzzer cannot build them: docs/hardening.md)
// fed damaged copies of valid files: a supernet folder's weights.pt and supernet.json, a checkpoint
// of every entry kind, and images of every format an ImageFolder holds. Each must load (and then
// run) or be one InputError — never another exception, a crash, or, under
// `scripts/test.sh --sanitize`, undefined behaviour.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <typeinfo>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/image_folder.hpp"
#include "hwnas/train/supernet_dir.hpp"
#include "support/mutants.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

namespace fs = std::filesystem;
using hwnas::test::byte_mutants;
using hwnas::test::read_bytes;
using hwnas::test::write_bytes;

void expect_only_input_errors(const std::string& what, const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": " << typeid(e).name() << ": " << e.what();
  }
}

// One small unit of ofa-mbv3-fmnist's vocabulary: an elastic kernel 5 -> 3 with its
// transformation matrix, SE, so the weights are a few kilobytes and each load takes milliseconds.
constexpr const char* kSmallSpace = R"(name: damaged-supernet
description: one unit of 1-2 MBConv layers, kernel 3/5
input: {channels: 1, resolutions: [28], default_resolution: 28}
classes: 10
channel_divisor: 8
se: {reduction: 4, gate: h_sigmoid}
blocks:
  - {name: e3k3, kind: mbconv, expand: 3, kernel: 3}
  - {name: e3k5, kind: mbconv, expand: 3, kernel: 5}
stem:
  - {op: conv, out: 8, kernel: 3, stride: 2, act: h_swish}
units:
  - {name: u1, out: 8, stride: 2, act: relu, se: true, layers: [1, 2], blocks: all}
head:
  - {op: global_avg_pool}
  - {op: linear, out: 10}
)";

class DamagedSupernetFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    write_bytes((dir_ / "space.yaml").string(), kSmallSpace);
    const space::Space space = space::load_space((dir_ / "space.yaml").string());
    const SupernetOptions network = SupernetOptions().kernel_transform(true);
    Supernet net(space, network);
    SupernetInfo info;
    info.id = "damaged";
    info.space_name = space.name;
    info.network = network;
    info.normalisation = {{0.3}, {0.35}};
    write_info(dir_.path(), info);
    write_space_file(dir_.path(), space);
    CheckpointWriter().add("", *net).write(dir_ / "weights.pt");
  }

  // Loads the folder and runs one subnet of it, as `supernet eval` does.
  void load_and_run() const {
    LoadedSupernet loaded = load_supernet(dir_.path());
    arch::Rng rng(1);
    const auto arch = arch::sample_uniform(loaded.space, rng);
    torch::NoGradGuard no_grad;
    loaded.net->eval();
    const torch::Tensor logits = loaded.net->forward(torch::zeros({1, 1, 28, 28}), arch);
    EXPECT_EQ(logits.sizes(), (std::vector<std::int64_t>{1, 10}));
  }

  const hwnas::test::TempDir dir_{"damaged-supernet"};
};

TEST_F(DamagedSupernetFolder, WeightsLoadOrAreInputErrors) {
  ASSERT_NO_THROW(load_and_run());
  const auto weights = (dir_ / "weights.pt").string();
  for (const auto& bytes : byte_mutants(read_bytes(weights), 1, 150)) {
    write_bytes(weights, bytes);
    expect_only_input_errors("damaged weights.pt", [&] { load_and_run(); });
  }
}

TEST_F(DamagedSupernetFolder, SupernetJsonLoadsOrIsAnInputError) {
  const auto file = (dir_ / "supernet.json").string();
  const std::string valid = read_bytes(file);
  const auto mutants = hwnas::test::json_mutants(nlohmann::json::parse(valid));
  EXPECT_GT(mutants.size(), 50u);
  for (const auto& m : mutants) {
    write_bytes(file, m.document.dump());
    expect_only_input_errors(m.where, [&] { load_and_run(); });
  }
  for (const auto& bytes : byte_mutants(valid, 2, 100)) {
    write_bytes(file, bytes);
    expect_only_input_errors("damaged supernet.json", [&] { load_and_run(); });
  }
}

// A checkpoint of every entry kind (a module, an optimiser with state, a tensor, a number), as the
// S3NAS and HURRICANE search checkpoints hold them.
TEST(DamagedCheckpoint, EveryEntryKindReadsOrIsAnInputError) {
  const hwnas::test::TempDir dir("damaged-checkpoint");
  const auto file = dir / "run.pt";
  torch::manual_seed(1);
  torch::nn::Linear net(3, 2);
  torch::optim::Adam adam(net->parameters());
  adam.zero_grad();
  net->forward(torch::ones({4, 3})).sum().backward();
  adam.step();
  CheckpointWriter().add("net", *net).add("optimizer", adam).add("order", torch::arange(5)).add("step", 7.0).write(file);
  for (const auto& bytes : byte_mutants(read_bytes(file.string()), 3, 150)) {
    write_bytes(file.string(), bytes);
    expect_only_input_errors("damaged checkpoint", [&] {
      CheckpointReader reader(file, "test checkpoint");
      torch::nn::Linear copy(3, 2);
      torch::optim::Adam copy_adam(copy->parameters());
      reader.read("net", *copy);
      reader.read("optimizer", copy_adam);
      reader.tensor("order");
      reader.value("step");
    });
  }
}

// Every image format OpenCV writes that torchvision's ImageFolder takes, damaged: decoded and
// preprocessed to a finite 3×16×16 tensor, or an InputError naming the file.
TEST(DamagedImage, EveryFormatDecodesOrIsAnInputError) {
  const hwnas::test::TempDir dir("damaged-image");
  const Normalisation imagenet{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}};
  cv::RNG rng(1);
  cv::Mat colour(10, 12, CV_8UC3), grey(9, 7, CV_8UC1);
  rng.fill(colour, cv::RNG::UNIFORM, 0, 255);
  rng.fill(grey, cv::RNG::UNIFORM, 0, 255);
  for (const char* ext : {".png", ".jpg", ".bmp", ".ppm", ".pgm", ".tiff", ".webp"}) {
    const auto file = dir / (std::string("image") + ext);
    ASSERT_TRUE(cv::imwrite(file.string(), std::string(ext) == ".pgm" ? grey : colour)) << ext;
    for (const auto& bytes : byte_mutants(read_bytes(file.string()), 4, 80, 16)) {
      write_bytes(file.string(), bytes);
      expect_only_input_errors(std::string("damaged ") + ext, [&] {
        const torch::Tensor image = load_eval_image(file, 16, imagenet);
        EXPECT_EQ(image.sizes(), (std::vector<std::int64_t>{3, 16, 16})) << ext;
        EXPECT_TRUE(torch::isfinite(image).all().item<bool>()) << ext;
      });
    }
  }
}

}  // namespace
}  // namespace hwnas::train
