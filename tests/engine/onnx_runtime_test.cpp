// Exported models of random architectures from every space run in an independent ONNX runtime
// (ONNX Runtime for node, scripts/ort_bench.mjs, installed by scripts/install-deps.sh) with the
// expected output shape and finite outputs (no gate or activation overflows on seeded weights).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/test_paths.hpp"
#include "support/temp_dir.hpp"

namespace hwnas {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = hwnas::test::source_dir();

std::string run(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  pclose(pipe);
  return output;
}

TEST(OnnxRuntime, RandomArchitecturesOfEverySpaceRunWithFiniteOutputsOfTheExpectedShape) {
  ASSERT_TRUE(fs::exists(kSource / "build-deps" / "ort" / "node_modules" / "onnxruntime-node"))
      << "ONNX Runtime for node is missing: run scripts/install-deps.sh";
  const fs::path model = hwnas::test::process_temp_dir().path() / "hwnas_ort_test.onnx";
  arch::Rng rng(31);
  for (const auto& name : space::list_spaces()) {
    const auto space = space::load_space(name);
    for (int draw = 0; draw < 2; ++draw) {
      const auto architecture = arch::sample_uniform(space, rng);
      const auto graph = graph::build(space, architecture);
      SCOPED_TRACE(name + " " + arch::to_canonical(space, architecture));
      const auto bytes = exporting::export_onnx(graph, exporting::random_weights(graph, 3));
      ASSERT_EQ(exporting::check_onnx(bytes), "");
      std::ofstream(model, std::ios::binary) << bytes;
      const auto& in = graph.shape(0);
      const std::string output =
          run("node " + (kSource / "scripts" / "ort_bench.mjs").string() + " " + model.string() +
              " 1x" + std::to_string(in.c) + "x" + std::to_string(in.h) + "x" + std::to_string(in.w) +
              " 1 1 0");
      const auto json = nlohmann::json::parse(output, nullptr, false);
      ASSERT_TRUE(json.is_object()) << output;
      EXPECT_EQ(json["output_name"], "logits");
      EXPECT_EQ(json["output_dims"], nlohmann::json::array({1, space.num_classes}));
      EXPECT_EQ(json["output_finite"], true);
    }
  }
  fs::remove(model);
}

}  // namespace
}  // namespace hwnas
