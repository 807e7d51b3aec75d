// Simulated-device YAML, as `--device FILE` reads it.
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/sim/device.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    hwnas::sim::parse_device(hwnas::fuzz::as_text(data, size), "fuzz.yaml");
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
