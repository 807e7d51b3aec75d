// A MixConv network trained in the supernet leaves it as the graph's weights: the TorchScript
// export of network_weights computes the supernet's logits under the architecture's fixed gates —
// merged same-kernel branches, cropped superkernels, SE on the active channels, a skipped layer —
// with random weights and BN statistics; the trained-network folder round-trips.
#include <gtest/gtest.h>

#include <torch/script.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/s3nas/network_weights.hpp"
#include "hwnas/s3nas/se_variants.hpp"
#include "hwnas/s3nas/train_fixed.hpp"
#include "hwnas/s3nas/trained_network.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::s3nas {
namespace {

// Every parameter and BN statistic drawn at random, so that a wrong channel, crop or order shows.
void randomise(MixConvSupernetImpl& net) {
  torch::NoGradGuard no_grad;
  for (auto& p : net.named_parameters()) {
    if (p.key().find("threshold") != std::string::npos) continue;
    p.value().normal_(0, p.value().dim() > 1 ? 0.3 : 0.2);
  }
  for (auto& b : net.named_buffers()) {
    if (b.key().find("running_mean") != std::string::npos) b.value().normal_(0, 0.2);
    if (b.key().find("running_var") != std::string::npos) b.value().uniform_(0.5, 1.5);
  }
}

double relative_difference(const space::Space& space, MixConvSupernetImpl& net, const arch::Architecture& a) {
  const torch::Tensor x = torch::randn({1, space.input_channels, a.resolution, a.resolution});
  net.eval();
  torch::Tensor expected;
  {
    torch::NoGradGuard no_grad;
    expected = net.forward(x, architecture_gates(net, a), architecture_se(net, a));
  }
  torch::jit::Module module = exporting::torchscript_module(graph::build(space, a), network_weights(net, a));
  const torch::Tensor got = module.forward({x}).toTensor();
  EXPECT_EQ(got.sizes(), expected.sizes());
  return (got - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}

TEST(NetworkWeights, ExportComputesTheSupernetsLogits) {
  const space::Space space = space::load_space("s3nas-fmnist");
  torch::manual_seed(7);
  MixConvSupernet net(space);
  randomise(*net);
  // k5-k5-x merges two branches into one depthwise conv; k3-x-k7 crops two sizes; unit 5 has 2 of
  // its layers, so its others are skipped.
  for (const char* text : {"r28|k3-x-x|k5-k5-x|k3-x-x|k3-x-k7|k5-k5-k7,k3-x-x",
                           "r28|k5-x-x,k3-k5-k7|k3-k5-x,k5-x-k7|x-k5-k5|k3-k3-k3,x-x-k7|k3-k3-k7,k5-x-x,x-k3-x"}) {
    SCOPED_TRACE(text);
    EXPECT_LT(relative_difference(space, *net, arch::parse_canonical(space, text)), 1e-4);
  }
}

TEST(NetworkWeights, SeOnTheActiveChannelsExportsToo) {
  const space::Space base = space::load_space("s3nas-fmnist");
  const SeNetwork se = add_se(base, arch::parse_canonical(base, "r28|k3-x-x|k5-k5-x|k3-x-x|k3-x-k7|k5-k5-k7,k3-x-x"));
  torch::manual_seed(8);
  MixConvSupernet net(se.space);
  randomise(*net);
  EXPECT_LT(relative_difference(se.space, *net, se.architecture), 1e-4);
  // SE removed from two layers: the others keep theirs.
  EXPECT_LT(relative_difference(se.space, *net, without_se_at(se.space, se.architecture, {{1, 0}, {4, 1}})), 1e-4);
}

TEST(NetworkWeights, TrainedFolderRoundTrips) {
  const space::Space space = space::load_space("s3nas-fmnist");
  const arch::Architecture a = arch::parse_canonical(space, "r28|k3-x-x|k5-k5-x|k3-x-x|k3-x-k7|k5-k5-k7,k3-x-x");
  torch::manual_seed(9);
  MixConvSupernet net(space);
  randomise(*net);
  const hwnas::test::TempDir dir("s3nas-trained-network");
  train::write_network_folder(dir.path(), {kNetworkKind, space, a, {{0.28}, {0.35}}, {{"test_accuracy", 0.8}}}, *net);
  const TrainedNetwork loaded = load_trained_network(dir.path());
  EXPECT_EQ(loaded.folder.architecture, a);
  EXPECT_EQ(loaded.folder.input_normalisation.std, std::vector<double>{0.35});
  const auto before = network_weights(*net, a);
  const auto after = network_weights(*loaded.net, loaded.folder.architecture);
  ASSERT_EQ(before.ops.size(), after.ops.size());
  for (std::size_t i = 0; i < before.ops.size(); ++i)
    for (const auto& [name, tensor] : before.ops[i]) EXPECT_EQ(after.at(static_cast<int>(i), name).values, tensor.values);
}

}  // namespace
}  // namespace hwnas::s3nas
