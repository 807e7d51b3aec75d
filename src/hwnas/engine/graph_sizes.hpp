// The tensor sizes the passes that specialise a network to one input shape (onednn_conv_pass,
// in_place_pass) read: each value's TensorType, with concrete sizes where they are known.
// annotate_ir_sizes sets them from hwnas's IR, which has every op's shape already: running the
// network once to learn them cost two forwards per build (30–35 ms of a 7.5 ms network's 120 ms
// build), and TorchScript's own shape propagation stops at a frozen module's constant weights.
#pragma once

#include <torch/script.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "hwnas/graph/graph.hpp"

namespace hwnas::engine {

using Sizes = std::vector<std::int64_t>;

// The value's sizes when its type is a tensor type that knows all of them.
std::optional<Sizes> concrete_sizes(const torch::jit::Value* value);

// `graph` is the forward graph of exporting::torchscript_module(ir, ...) (frozen or not), whose
// values keep the names torchscript_source gave them: x{i} is IR op i's result. Sets those
// values' types to float tensors of the IR's sizes (batch 1; the classifier and what follows it
// are N × C). Values with other names (intermediates of one op's expression) keep their types.
// Returns how many values it annotated.
int annotate_ir_sizes(torch::jit::Graph& graph, const graph::Graph& ir);

}  // namespace hwnas::engine
