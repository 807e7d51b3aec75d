// LibTorch checkpoint archives (train/checkpoint.hpp), the one reader of a supernet folder's
// weights.pt and optimizer.pt, the S3NAS and HURRICANE search checkpoints and the gru predictor's
// tensors: the archive's integrity check, then a module, an optimiser, a tensor and a number.
#include "checkpoint_contents.hpp"
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/train/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    hwnas::train::CheckpointReader reader(hwnas::fuzz::as_file(data, size, ".pt"), "checkpoint");
    auto net = hwnas::fuzz::checkpoint_network();
    torch::optim::Adam adam(net->parameters());
    reader.read("net", *net);
    reader.read("optimizer", adam);
    reader.tensor("order");
    reader.value("step");
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
