#include "hwnas/export/onnx_export.hpp"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <exception>
#include <string_view>
#include <utility>

#include "hwnas/common/error.hpp"
#include "hwnas/export/batch_norm_folding.hpp"

namespace hwnas::exporting {
namespace {

using graph::Activation;
using graph::OpKind;

// Builds the GraphProto: one or a few nodes per IR op, tensors named t<op index>.
class OnnxWriter {
 public:
  OnnxWriter(const graph::Graph& graph, const Weights& weights, int opset, onnx::GraphProto& proto)
      : graph_(graph), weights_(weights), opset_(opset), proto_(proto) {}

  void write() {
    for (std::size_t idx = 1; idx < graph_.ops.size(); ++idx) write_op(static_cast<int>(idx));
  }

 private:
  std::string tensor(int idx) const {
    if (idx == 0) return "input";
    if (idx == graph_.output) return "logits";
    return "t" + std::to_string(idx);
  }

  std::string node_name(int idx, std::string_view part = {}) const {
    const auto& op = graph_.op(idx);
    std::string name = op.layer >= 0 ? graph_.layers[static_cast<std::size_t>(op.layer)].name + "/"
                                     : std::string();
    name += std::string(to_string(op.kind)) + std::to_string(idx);
    if (!part.empty()) name += "/" + std::string(part);
    return name;
  }

  onnx::NodeProto& node(std::string_view type, std::vector<std::string> inputs, std::string output,
                        std::string name) {
    auto* n = proto_.add_node();
    n->set_op_type(std::string(type));
    n->set_name(std::move(name));
    for (auto& in : inputs) n->add_input(std::move(in));
    n->add_output(std::move(output));
    return *n;
  }

  static void attr(onnx::NodeProto& n, const char* name, std::int64_t value) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
  }
  static void attr(onnx::NodeProto& n, const char* name, float value) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
  }
  static void attr(onnx::NodeProto& n, const char* name, const std::vector<std::int64_t>& values) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (auto v : values) a->add_ints(v);
  }

  std::string float_initializer(std::string name, const Tensor& tensor) {
    auto* init = proto_.add_initializer();
    init->set_name(name);
    init->set_data_type(onnx::TensorProto::FLOAT);
    for (auto d : tensor.shape) init->add_dims(d);
    init->set_raw_data(tensor.values.data(), tensor.values.size() * sizeof(float));
    return name;
  }
  std::string int_initializer(std::string name, const std::vector<std::int64_t>& values) {
    auto* init = proto_.add_initializer();
    init->set_name(name);
    init->set_data_type(onnx::TensorProto::INT64);
    init->add_dims(static_cast<std::int64_t>(values.size()));
    for (auto v : values) init->add_int64_data(v);
    return name;
  }
  std::string param(int idx, const char* name) {
    return float_initializer("p" + std::to_string(idx) + "." + name, weights_.at(idx, name));
  }

  void write_activation(int idx, const std::string& x, const std::string& y) {
    const auto act = graph_.op(idx).act;
    switch (act) {
      case Activation::relu: node("Relu", {x}, y, node_name(idx)); return;
      case Activation::sigmoid: node("Sigmoid", {x}, y, node_name(idx)); return;
      case Activation::relu6: {
        if (opset_ < 11) {  // Clip-6 takes its bounds as attributes
          auto& n = node("Clip", {x}, y, node_name(idx));
          attr(n, "min", 0.0F);
          attr(n, "max", 6.0F);
          return;
        }
        const auto lo = float_initializer("c" + std::to_string(idx) + ".min", Tensor{{}, {0.0F}});
        const auto hi = float_initializer("c" + std::to_string(idx) + ".max", Tensor{{}, {6.0F}});
        node("Clip", {x, lo, hi}, y, node_name(idx));
        return;
      }
      case Activation::h_sigmoid: {
        auto& n = node("HardSigmoid", {x}, y, node_name(idx));
        attr(n, "alpha", 1.0F / 6.0F);
        attr(n, "beta", 0.5F);
        return;
      }
      case Activation::h_swish: {
        if (opset_ >= 14) {
          node("HardSwish", {x}, y, node_name(idx));
          return;
        }
        const std::string gate = tensor(idx) + ".gate";
        auto& n = node("HardSigmoid", {x}, gate, node_name(idx, "gate"));
        attr(n, "alpha", 1.0F / 6.0F);
        attr(n, "beta", 0.5F);
        node("Mul", {x, gate}, y, node_name(idx));
        return;
      }
      case Activation::identity: node("Identity", {x}, y, node_name(idx)); return;
    }
  }

  void write_op(int idx) {
    const auto& op = graph_.op(idx);
    const std::string y = tensor(idx);
    std::vector<std::string> ins;
    for (int in : op.inputs) ins.push_back(tensor(in));
    const std::int64_t k = op.kernel, s = op.stride, p = op.pad;
    switch (op.kind) {
      case OpKind::input: return;
      case OpKind::conv: {
        ins.push_back(param(idx, "weight"));
        if (op.bias) ins.push_back(param(idx, "bias"));
        auto& n = node("Conv", ins, y, node_name(idx));
        attr(n, "kernel_shape", {k, k});
        attr(n, "strides", {s, s});
        attr(n, "pads", {p, p, p, p});
        attr(n, "group", std::int64_t{op.groups});
        return;
      }
      case OpKind::batch_norm: {
        for (const char* name : {"weight", "bias", "running_mean", "running_var"}) {
          ins.push_back(param(idx, name));
        }
        attr(node("BatchNormalization", ins, y, node_name(idx)), "epsilon", kBatchNormEps);
        return;
      }
      case OpKind::activation: write_activation(idx, ins.front(), y); return;
      case OpKind::add: node("Add", ins, y, node_name(idx)); return;
      case OpKind::multiply:
        // Scale first: OpenCV 4.6 rewrites any Mul(a, HardSigmoid(b)) into HardSwish as if a == b,
        // which would break SE gates (tests/engine checks OpenCV against the reference).
        node("Mul", {ins[1], ins[0]}, y, node_name(idx));
        return;
      case OpKind::global_avg_pool: node("GlobalAveragePool", ins, y, node_name(idx)); return;
      case OpKind::avg_pool:
      case OpKind::max_pool: {
        const bool avg = op.kind == OpKind::avg_pool;
        auto& n = node(avg ? "AveragePool" : "MaxPool", ins, y, node_name(idx));
        attr(n, "kernel_shape", {k, k});
        attr(n, "strides", {s, s});
        attr(n, "pads", {p, p, p, p});
        attr(n, "ceil_mode", std::int64_t{op.ceil_mode});
        if (avg) attr(n, "count_include_pad", std::int64_t{0});
        return;
      }
      case OpKind::linear: {
        const std::string flat = y + ".flat";
        attr(node("Flatten", ins, flat, node_name(idx, "flatten")), "axis", std::int64_t{1});
        std::vector<std::string> gemm_ins{flat, param(idx, "weight")};
        if (op.bias) {
          gemm_ins.push_back(param(idx, "bias"));
        } else if (opset_ < 11) {  // C became optional in Gemm-11
          const Tensor zeros{{op.out.c}, std::vector<float>(static_cast<std::size_t>(op.out.c))};
          gemm_ins.push_back(float_initializer("c" + std::to_string(idx) + ".zero_bias", zeros));
        }
        attr(node("Gemm", gemm_ins, y, node_name(idx)), "transB", std::int64_t{1});
        return;
      }
      case OpKind::concat:
        attr(node("Concat", ins, y, node_name(idx)), "axis", std::int64_t{1});
        return;
      case OpKind::slice: {
        const std::string base = "c" + std::to_string(idx);
        ins.push_back(int_initializer(base + ".starts", {op.channel_begin}));
        ins.push_back(int_initializer(base + ".ends", {op.channel_begin + op.out.c}));
        ins.push_back(int_initializer(base + ".axes", {1}));
        node("Slice", ins, y, node_name(idx));
        return;
      }
      case OpKind::channel_shuffle: {
        const std::string base = "c" + std::to_string(idx);
        const std::int64_t g = op.groups, c = op.out.c, h = op.out.h, w = op.out.w;
        const auto split = int_initializer(base + ".split", {1, g, c / g, h, w});
        const auto merged = int_initializer(base + ".merged", {1, c, h, w});
        node("Reshape", {ins.front(), split}, y + ".split", node_name(idx, "split"));
        attr(node("Transpose", {y + ".split"}, y + ".swap", node_name(idx, "swap")), "perm",
             {0, 2, 1, 3, 4});
        node("Reshape", {y + ".swap", merged}, y, node_name(idx));
        return;
      }
    }
  }

  const graph::Graph& graph_;
  const Weights& weights_;
  int opset_;
  onnx::GraphProto& proto_;
};

void declare(onnx::ValueInfoProto& info, std::string name, const std::vector<std::int64_t>& dims) {
  info.set_name(std::move(name));
  auto* type = info.mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  for (auto d : dims) type->mutable_shape()->add_dim()->set_dim_value(d);
}

}  // namespace

bool is_flat(const graph::Graph& graph, int idx) {
  const auto& op = graph.op(idx);
  if (op.kind == OpKind::linear) return true;
  return op.kind == OpKind::activation && is_flat(graph, op.inputs.front());
}

std::vector<std::int64_t> output_dims(const graph::Graph& graph) {
  const auto& out = graph.shape(graph.output);
  if (is_flat(graph, graph.output)) return {1, out.c};
  return {1, out.c, out.h, out.w};
}

std::string export_onnx(const graph::Graph& graph, const Weights& weights,
                        const OnnxOptions& options) {
  if (options.opset < 10 || options.opset > 17) {
    throw InputError("onnx export: opset " + std::to_string(options.opset) +
                     " not supported (expected 10..17)");
  }
  check_weights(graph, weights);
  const FoldedNet net = options.fold_batch_norm ? fold_batch_norms(graph, weights)
                                                : FoldedNet{graph, weights};
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("hwnas");
  model.set_producer_version(HWNAS_VERSION);
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(options.opset);
  auto* proto = model.mutable_graph();
  proto->set_name("hwnas");
  const auto& in = net.graph.shape(0);
  declare(*proto->add_input(), "input", {1, in.c, in.h, in.w});
  declare(*proto->add_output(), "logits", output_dims(net.graph));
  OnnxWriter(net.graph, net.weights, options.opset, *proto).write();
  return model.SerializeAsString();
}

std::string check_onnx(const std::string& model_bytes) {
  onnx::ModelProto model;
  if (!model.ParseFromString(model_bytes)) return "not a serialized ONNX ModelProto";
  try {
    onnx::checker::check_model(model);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       onnx::ShapeInferenceOptions(true, 1, false));
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace hwnas::exporting
