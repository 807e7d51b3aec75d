#include "hwnas/train/ir_tensor.hpp"

namespace hwnas::train {

exporting::Tensor to_ir_tensor(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kFloat32).contiguous();
  return {c.sizes().vec(), std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel())};
}

}  // namespace hwnas::train
