// The IR run op by op in LibTorch: the one interpreter for everything that executes the IR with
// LibTorch — the eager engine (a whole network, inference) and the HURRICANE supernet (one layer's
// ops at a time, trained). Both therefore compute the same function for the same ops and tensors.
#pragma once

#include <map>
#include <span>
#include <string>

#include <torch/torch.h>

#include "hwnas/graph/graph.hpp"

namespace hwnas::engine {

// An op's tensors by role, as exporting::Weights names them: "weight" and "bias" (conv, linear,
// batch norm), "running_mean" and "running_var" (batch norm).
using OpTensors = std::map<std::string, torch::Tensor>;

// How batch norm normalises: with the batch's statistics, folding them into the running ones with
// `momentum` (training; recalibrating a path's statistics), or with the running ones (inference).
struct BatchNormMode {
  bool batch_statistics = false;
  double momentum = 0.1;
};

// Runs `ops` in order and returns the value of ops[output]. An op's inputs index earlier ops of
// `ops`; a negative index, or an op of kind input, reads `input`, so a slice of a graph (one
// layer, its inputs rewritten) runs as well as a whole one. tensors[i] belongs to ops[i].
torch::Tensor run_ops(std::span<const graph::Op> ops, std::span<const OpTensors> tensors, const torch::Tensor& input,
                      std::size_t output, BatchNormMode batch_norm);

}  // namespace hwnas::engine
