// Random architectures of every shipped space: the ONNX export passes the checker, every engine
// agrees with the reference, and the TorchScript module has the cost model's parameter count.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::engine {
namespace {

// Small resolutions keep the suite fast; the ops and channel counts are those of the full nets.
graph::Graph random_net(const space::Space& space, arch::Rng& rng, std::string& text) {
  const int resolution = *std::min_element(space.resolutions.begin(), space.resolutions.end());
  const auto architecture = arch::sample_uniform(space, rng, resolution);
  text = space.name + " " + arch::to_canonical(space, architecture);
  return graph::build(space, architecture);
}

double relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double diff = 0, scale = 1;
  for (std::size_t i = 0; i < b.size(); ++i) {
    diff = std::max(diff, double{std::abs(a[i] - b[i])});
    scale = std::max(scale, double{std::abs(b[i])});
  }
  return diff / scale;
}

TEST(SpacesEngines, RandomArchitecturesExportAndAgree) {
  arch::Rng rng(2024);
  for (const auto& name : space::list_spaces()) {
    const auto space = space::load_space(name);
    for (int sample = 0; sample < 2; ++sample) {
      std::string text;
      const auto graph = random_net(space, rng, text);
      SCOPED_TRACE(text);
      const auto weights = exporting::random_weights(graph, 100 + sample);
      EXPECT_EQ(exporting::check_onnx(exporting::export_onnx(graph, weights)), "");
      const auto input = exporting::random_input(graph, 1);
      const auto reference = make_engine("torch", 1);
      reference->build(graph, weights);
      const auto expected = reference->infer(input);
      EXPECT_EQ(expected.size(), static_cast<std::size_t>(space.num_classes));
      for (const auto* engine_name : {"torchscript", "mobile", "opencv"}) {
        SCOPED_TRACE(engine_name);
        const auto engine = make_engine(engine_name, 1);
        engine->build(graph, weights);
        EXPECT_LT(relative_difference(engine->infer(input), expected), 1e-3);
      }
    }
  }
}

TEST(SpacesEngines, TorchScriptParameterCountEqualsCostModel) {
  arch::Rng rng(7);
  for (const auto& name : space::list_spaces()) {
    const auto space = space::load_space(name);
    std::string text;
    const auto graph = random_net(space, rng, text);
    SCOPED_TRACE(text);
    const auto module = exporting::torchscript_module(graph, exporting::random_weights(graph, 1));
    std::int64_t count = 0;
    for (const auto& p : module.parameters()) count += p.numel();
    EXPECT_EQ(count, cost::count(graph).total.params);
  }
}

}  // namespace
}  // namespace hwnas::engine
