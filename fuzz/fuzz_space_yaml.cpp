// Design-space YAML, as `--space FILE` reads it.
#include <optional>

#include "fuzz_input.hpp"
#include "hwnas/space/space_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<hwnas::space::Space> space;
  try {
    space = hwnas::space::parse_space(hwnas::fuzz::as_text(data, size), "fuzz.yaml");
  } catch (const hwnas::InputError&) {
    return 0;
  }
  // What is accepted writes back to YAML that reads back: an error here is a finding.
  hwnas::space::parse_space(hwnas::space::write_space(*space), "written.yaml");
  return 0;
}
