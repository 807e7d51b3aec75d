// Reduction-rules YAML, as `hwnas reduce --rules FILE` reads it.
#include <optional>

#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/reduce/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<hwnas::reduce::RuleSet> rules;
  try {
    rules = hwnas::reduce::parse_rules(hwnas::fuzz::as_text(data, size), "fuzz.yaml");
  } catch (const hwnas::InputError&) {
    return 0;
  }
  // What is accepted writes back to YAML that reads back: an error here is a finding.
  hwnas::reduce::parse_rules(hwnas::reduce::write_rules(*rules), "written.yaml");
  return 0;
}
