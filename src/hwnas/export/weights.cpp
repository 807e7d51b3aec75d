#include "hwnas/export/weights.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace hwnas::exporting {

std::int64_t Tensor::numel() const {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

const Tensor& Weights::at(int op, std::string_view name) const {
  const auto& params = ops.at(static_cast<std::size_t>(op));
  const auto it = params.find(name);
  if (it == params.end()) {
    throw std::out_of_range("weights: op " + std::to_string(op) + " has no tensor '" +
                            std::string(name) + "'");
  }
  return it->second;
}

bool Weights::has(int op, std::string_view name) const {
  return static_cast<std::size_t>(op) < ops.size() &&
         ops[static_cast<std::size_t>(op)].contains(name);
}

bool is_trainable(std::string_view name) { return name == "weight" || name == "bias"; }

OpParams parameter_layout(const graph::Graph& graph, const graph::Op& op) {
  using graph::OpKind;
  OpParams layout;
  const auto in = op.inputs.empty() ? graph::Shape{} : graph.shape(op.inputs.front());
  const std::int64_t out_c = op.out.c;
  switch (op.kind) {
    case OpKind::conv:
      layout["weight"].shape = {out_c, in.c / op.groups, op.kernel, op.kernel};
      if (op.bias) layout["bias"].shape = {out_c};
      break;
    case OpKind::batch_norm:
      for (const char* name : {"weight", "bias", "running_mean", "running_var"}) {
        layout[name].shape = {out_c};
      }
      break;
    case OpKind::linear:
      layout["weight"].shape = {out_c, in.elements()};
      if (op.bias) layout["bias"].shape = {out_c};
      break;
    default:
      break;
  }
  return layout;
}

namespace {

// splitmix64: a tiny, well-mixed generator whose output is fixed by its definition.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal() {  // Box–Muller
    const double u = 1.0 - uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * uniform());
  }

 private:
  std::uint64_t state_;
};

// One stream per (seed, op, tensor) so an op's values do not shift when others change.
Random stream(std::uint64_t seed, int op, std::string_view name) {
  std::uint64_t key = seed * 0x100000001B3ULL + static_cast<std::uint64_t>(op);
  for (char ch : name) key = (key ^ static_cast<unsigned char>(ch)) * 0x100000001B3ULL;
  Random mix(key);
  return Random(mix.next());
}

void fill(Tensor& tensor, Random& random, auto draw) {
  tensor.values.resize(static_cast<std::size_t>(tensor.numel()));
  for (auto& v : tensor.values) v = static_cast<float>(draw(random));
}

}  // namespace

Weights random_weights(const graph::Graph& graph, std::uint64_t seed) {
  Weights weights;
  weights.ops.resize(graph.ops.size());
  for (std::size_t idx = 0; idx < graph.ops.size(); ++idx) {
    const auto& op = graph.ops[idx];
    auto params = parameter_layout(graph, op);
    for (auto& [name, tensor] : params) {
      Random random = stream(seed, static_cast<int>(idx), name);
      const bool batch_norm = op.kind == graph::OpKind::batch_norm;
      if (name == "weight" && !batch_norm) {
        const double fan_in = static_cast<double>(tensor.numel() / tensor.shape.front());
        // He-uniform: the He-normal std sqrt(2 / fan_in) without a log and a cos per value — drawing
        // a 224x224 ofa-mbv3's ~7M weights by Box–Muller took 170 ms, more than building the engine.
        const double bound = std::sqrt(6.0 / fan_in);
        fill(tensor, random, [=](Random& r) { return r.uniform(-bound, bound); });
      } else if (name == "weight") {
        fill(tensor, random, [](Random& r) { return r.uniform(0.8, 1.2); });
      } else if (name == "running_var") {
        fill(tensor, random, [](Random& r) { return r.uniform(0.8, 1.25); });
      } else {  // biases, BN beta and running mean
        fill(tensor, random, [](Random& r) { return 0.05 * r.normal(); });
      }
    }
    weights.ops[idx] = std::move(params);
  }
  return weights;
}

std::vector<float> random_input(const graph::Graph& graph, std::uint64_t seed) {
  Tensor input;
  input.shape = {graph.shape(0).elements()};
  Random random = stream(seed, -1, "input");
  fill(input, random, [](Random& r) { return r.uniform(-1.0, 1.0); });
  return input.values;
}

void check_weights(const graph::Graph& graph, const Weights& weights) {
  if (weights.ops.size() != graph.ops.size()) {
    throw std::invalid_argument("weights: " + std::to_string(weights.ops.size()) +
                                " op entries for a graph of " + std::to_string(graph.ops.size()) +
                                " ops");
  }
  for (std::size_t idx = 0; idx < graph.ops.size(); ++idx) {
    const auto& op = graph.ops[idx];
    const auto expected = parameter_layout(graph, op);
    const auto& actual = weights.ops[idx];
    const std::string where =
        "weights: op " + std::to_string(idx) + " (" + std::string(to_string(op.kind)) + ")";
    for (const auto& [name, tensor] : actual) {
      const auto it = expected.find(name);
      if (it == expected.end()) throw std::invalid_argument(where + " has unexpected '" + name + "'");
      if (tensor.shape != it->second.shape ||
          static_cast<std::int64_t>(tensor.values.size()) != it->second.numel()) {
        throw std::invalid_argument(where + " tensor '" + name + "' has the wrong shape or size");
      }
    }
    for (const auto& [name, tensor] : expected) {
      if (!actual.contains(name)) throw std::invalid_argument(where + " lacks '" + name + "'");
    }
  }
}

std::int64_t trainable_count(const Weights& weights) {
  std::int64_t count = 0;
  for (const auto& params : weights.ops) {
    for (const auto& [name, tensor] : params) {
      if (is_trainable(name)) count += tensor.numel();
    }
  }
  return count;
}

}  // namespace hwnas::exporting
