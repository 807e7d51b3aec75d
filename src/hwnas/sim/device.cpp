#include "hwnas/sim/device.hpp"

#include <algorithm>

namespace hwnas::sim {

std::string_view to_string(Precision precision) {
  switch (precision) {
    case Precision::int8: return "int8";
    case Precision::fp16: return "fp16";
    case Precision::fp32: return "fp32";
  }
  return "?";
}

int bytes_per_element(Precision precision) {
  return precision == Precision::int8 ? 1 : precision == Precision::fp16 ? 2 : 4;
}

std::string_view to_string(OpClass op_class) {
  switch (op_class) {
    case OpClass::conv: return "conv";
    case OpClass::pointwise: return "pointwise";
    case OpClass::depthwise: return "depthwise";
    case OpClass::linear: return "linear";
    case OpClass::batch_norm: return "batch_norm";
    case OpClass::activation: return "activation";
    case OpClass::add: return "add";
    case OpClass::multiply: return "multiply";
    case OpClass::pooling: return "pooling";
    case OpClass::data_movement: return "data_movement";
    case OpClass::se: return "se";
  }
  return "?";
}

int Device::padded_resolution(int resolution) const {
  const auto it = std::lower_bound(resolution_templates.begin(), resolution_templates.end(), resolution);
  return it == resolution_templates.end() ? resolution : *it;
}

}  // namespace hwnas::sim
