// Every engine computes the same function as the plain reference (LibTorch eager, BN unfolded).
#include "hwnas/engine/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "hwnas/common/error.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "../export/test_graphs.hpp"

namespace hwnas::engine {
namespace {

const std::vector<std::string> kComputingEngines = {"torchscript", "mobile", "opencv"};

// Largest |a − b| relative to the reference's largest magnitude (at least 1).
double relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double diff = 0, scale = 1;
  for (std::size_t i = 0; i < b.size(); ++i) {
    diff = std::max(diff, double{std::abs(a[i] - b[i])});
    scale = std::max(scale, double{std::abs(b[i])});
  }
  return diff / scale;
}

std::vector<float> reference_output(const graph::Graph& graph, const exporting::Weights& weights,
                                    const std::vector<float>& input) {
  const auto engine = make_engine("torch", 1);
  engine->build(graph, weights);
  return engine->infer(input);
}

TEST(Engines, AllComputeTheReferenceFunctionOnEveryOpKind) {
  for (const auto& [graph_name, graph] : testing::test_graphs()) {
    const auto weights = exporting::random_weights(graph, 11);
    const auto input = exporting::random_input(graph, 5);
    const auto expected = reference_output(graph, weights, input);
    std::int64_t elements = 1;
    for (auto d : exporting::output_dims(graph)) elements *= d;
    ASSERT_EQ(static_cast<std::int64_t>(expected.size()), elements);
    for (const auto& engine_name : kComputingEngines) {
      SCOPED_TRACE(engine_name + " on " + graph_name);
      const auto engine = make_engine(engine_name, 1);
      engine->build(graph, weights);
      const auto actual = engine->infer(input);
      ASSERT_EQ(actual.size(), expected.size());
      EXPECT_LT(relative_difference(actual, expected), 1e-4);
    }
  }
}

TEST(Engines, OutputsAreNotTrivial) {
  // Guards the comparison above: sane weights give varied, finite logits.
  const auto graph = testing::mbconv_graph();
  const auto out = reference_output(graph, exporting::random_weights(graph, 11),
                                    exporting::random_input(graph, 5));
  const auto [lo, hi] = std::minmax_element(out.begin(), out.end());
  EXPECT_TRUE(std::isfinite(*lo) && std::isfinite(*hi));
  EXPECT_GT(*hi - *lo, 1e-3);
}

TEST(Engines, RunTimesAPass) {
  const auto graph = testing::shuffle_graph();
  const auto weights = exporting::random_weights(graph, 1);
  for (const auto& name : {"torchscript", "mobile", "opencv", "torch"}) {
    SCOPED_TRACE(name);
    const auto engine = make_engine(name, 2);
    engine->build(graph, weights);
    const auto result = engine->run();
    EXPECT_TRUE(result.ok()) << result.error;
    EXPECT_GT(result.seconds, 0.0);
    EXPECT_LT(result.seconds, 10.0);
    EXPECT_EQ(engine->name(), name);
    EXPECT_EQ(engine->threads(), 2);
  }
}

TEST(Engines, VersionsNameTheRuntime) {
  EXPECT_EQ(make_engine("torchscript", 1)->version().rfind("libtorch 1.", 0), 0U);
  EXPECT_NE(make_engine("torchscript", 1)->version().find(" (onednn 2."), std::string::npos);
  EXPECT_NE(make_engine("torchscript", 1)->version().find(", interpreter)"), std::string::npos);
  EXPECT_NE(make_engine("mobile", 1)->version().find("xnnpack"), std::string::npos);
  EXPECT_EQ(make_engine("opencv", 1)->version().rfind("opencv 4.", 0), 0U);
  EXPECT_EQ(make_engine("torch", 1)->version().rfind("libtorch 1.", 0), 0U);
}

TEST(Engines, UnknownNameListsTheValidOnes) {
  try {
    make_engine("tflite", 1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string message = e.what();
    for (const auto& spec : engine_specs()) {
      EXPECT_NE(message.find(spec), std::string::npos) << message;
    }
    EXPECT_NE(message.find("tflite"), std::string::npos) << message;
  }
}

TEST(Engines, RejectsNonPositiveThreads) {
  EXPECT_THROW(make_engine("torchscript", 0), InputError);
}

}  // namespace
}  // namespace hwnas::engine
