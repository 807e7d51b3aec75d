#include "hwnas/common/activation.hpp"

#include <stdexcept>
#include <string>

namespace hwnas {

std::string_view to_string(Activation act) {
  switch (act) {
    case Activation::identity: return "identity";
    case Activation::relu: return "relu";
    case Activation::relu6: return "relu6";
    case Activation::h_swish: return "h_swish";
    case Activation::h_sigmoid: return "h_sigmoid";
    case Activation::sigmoid: return "sigmoid";
  }
  return "?";
}

Activation parse_activation(std::string_view text) {
  for (auto act : {Activation::identity, Activation::relu, Activation::relu6, Activation::h_swish,
                   Activation::h_sigmoid, Activation::sigmoid}) {
    if (to_string(act) == text) return act;
  }
  throw std::invalid_argument("unknown activation '" + std::string(text) +
                              "' (expected identity, relu, relu6, h_swish, h_sigmoid or sigmoid)");
}

}  // namespace hwnas
