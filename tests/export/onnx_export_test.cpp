#include "hwnas/export/onnx_export.hpp"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <set>

#include "hwnas/common/error.hpp"
#include "hwnas/export/batch_norm_folding.hpp"
#include "test_graphs.hpp"

namespace hwnas::exporting {
namespace {

onnx::ModelProto parse(const std::string& bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes));
  return model;
}

std::vector<std::int64_t> dims(const onnx::ValueInfoProto& info) {
  std::vector<std::int64_t> out;
  for (const auto& d : info.type().tensor_type().shape().dim()) out.push_back(d.dim_value());
  return out;
}

std::multiset<std::string> op_types(const onnx::ModelProto& model) {
  std::multiset<std::string> types;
  for (const auto& node : model.graph().node()) types.insert(node.op_type());
  return types;
}

TEST(OnnxExport, EveryTestGraphPassesTheChecker) {
  for (const auto& [name, graph] : testing::test_graphs()) {
    for (int opset : {10, 13, 14, 17}) {
      for (bool fold : {true, false}) {
        SCOPED_TRACE(name + " opset " + std::to_string(opset) + (fold ? " folded" : ""));
        const auto bytes = export_onnx(graph, random_weights(graph, 1), {opset, fold});
        EXPECT_EQ(check_onnx(bytes), "");
      }
    }
  }
}

TEST(OnnxExport, NamedInputAndLogitsOutput) {
  const auto graph = testing::mbconv_graph();
  const auto model = parse(export_onnx(graph, random_weights(graph, 1)));
  ASSERT_EQ(model.graph().input_size(), 1);
  EXPECT_EQ(model.graph().input(0).name(), "input");
  EXPECT_EQ(dims(model.graph().input(0)), (std::vector<std::int64_t>{1, 3, 30, 30}));
  ASSERT_EQ(model.graph().output_size(), 1);
  EXPECT_EQ(model.graph().output(0).name(), "logits");
  EXPECT_EQ(dims(model.graph().output(0)), (std::vector<std::int64_t>{1, 10}));
  EXPECT_EQ(model.opset_import(0).version(), 13);
}

TEST(OnnxExport, FeatureMapOutputStaysFourDimensional) {
  const auto graph = testing::feature_map_graph();
  const auto model = parse(export_onnx(graph, random_weights(graph, 1)));
  EXPECT_EQ(dims(model.graph().output(0)), (std::vector<std::int64_t>{1, 6, 5, 5}));
  EXPECT_EQ(op_types(model).count("Clip"), 1U);
}

TEST(OnnxExport, FoldsEveryBatchNormThatFollowsAConv) {
  const auto graph = testing::mbconv_graph();
  const auto types = op_types(parse(export_onnx(graph, random_weights(graph, 1))));
  EXPECT_EQ(types.count("BatchNormalization"), 0U);
  EXPECT_EQ(types.count("Conv"), 7U);
  // h_swish at opset 13 is x · HardSigmoid(x); the SE gate is one more HardSigmoid.
  EXPECT_EQ(types.count("HardSigmoid"), 3U);
  EXPECT_EQ(types.count("Gemm"), 1U);
}

TEST(OnnxExport, HardSwishFromOpset14) {
  const auto graph = testing::mbconv_graph();
  const auto types = op_types(parse(export_onnx(graph, random_weights(graph, 1), {14, true})));
  EXPECT_EQ(types.count("HardSwish"), 2U);
  EXPECT_EQ(types.count("HardSigmoid"), 1U);
}

TEST(OnnxExport, KeepsBatchNormsThatCannotFold) {
  const auto graph = testing::shuffle_graph();
  const auto types = op_types(parse(export_onnx(graph, random_weights(graph, 1))));
  // After the concat, and after a conv whose output also feeds the add.
  EXPECT_EQ(types.count("BatchNormalization"), 2U);
  EXPECT_EQ(types.count("Slice"), 2U);
  EXPECT_EQ(types.count("Transpose"), 1U);
  EXPECT_EQ(types.count("Concat"), 1U);
}

TEST(OnnxExport, RejectsUnsupportedOpset) {
  const auto graph = testing::mbconv_graph();
  EXPECT_THROW(export_onnx(graph, random_weights(graph, 1), {9, true}), InputError);
  EXPECT_THROW(export_onnx(graph, random_weights(graph, 1), {18, true}), InputError);
}

TEST(OnnxExport, CheckerReportsGarbageAndBrokenModels) {
  EXPECT_NE(check_onnx("not a model"), "");
  const auto graph = testing::mbconv_graph();
  auto model = parse(export_onnx(graph, random_weights(graph, 1)));
  model.mutable_graph()->mutable_node(0)->set_input(0, "no_such_tensor");
  EXPECT_NE(check_onnx(model.SerializeAsString()), "");
}

TEST(BatchNormFolding, RenumbersInputsAndOutput) {
  const auto graph = testing::mbconv_graph();
  const auto folded = fold_batch_norms(graph, random_weights(graph, 1));
  EXPECT_EQ(folded.graph.ops.size(), graph.ops.size() - 5);
  EXPECT_EQ(folded.graph.output, static_cast<int>(folded.graph.ops.size()) - 1);
  for (std::size_t idx = 0; idx < folded.graph.ops.size(); ++idx) {
    const auto& op = folded.graph.ops[idx];
    for (int in : op.inputs) EXPECT_LT(in, static_cast<int>(idx));
    EXPECT_NE(op.kind, graph::OpKind::batch_norm);
    if (op.kind == graph::OpKind::conv) EXPECT_TRUE(op.bias) << "conv " << idx;
  }
  EXPECT_NO_THROW(check_weights(folded.graph, folded.weights));
}

}  // namespace
}  // namespace hwnas::exporting
