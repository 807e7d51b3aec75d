// Import of OFA supernet checkpoints (a checkpoint in OFA's state_dict layout written by
// tests/reference/ofa_supernet.py with python3-torch): every tensor lands where OFA's
// get_active_subnet() takes it from, the kernel transformation and BN eps survive extraction to a
// standalone network, and malformed checkpoints are errors naming the key.
// The end-to-end logits check against OFA's definitions is tests/reference/ofa_supernet.py.
#include <gtest/gtest.h>

#include <cstdlib>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/ofa_import.hpp"
#include "hwnas/train/state_dict_file.hpp"
#include "support/test_paths.hpp"
#include "support/input_error.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

using hwnas::test::input_error_of;

namespace fs = std::filesystem;

std::map<std::string, torch::Tensor> python_checkpoint(const std::string& space, const fs::path& file) {
  const std::string cmd = "/usr/bin/python3 " + hwnas::test::source_dir() +
                          "/tests/reference/ofa_supernet.py --write-checkpoint " + space + " " + file.string();
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return read_state_dict(file);
}

TEST(OfaLayout, FollowsTheSpacesShape) {
  EXPECT_EQ(ofa_layout(space::load_space("ofa-mbv3")).network, "OFAMobileNetV3");
  EXPECT_EQ(ofa_layout(space::load_space("ofa-mbv3")).bn_eps, 1e-5);
  EXPECT_EQ(ofa_layout(space::load_space("proxyless")).network, "OFAProxylessNASNets");
  EXPECT_EQ(ofa_layout(space::load_space("proxyless")).bn_eps, 1e-3);
  EXPECT_EQ(ofa_layout(space::load_space("resnet50")).network, "OFAResNets");
  EXPECT_EQ(ofa_layout(space::load_space("resnet50")).bn_eps, 1e-5);
  EXPECT_NE(input_error_of([] { ofa_layout(space::load_space("spos")); }).find("spos"), std::string::npos);
}

// OFAResNets: the stem's dynamic conv layers (conv.conv, bn.bn), the residual stem block, each
// bottleneck's conv1-3 and downsample (only where OFA has one), the dynamic classifier; and the
// shorter key forms OFA's load_state_dict accepts read as the same tensors.
TEST(OfaImport, ResNetTensorsLandWhereOfaTakesThem) {
  const auto file = hwnas::test::process_temp_dir().path() / "hwnas_ofa_import_resnet50.pth";
  const auto state = python_checkpoint("resnet50", file);
  const space::Space space = space::load_space("resnet50");
  Supernet net = supernet_from_ofa(space, state, file.string());
  const auto params = net->named_parameters();
  const auto buffers = net->named_buffers();
  EXPECT_TRUE(params["stem0.weight"].equal(state.at("input_stem.0.conv.conv.weight")));
  EXPECT_TRUE(params["stem1.weight"].equal(state.at("input_stem.1.conv.conv.conv.weight")));
  EXPECT_TRUE(buffers["stem2.bn.running_mean"].equal(state.at("input_stem.2.bn.bn.running_mean")));
  EXPECT_TRUE(params["u1_l1.shortcut_weight"].equal(state.at("blocks.0.downsample.conv.conv.weight")));
  EXPECT_EQ(params.find("u1_l2.shortcut_weight"), nullptr);  // OFA's IdentityLayer
  EXPECT_TRUE(buffers["u3_l6.conv2_bn.running_var"].equal(state.at("blocks.13.conv2.bn.bn.running_var")));
  EXPECT_TRUE(params["u4_l1.shortcut_bn.weight"].equal(state.at("blocks.14.downsample.bn.bn.weight")));
  EXPECT_TRUE(params["head1.weight"].equal(state.at("classifier.linear.linear.weight")));

  std::map<std::string, torch::Tensor> short_names;
  for (const auto& [key, tensor] : state) {
    std::string k = key;
    for (const auto& [from, to] : {std::pair<std::string, std::string>{".bn.bn.", ".bn."}, {".conv.conv.weight", ".conv.weight"},
                                   {".linear.linear.", ".linear."}}) {
      for (auto at = k.find(from); at != std::string::npos; at = k.find(from, at + to.size())) k.replace(at, from.size(), to);
    }
    short_names[k] = tensor;
  }
  ASSERT_TRUE(short_names.contains("input_stem.1.conv.conv.weight"));
  Supernet renamed = supernet_from_ofa(space, short_names, "short");
  const auto renamed_params = renamed->named_parameters();
  for (const auto& item : params) EXPECT_TRUE(item.value().equal(renamed_params[item.key()])) << item.key();
}

TEST(OfaImport, TensorsLandWhereOfaTakesThem) {
  const auto file = hwnas::test::process_temp_dir().path() / "hwnas_ofa_import_mbv3.pth";
  const auto state = python_checkpoint("ofa-mbv3", file);
  const space::Space space = space::load_space("ofa-mbv3");
  Supernet net = supernet_from_ofa(space, state, file.string());
  const auto params = net->named_parameters();
  const auto buffers = net->named_buffers();
  EXPECT_TRUE(params["stem0.weight"].equal(state.at("first_conv.conv.weight")));
  EXPECT_TRUE(params["stem1.depthwise_weight"].equal(state.at("blocks.0.conv.depth_conv.conv.weight")));
  EXPECT_TRUE(params["u2_l3.se_reduce_weight"].equal(state.at("blocks.7.conv.depth_conv.se.fc.reduce.weight")));
  EXPECT_TRUE(params["u5_l4.transform_5to3"].equal(state.at("blocks.20.conv.depth_conv.conv.5to3_matrix")));
  EXPECT_TRUE(buffers["u3_l1.project_bn.running_var"].equal(state.at("blocks.9.conv.point_linear.bn.bn.running_var")));
  EXPECT_TRUE(params["head2.weight"].equal(state.at("feature_mix_layer.conv.weight")));
  EXPECT_TRUE(params["head3.bias"].equal(state.at("classifier.linear.bias")));

  // A 3×3 kernel is the 7×7 kernel's centre through both matrices (F.linear: x · Mᵀ).
  const arch::Architecture a = arch::from_ofa_dict(
      space, {{"ks", std::vector<int>(20, 3)}, {"e", std::vector<int>(20, 4)}, {"d", {2, 2, 2, 2, 2}}, {"r", 128}});
  const graph::Graph graph = graph::build(space, a);
  const exporting::Weights weights = net->extract_weights(a);
  const torch::Tensor big = state.at("blocks.1.conv.depth_conv.conv.conv.weight").narrow(0, 0, 96);
  const torch::Tensor k5 = torch::matmul(big.narrow(2, 1, 5).narrow(3, 1, 5).reshape({96, 25}),
                                         state.at("blocks.1.conv.depth_conv.conv.7to5_matrix").t())
                               .reshape({96, 1, 5, 5});
  const torch::Tensor k3 = torch::matmul(k5.narrow(2, 1, 3).narrow(3, 1, 3).reshape({96, 9}),
                                         state.at("blocks.1.conv.depth_conv.conv.5to3_matrix").t());
  bool found = false;
  for (std::size_t i = 0; i < graph.ops.size() && !found; ++i) {
    const graph::Op& op = graph.ops[i];
    if (op.layer >= 0 && graph.layers[static_cast<std::size_t>(op.layer)].name == "u1.l1" &&
        op.kind == graph::OpKind::conv && op.kernel == 3) {
      const auto& w = weights.ops[i].at("weight");
      ASSERT_EQ(w.shape, (std::vector<std::int64_t>{96, 1, 3, 3}));
      EXPECT_TRUE(torch::allclose(torch::tensor(w.values).reshape({96, 9}), k3, 1e-5, 1e-6));
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(OfaImport, MalformedCheckpointsNameTheKey) {
  const auto file = hwnas::test::process_temp_dir().path() / "hwnas_ofa_import_errors.pth";
  const auto good = python_checkpoint("proxyless", file);
  const space::Space space = space::load_space("proxyless");
  auto missing = good;
  missing.erase("blocks.5.conv.depth_conv.conv.7to5_matrix");
  EXPECT_NE(input_error_of([&] { supernet_from_ofa(space, missing, "ck"); }).find("blocks.5.conv.depth_conv.conv.7to5_matrix"),
            std::string::npos);
  auto reshaped = good;
  reshaped["feature_mix_layer.bn.weight"] = torch::ones({8});
  EXPECT_NE(input_error_of([&] { supernet_from_ofa(space, reshaped, "ck"); }).find("feature_mix_layer.bn.weight' has shape 8"),
            std::string::npos);
  auto extra = good;
  extra["blocks.22.conv.point_linear.conv.conv.weight"] = torch::ones({1});
  EXPECT_NE(input_error_of([&] { supernet_from_ofa(space, extra, "ck"); }).find("blocks.22"), std::string::npos);
  // A ProxylessNAS checkpoint is not an OFA-MobileNetV3 one.
  EXPECT_NE(input_error_of([&] { supernet_from_ofa(space::load_space("ofa-mbv3"), good, "ck"); }).find("ck: "),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { read_state_dict(file.string() + ".missing"); }).find(".missing"), std::string::npos);
}

TEST(OfaImport, WritesASupernetFolderThatLoadsAndExtracts) {
  const auto file = hwnas::test::process_temp_dir().path() / "hwnas_ofa_import_folder.pth";
  python_checkpoint("proxyless", file);
  const auto dir = hwnas::test::process_temp_dir().path() / "hwnas_ofa_import_folder";
  fs::remove_all(dir);
  const space::Space space = space::load_space("proxyless");
  const SupernetInfo info = import_ofa_checkpoint(file, space, dir, "");
  EXPECT_EQ(info.id, "hwnas_ofa_import_folder");
  EXPECT_THROW(import_ofa_checkpoint(file, space, dir, ""), InputError);  // refuses to overwrite
  LoadedSupernet loaded = load_supernet(dir);
  EXPECT_TRUE(loaded.info.network.kernel_transform());
  EXPECT_EQ(loaded.info.network.bn_eps(), 1e-3);
  EXPECT_EQ(loaded.info.normalisation.mean, (std::vector<double>{0.485, 0.456, 0.406}));
  // The stored weights are the imported ones: the same subnet extracts to the same tensors.
  const Supernet direct = supernet_from_ofa(space, read_state_dict(file), file.string());
  arch::Rng rng(4);
  const arch::Architecture a = arch::sample_uniform(space, rng);
  const auto from_folder = loaded.net->extract_weights(a);
  const auto from_file = direct->extract_weights(a);
  for (std::size_t i = 0; i < from_file.ops.size(); ++i) {
    for (const auto& [name, tensor] : from_file.ops[i]) EXPECT_EQ(from_folder.ops[i].at(name).values, tensor.values);
  }
}

// With kernel transformation and a BN eps other than the IR's, a subnet extracted to the IR and
// run by the torch engine (an independent op-by-op implementation) still gives the supernet's outputs.
class TransformedSubnet : public ::testing::TestWithParam<std::string> {};

TEST_P(TransformedSubnet, MatchesSupernetOutputs) {
  const space::Space space = space::load_space(GetParam());
  Supernet net(space, SupernetOptions().kernel_transform(true).bn_eps(1e-3));
  torch::manual_seed(8);
  {
    torch::NoGradGuard no_grad;
    for (auto& item : net->named_parameters()) {
      if (item.key().find("transform_") != std::string::npos) item.value().add_(0.1 * torch::randn_like(item.value()));
    }
    for (auto& module : net->modules(false)) {
      if (auto* bn = module->as<ElasticBatchNormImpl>()) {
        bn->weight.uniform_(0.5, 1.5);
        bn->bias.normal_(0, 0.2);
        bn->running_mean.normal_(0, 0.2);
        bn->running_var.uniform_(0.5, 2.0);  // eps 1e-3 shifts each BN by ~0.05 %: visible at 1e-4
      }
    }
  }
  net->eval();
  arch::Rng rng(12);
  std::vector<arch::Architecture> archs{net->largest(), net->smallest()};
  for (int i = 0; i < 3; ++i) archs.push_back(arch::sample_uniform(space, rng));
  const auto engine = engine::make_engine("torch", 1);
  for (const auto& a : archs) {
    const graph::Graph graph = graph::build(space, a);
    const std::vector<float> input = exporting::random_input(graph, 5);
    const torch::Tensor x =
        torch::from_blob(const_cast<float*>(input.data()), {1, space.input_channels, a.resolution, a.resolution}).clone();
    torch::Tensor expected;
    {
      torch::NoGradGuard no_grad;
      expected = net->forward(x, a).contiguous();
    }
    engine->build(graph, net->extract_weights(a));
    const torch::Tensor got = torch::tensor(engine->infer(input)).reshape(expected.sizes());
    const double error = (got - expected).abs().max().item<double>() / expected.abs().max().item<double>();
    EXPECT_LT(error, 1e-4) << arch::to_canonical(space, a);
  }
}

INSTANTIATE_TEST_SUITE_P(Spaces, TransformedSubnet, ::testing::Values("ofa-mbv3-fmnist", "proxyless-fmnist"));

}  // namespace
}  // namespace hwnas::train
