// The elementwise non-linearities a space may name and the IR computes. Spaces, the IR and every
// engine share this one list, so it sits below all of them.
#pragma once

#include <cstdint>
#include <string_view>

namespace hwnas {

enum class Activation : std::uint8_t { identity, relu, relu6, h_swish, h_sigmoid, sigmoid };

std::string_view to_string(Activation act);
// Throws std::invalid_argument naming the accepted values.
Activation parse_activation(std::string_view text);

}  // namespace hwnas
