// Architectures as `--arch` takes them: canonical text, hwnas JSON, OFA dicts, BlockProfile net_str.
// The first byte picks the shipped space, the rest is the argument.
#include <array>
#include <optional>
#include <vector>

#include "fuzz_input.hpp"
#include "hwnas/arch/arch_argument.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

const std::vector<hwnas::space::Space>& spaces() {
  static const std::vector<hwnas::space::Space> all = [] {
    std::vector<hwnas::space::Space> loaded;
    for (const auto& name : hwnas::space::list_spaces()) loaded.push_back(hwnas::space::load_space(name));
    return loaded;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& space = spaces()[data[0] % spaces().size()];
  const std::string text = hwnas::fuzz::as_text(data + 1, size - 1);
  if (text.starts_with('@')) return 0;  // @FILE reads a file: the file's text is what is fuzzed here
  std::optional<hwnas::arch::Architecture> arch;
  try {
    arch = hwnas::arch::parse_argument(space, text, std::nullopt);
  } catch (const hwnas::InputError&) {
    return 0;
  }
  // What is accepted reads back from its canonical text: an error here is a finding.
  hwnas::arch::parse_canonical(space, hwnas::arch::to_canonical(space, *arch));
  return 0;
}
