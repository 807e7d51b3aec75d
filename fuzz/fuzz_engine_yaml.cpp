// Engine-preset YAML, as `--engine FILE.yaml` reads it.
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine_preset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    hwnas::engine::load_engine_preset(hwnas::fuzz::as_file(data, size, ".yaml"));
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
