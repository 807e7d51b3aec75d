#include "hwnas/arch/arch_argument.hpp"

#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"

namespace hwnas::arch {

Architecture parse_argument(const space::Space& space, const std::string& text, std::optional<int> resolution) {
  std::string body = text;
  if (!text.empty() && text.front() == '@') {
    std::ifstream in(text.substr(1));
    if (!in) throw InputError(fmt::format("{}: cannot read the architecture file", text.substr(1)));
    std::stringstream ss;
    ss << in.rdbuf();
    body = ss.str();
  }
  Architecture a = parse_any(space, body, resolution.value_or(space.default_resolution));
  if (resolution) {
    a.resolution = *resolution;
    validate(space, a);
  }
  return a;
}

}  // namespace hwnas::arch
