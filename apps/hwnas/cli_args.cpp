#include "cli_args.hpp"

#include <fstream>

#include <fmt/core.h>

#include "hwnas/arch/arch_argument.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/profile/network_sample.hpp"

namespace hwnas::cli {

arch::Architecture parse_arch_arg(const space::Space& space, const std::string& text,
                                  std::optional<int> resolution) {
  return arch::parse_argument(space, text, resolution);
}

std::vector<arch::Architecture> read_arch_list(const space::Space& s, const ArchListArgs& args) {
  if (args.count == 0 && args.archs_file.empty()) throw InputError("give -n N (sampled) or --archs FILE");
  std::vector<arch::Architecture> archs;
  if (!args.archs_file.empty()) {
    std::ifstream in(args.archs_file);
    if (!in) throw InputError(fmt::format("{}: cannot read the architecture list", args.archs_file));
    std::string line;
    for (int line_no = 1; std::getline(in, line); ++line_no) {
      if (line.empty() || line[0] == '#') continue;
      try {
        archs.push_back(parse_arch_arg(s, line, args.resolution));
      } catch (const InputError& e) {
        throw InputError(fmt::format("{}:{}: {}", args.archs_file, line_no, e.what()));
      }
    }
    return archs;
  }
  return profile::sample_networks(s, args.count, args.seed, profile::parse_network_sample(args.sample), args.resolution,
                                 arch::parse_depth_rule(args.depth_rule));
}

}  // namespace hwnas::cli
