// Benchmark tools' outputs, as the command engine reads them: "auto" and every parser by name.
#include "fuzz_input.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string output = hwnas::fuzz::as_text(data, size);
  try {
    hwnas::engine::read_tool_output(output, "auto");
    for (const auto& parser : hwnas::engine::tool_parsers()) hwnas::engine::read_tool_output(output, parser.name);
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
