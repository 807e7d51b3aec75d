// OFA lookup-table YAML, as `latency:pred:<file>.yaml` reads it (predict/ofa_lut_yaml.hpp).
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/predict/ofa_lut_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    hwnas::predict::read_ofa_lut_yaml(hwnas::fuzz::as_file(data, size, ".yaml"));
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
