// Argument helpers shared by subcommands: one way to name a space and an architecture everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::cli {

inline constexpr const char* kSpaceHelp =
    "design space: a shipped name (see `hwnas spaces`) or a path to a space YAML file";
inline constexpr const char* kArchHelp =
    "architecture: canonical text (r224|e3k3,e6k5|...), hwnas JSON, an OFA arch dict "
    "({\"ks\":[...],\"e\":[...],\"d\":[...],\"r\":224}) or a BlockProfile net_str; @FILE reads it from a file";

inline constexpr const char* kStoreUrlHelp =
    "profile store: sqlite:///abs/path.db, sqlite://rel/path.db, a plain path, :memory:, or "
    "postgresql://user@host:port/database?sslmode=verify-full (password from ~/.pgpass or PGPASSWORD)";

inline constexpr const char* kDepthRuleHelp =
    "how A_{u,l,b} reaches layer l of a shorter unit: uniform (its depth redrawn uniformly from l..max, "
    "BlockProfile's rule) | clamp (grown to exactly l layers)";

// Parses an architecture argument; a given resolution overrides the one in the text.
arch::Architecture parse_arch_arg(const space::Space& space, const std::string& text,
                                  std::optional<int> resolution);

// Which architectures a command works on: -n N sampled (uniform or A_{u,l,b}), or a file of one
// architecture per line (any --arch encoding; # comments).
struct ArchListArgs {
  int count = 0;
  std::string archs_file;
  std::string sample = "uniform";
  std::string depth_rule = "uniform";
  std::uint64_t seed = 0;
  std::optional<int> resolution;
};
std::vector<arch::Architecture> read_arch_list(const space::Space& space, const ArchListArgs& args);

}  // namespace hwnas::cli
