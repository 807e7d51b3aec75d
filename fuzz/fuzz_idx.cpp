// IDX image and label files (plain or gzipped), as `hwnas supernet train --data` reads them.
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/train/idx_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    hwnas::train::read_idx(hwnas::fuzz::as_file(data, size, ".idx"));
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
