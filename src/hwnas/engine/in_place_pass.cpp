#include "hwnas/engine/in_place_pass.hpp"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include <map>
#include <string>

#include "hwnas/engine/graph_sizes.hpp"

namespace hwnas::engine {
namespace {

using torch::jit::Node;
using torch::jit::Value;

bool returns_alias(const Node* node) {
  if (!node->maybeSchema()) return true;  // unknown: assume it may
  for (const auto& ret : node->schema().returns()) {
    if (ret.alias_info()) return true;
  }
  return false;
}

// `value` may be overwritten by `node`: it is a fresh tensor (not a view, not the input or a
// constant), and every other reader runs before `node` without keeping a view of it.
bool dies_at(const Value* value, const Node* node) {
  const Node* producer = value->node();
  if (producer->kind() == c10::prim::Param || producer->kind() == c10::prim::Constant ||
      returns_alias(producer)) {
    return false;
  }
  for (const auto& use : value->uses()) {
    if (use.user == node) continue;
    if (!use.user->isBefore(node) || returns_alias(use.user)) return false;
  }
  return true;
}

bool is_tensor(const Value* value) { return value->type()->kind() == c10::TypeKind::TensorType; }

}  // namespace

int make_elementwise_in_place(torch::jit::Module& module) {
  auto graph = module.get_method("forward").graph();
  static const std::map<std::string, std::string> unary = {
      {"aten::relu", "aten::relu_"},           {"aten::hardswish", "aten::hardswish_"},
      {"aten::hardsigmoid", "aten::hardsigmoid_"}, {"aten::hardtanh", "aten::hardtanh_"},
      {"aten::sigmoid", "aten::sigmoid_"}};
  const auto add = c10::Symbol::fromQualString("aten::add");
  const auto mul = c10::Symbol::fromQualString("aten::mul");

  std::vector<Node*> binary;
  for (Node* node : graph->nodes()) {
    if (!node->blocks().empty()) return 0;
    if ((node->kind() == add || node->kind() == mul) && is_tensor(node->input(0)) &&
        is_tensor(node->input(1))) {
      binary.push_back(node);
    }
  }

  struct Rewrite {  // node → kind(its inputs, the first two swapped if `swap`)
    Node* node;
    c10::Symbol kind;
    bool swap = false;
  };
  std::vector<Rewrite> rewrites;
  for (Node* node : graph->nodes()) {
    const auto it = unary.find(node->kind().toQualString());
    if (it != unary.end() && dies_at(node->input(0), node)) {
      rewrites.push_back({node, c10::Symbol::fromQualString(it->second)});
    }
  }
  for (Node* node : binary) {
    const auto result = concrete_sizes(node->output());
    if (!result) continue;  // which operand could be overwritten is not known
    // Overwrite an operand that already has the result's shape; both ops commute (add only with
    // alpha 1), so either operand will do.
    const bool first = concrete_sizes(node->input(0)) == result && dies_at(node->input(0), node);
    const bool commutes =
        node->kind() == mul || torch::jit::constant_as<std::int64_t>(node->input(2)) == 1;
    const bool second =
        commutes && concrete_sizes(node->input(1)) == result && dies_at(node->input(1), node);
    if (!first && !second) continue;
    const auto kind =
        c10::Symbol::fromQualString(node->kind() == add ? "aten::add_" : "aten::mul_");
    rewrites.push_back({node, kind, !first});
  }

  // Inputs are read only now: an earlier rewrite may have replaced the value a node reads.
  for (const auto& rewrite : rewrites) {
    std::vector<Value*> inputs(rewrite.node->inputs().begin(), rewrite.node->inputs().end());
    if (rewrite.swap) std::swap(inputs[0], inputs[1]);
    Node* in_place = graph->create(rewrite.kind, inputs, 1);
    in_place->insertBefore(rewrite.node);
    in_place->output()->setType(rewrite.node->output()->type());
    rewrite.node->output()->replaceAllUsesWith(in_place->output());
    rewrite.node->destroy();
  }
  return static_cast<int>(rewrites.size());
}

}  // namespace hwnas::engine
