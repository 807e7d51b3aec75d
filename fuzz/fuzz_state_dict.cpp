// torch.save files (train/state_dict_file.hpp): OFA's supernet and accuracy-predictor checkpoints,
// read by hwnas's own unpickler. The zip format's records are CRC-checked first, so most damage
// to them stops there; the legacy format has no checksum, so its pickles and storages reach the
// unpickler and the tensor rebuilding as they are.
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/train/state_dict_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    hwnas::train::read_state_dict(hwnas::fuzz::as_file(data, size, ".pth"));
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
