// The supernet trainers' one checkpoint file: modules, optimisers and numbers come back as they
// were written, the root entry is torch::save's layout, and a bad file or entry is an InputError
// naming it.
#include <gtest/gtest.h>

#include <fstream>

#include "hwnas/common/error.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

class CheckpointTest : public ::testing::Test {
 protected:
  const hwnas::test::TempDir dir_{"checkpoint"};
};

// One trained step, so the optimiser has momentum state worth restoring.
void one_step(torch::nn::Linear& net, torch::optim::SGD& sgd) {
  sgd.zero_grad();
  net->forward(torch::ones({4, 3})).sum().backward();
  sgd.step();
}

TEST_F(CheckpointTest, WhatIsWrittenIsReadBack) {
  torch::manual_seed(1);
  torch::nn::Linear net(3, 2);
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  one_step(net, sgd);
  const auto file = dir_.path() / "run.pt";
  CheckpointWriter().add("net", *net).add("optimizer", sgd).add("step", 41.0).add("order", torch::arange(5)).write(file);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "run.pt.tmp"));

  torch::manual_seed(2);
  torch::nn::Linear copy(3, 2);
  torch::optim::SGD copy_sgd(copy->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  CheckpointReader reader(file, "test checkpoint");
  reader.read("net", *copy);
  reader.read("optimizer", copy_sgd);
  EXPECT_EQ(reader.value("step"), 41.0);
  EXPECT_TRUE(torch::equal(reader.tensor("order"), torch::arange(5)));
  EXPECT_TRUE(torch::equal(copy->weight, net->weight));
  // The same next step from both: the momentum came back too.
  one_step(net, sgd);
  one_step(copy, copy_sgd);
  EXPECT_TRUE(torch::equal(copy->weight, net->weight));
}

TEST_F(CheckpointTest, TheRootEntryIsTorchSavesLayout) {
  torch::nn::Linear net(3, 2);
  CheckpointWriter().add("", *net).write(dir_.path() / "weights.pt");
  torch::nn::Linear loaded(3, 2);
  torch::load(loaded, (dir_.path() / "weights.pt").string());
  EXPECT_TRUE(torch::equal(loaded->bias, net->bias));
}

TEST_F(CheckpointTest, BadFilesAndEntriesNameThemselves) {
  const auto expect_error = [](const auto& call, const std::string& needle) {
    try {
      call();
      ADD_FAILURE() << "no InputError; expected one naming " << needle;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error([&] { CheckpointReader(dir_.path() / "absent.pt", "test checkpoint"); }, "absent.pt");
  std::ofstream(dir_.path() / "text.pt") << "not an archive";
  expect_error([&] { CheckpointReader(dir_.path() / "text.pt", "test checkpoint"); }, "text.pt");

  torch::nn::Linear net(3, 2);
  CheckpointWriter().add("net", *net).write(dir_.path() / "run.pt");
  CheckpointReader reader(dir_.path() / "run.pt", "test checkpoint");
  expect_error([&] { reader.value("step"); }, "'step'");
  torch::nn::Linear wider(3, 5);
  expect_error([&] { reader.read("net", *wider); }, "'net'");
}

}  // namespace
}  // namespace hwnas::train
