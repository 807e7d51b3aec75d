// A retrained HURRICANE network leaves hwnas with its weights: the path's weights laid out for the
// IR graph compute, through the TorchScript exporter, the logits the supernet computes; the saved
// folder loads back to the same weights; a damaged folder is an InputError naming the file.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include <torch/script.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/hurricane/trained_network.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/input_error.hpp"
#include "support/mutants.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::hurricane {
namespace {

using hwnas::test::input_error_of;

// hurricane-fmnist with three ops per layer (plain, SE and separable) and random images, on which a
// few training steps and the BN recalibration give the path non-trivial weights and statistics.
struct TrainedNetworkFixture {
  space::Space space;
  train::ImageSet data;
  Supernet net{nullptr};
  arch::Architecture path;

  TrainedNetworkFixture() : space(space::load_space("hurricane-fmnist")) {
    std::vector<int> ids;
    for (const char* op : {"Choice_3", "MB_3_3_SE", "SEP_5"}) ids.push_back(space.block_index(op));
    for (auto& u : space.units)
      for (auto& l : u.layer_blocks) l = ids;
    torch::manual_seed(3);
    data.images = torch::randn({64, 1, 28, 28});
    data.labels = torch::randint(0, 10, {64}, torch::kInt64);
    data.classes = 10;
    SupernetOptions o;
    o.batch = 16;
    o.max_iterations = 4;
    o.bn_batches = 2;
    o.seed = 5;
    net = Supernet(space, o);
    net->fit(data);
    arch::Rng rng(11);
    path = arch::sample_uniform(space, rng);
    net->accuracy(std::span(&path, 1), data, data.slice(0, 16));  // recalibrates the path's BN
  }
};

torch::Tensor exported_logits(const space::Space& space, const arch::Architecture& a, exporting::Weights w,
                              const torch::Tensor& x) {
  torch::jit::Module module = exporting::torchscript_module(graph::build(space, a), std::move(w));
  const torch::NoGradGuard no_grad;
  return module.forward({x}).toTensor();
}

TEST(TrainedNetwork, PathWeightsExportToTheSupernetsLogits) {
  TrainedNetworkFixture f;
  const torch::Tensor x = torch::randn({1, 1, 28, 28});  // exported graphs take batch 1
  const torch::Tensor expected = f.net->logits(f.path, x);
  const torch::Tensor got = exported_logits(f.space, f.path, f.net->path_weights(f.path), x);
  ASSERT_EQ(got.sizes(), expected.sizes());
  EXPECT_LT((got - expected).abs().max().item<double>(), 1e-4 * expected.abs().max().item<double>());
  // Another path's weights are other weights: the comparison can fail.
  arch::Rng rng(12);
  const arch::Architecture other = arch::sample_uniform(f.space, rng);
  ASSERT_NE(other.units, f.path.units);
  EXPECT_FALSE(torch::allclose(f.net->logits(other, x), expected));
}

TEST(TrainedNetwork, SavedFolderLoadsTheSameWeights) {
  TrainedNetworkFixture f;
  const hwnas::test::TempDir dir("hurricane-trained-network");
  train::write_network_folder(dir.path(), {kNetworkKind, f.space, f.path, kFashionMnistNormalisation, {{"test_accuracy", 12.5}}},
                              *f.net);
  ASSERT_TRUE(train::is_network_folder(dir.path()));
  const TrainedNetwork loaded = load_trained_network(dir.path());
  EXPECT_EQ(loaded.folder.architecture.units, f.path.units);
  EXPECT_EQ(loaded.folder.training["test_accuracy"], 12.5);
  EXPECT_EQ(loaded.folder.input_normalisation.mean, kFashionMnistNormalisation.mean);
  const torch::Tensor x = torch::randn({1, 1, 28, 28});
  EXPECT_TRUE(torch::equal(loaded.net->logits(loaded.folder.architecture, x), f.net->logits(f.path, x)));

  // A folder whose parts are damaged or of another kind: one line naming the file.
  const std::string info = hwnas::test::read_bytes((dir / "network.json").string());
  auto with = [&](const std::string& from, const std::string& to) {
    std::string changed = info;
    changed.replace(changed.find(from), from.size(), to);
    hwnas::test::write_bytes((dir / "network.json").string(), changed);
  };
  with("\"kind\": \"hurricane\"", "\"kind\": \"s3nas\"");
  EXPECT_NE(input_error_of([&] { load_trained_network(dir.path()); }).find("network.json: a s3nas network, not hurricane"),
            std::string::npos);
  with("\"architecture\": \"", "\"architecture\": \"x");
  EXPECT_NE(input_error_of([&] { load_trained_network(dir.path()); }).find("network.json: architecture"),
            std::string::npos);
  with("hwnas-network/1", "something-else");
  EXPECT_NE(input_error_of([&] { load_trained_network(dir.path()); }).find("not a trained network"), std::string::npos);
  std::filesystem::remove(dir / "network.json");
  EXPECT_FALSE(train::is_network_folder(dir.path()));
}

}  // namespace
}  // namespace hwnas::hurricane
