#include "cli_args.hpp"

#include "hwnas/arch/arch_argument.hpp"

namespace hwnas::cli {

arch::Architecture parse_arch_arg(const space::Space& space, const std::string& text,
                                  std::optional<int> resolution) {
  return arch::parse_argument(space, text, resolution);
}

}  // namespace hwnas::cli
