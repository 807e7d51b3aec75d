#include "hwnas/engine/torch_activation.hpp"

#include <stdexcept>

namespace hwnas::engine {

torch::Tensor activate(const torch::Tensor& x, graph::Activation act) {
  switch (act) {
    case graph::Activation::identity: return x;
    case graph::Activation::relu: return torch::relu(x);
    case graph::Activation::relu6: return torch::hardtanh(x, 0.0, 6.0);
    case graph::Activation::h_swish: return torch::hardswish(x);
    case graph::Activation::h_sigmoid: return torch::hardsigmoid(x);
    case graph::Activation::sigmoid: return torch::sigmoid(x);
  }
  throw std::logic_error("unhandled activation");
}

}  // namespace hwnas::engine
