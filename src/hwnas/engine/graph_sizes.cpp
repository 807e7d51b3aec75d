#include "hwnas/engine/graph_sizes.hpp"

#include <cctype>
#include <string>

namespace hwnas::engine {
namespace {

// i for "x{i}" or "x{i}.{n}" (the TorchScript frontend's suffix for a variable's version).
std::optional<std::size_t> ir_index(const std::string& name) {
  if (name.size() < 2 || name[0] != 'x') return std::nullopt;
  std::size_t end = 1;
  while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
  if (end == 1) return std::nullopt;
  if (end < name.size()) {
    if (name[end] != '.' || end + 1 == name.size()) return std::nullopt;
    for (std::size_t i = end + 1; i < name.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(name[i]))) return std::nullopt;
    }
  }
  return std::stoul(name.substr(1, end - 1));
}

// Torch sizes of every IR op's result: flatten + linear makes N × C, and the elementwise ops
// after it keep that rank; everything else is N × C × H × W.
std::vector<Sizes> ir_sizes(const graph::Graph& ir) {
  std::vector<Sizes> sizes(ir.ops.size());
  for (std::size_t idx = 0; idx < ir.ops.size(); ++idx) {
    const auto& op = ir.ops[idx];
    const bool flat =
        op.kind == graph::OpKind::linear ||
        ((op.kind == graph::OpKind::activation || op.kind == graph::OpKind::add ||
          op.kind == graph::OpKind::multiply) &&
         !op.inputs.empty() && sizes[static_cast<std::size_t>(op.inputs.front())].size() == 2);
    sizes[idx] = flat ? Sizes{1, op.out.c} : Sizes{1, op.out.c, op.out.h, op.out.w};
  }
  return sizes;
}

}  // namespace

std::optional<Sizes> concrete_sizes(const torch::jit::Value* value) {
  const auto tensor = value->type()->cast<c10::TensorType>();
  if (!tensor) return std::nullopt;
  auto sizes = tensor->sizes().concrete_sizes();
  if (!sizes) return std::nullopt;
  return *sizes;
}

int annotate_ir_sizes(torch::jit::Graph& graph, const graph::Graph& ir) {
  const auto sizes = ir_sizes(ir);
  int annotated = 0;
  const auto annotate = [&](torch::jit::Value* value) {
    if (!value->hasDebugName() || value->type()->kind() != c10::TypeKind::TensorType) return;
    const auto idx = ir_index(value->debugName());
    if (!idx || *idx >= sizes.size()) return;
    // Sizes only: the engine runs channels_last, and nothing reads strides from the types.
    const auto& known = sizes[*idx];
    value->setType(c10::TensorType::create(at::kFloat, at::kCPU, c10::VaryingShape<std::int64_t>(known),
                                           c10::VaryingShape<std::int64_t>(known.size()),
                                           /*requires_grad=*/false));
    ++annotated;
  };
  for (auto* input : graph.inputs()) annotate(input);
  for (auto* node : graph.nodes()) {
    for (auto* output : node->outputs()) annotate(output);
  }
  return annotated;
}

}  // namespace hwnas::engine
