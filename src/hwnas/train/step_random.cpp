#include "hwnas/train/step_random.hpp"

namespace hwnas::train {

std::uint64_t step_seed(std::uint64_t seed, std::uint64_t index, StepDraw draw) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index * 4 + static_cast<std::uint64_t>(draw) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

torch::Tensor batch_rows(std::int64_t rows, std::int64_t batch, std::uint64_t seed, std::int64_t step) {
  const std::int64_t per_epoch = rows / batch;
  const std::int64_t epoch = step / per_epoch;
  torch::Generator generator =
      at::detail::createCPUGenerator(step_seed(seed, static_cast<std::uint64_t>(epoch), StepDraw::batch_order));
  return torch::randperm(rows, generator, torch::kInt64).narrow(0, (step % per_epoch) * batch, batch);
}

}  // namespace hwnas::train
