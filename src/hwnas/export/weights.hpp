// Parameter tensors of an IR graph: per op, named float tensors in PyTorch's layout. Every engine
// and exporter reads the same Weights, so all of them compute the same function. Today they are
// drawn from a seed; a trained supernet can fill the same structure later.
//
// Names and shapes per op kind (PyTorch's, so a state dict maps one to one):
//   conv        weight [out, in/groups, k, k], bias [out] when Op::bias
//   batch_norm  weight [C], bias [C] (trainable), running_mean [C], running_var [C] (buffers)
//   linear      weight [out, in], bias [out] when Op::bias
// Other ops have none.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/graph/graph.hpp"

namespace hwnas::exporting {

// PyTorch's BatchNorm2d default; every engine and the folding use it.
inline constexpr float kBatchNormEps = 1e-5F;

struct Tensor {
  std::vector<std::int64_t> shape;
  std::vector<float> values;  // row-major
  std::int64_t numel() const;
};

using OpParams = std::map<std::string, Tensor, std::less<>>;

struct Weights {
  std::vector<OpParams> ops;  // indexed like Graph::ops

  // Throws std::out_of_range naming the op and tensor when absent.
  const Tensor& at(int op, std::string_view name) const;
  bool has(int op, std::string_view name) const;
};

// Whether a named tensor is a trainable parameter (counted by cost::count) or a buffer.
bool is_trainable(std::string_view name);

// The tensors an op needs, with their shapes (values empty).
OpParams parameter_layout(const graph::Graph& graph, const graph::Op& op);

// Deterministic weights: the same (graph, seed) gives the same values on every run (own generator,
// no std:: distributions), and an op's tensors depend only on the seed, its index and its shape. Conv and linear weights are
// He-uniform (std sqrt(2 / fan_in)) so activations neither vanish nor explode over ~50 layers;
// BN gamma in [0.8, 1.2], beta, running mean ~ N(0, 0.05²), running var in [0.8, 1.25]; biases
// ~ N(0, 0.05²).
Weights random_weights(const graph::Graph& graph, std::uint64_t seed);

// Deterministic uniform [-1, 1) input of the graph's input shape (C·H·W values).
std::vector<float> random_input(const graph::Graph& graph, std::uint64_t seed);

// Throws std::invalid_argument when a tensor is missing, extra, or of the wrong shape; the message
// names the op index, its kind and the tensor.
void check_weights(const graph::Graph& graph, const Weights& weights);

// Number of trainable values (what PyTorch's parameters() sums to).
std::int64_t trainable_count(const Weights& weights);

}  // namespace hwnas::exporting
