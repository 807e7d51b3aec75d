#include "cli_args.hpp"

#include <fstream>

#include <fmt/core.h>

#include "hwnas/arch/arch_argument.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/profile/cell.hpp"

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
  arch::Rng rng(args.seed);
  if (args.sample == "ulb") {
    archs = profile::sample_placements_round_robin(s, args.count, rng, args.resolution,
                                                   arch::parse_depth_rule(args.depth_rule));
  } else {
    for (int i = 0; i < args.count; ++i) archs.push_back(arch::sample_uniform(s, rng, args.resolution));
  }
  return archs;
}

}  // namespace hwnas::cli
