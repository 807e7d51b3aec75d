// Loading, validating and writing design-space YAML files (schema: docs/spaces.md).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/common/error.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::space {

// A bad space file: the message names the file, the line, the field, what was expected and found.
class SpaceError : public InputError {
 public:
  using InputError::InputError;
};

// Parses YAML text; source names it in error messages.
Space parse_space(std::string_view yaml_text, const std::string& source);
Space load_space_file(const std::filesystem::path& path);

// The folder of shipped spaces: $HWNAS_SPACES_DIR, else <source dir>/spaces.
std::filesystem::path spaces_dir();
// A name of a shipped space ("ofa-mbv3") or a path to a YAML file.
Space load_space(std::string_view name_or_path);
// What load_space reads `space` back from: its name when it is a shipped space, else the absolute
// path of its file (empty for a space that was never loaded from one).
std::string reference_to(const Space& space);
// What a space made from `space` (reduced, restricted to one device, fixed for a search stage)
// records as derived_from: `space`'s own original when it has one, else reference_to(space). So
// predictors and supernets of the original score every descendant (metric/base_space.hpp).
std::string original_of(const Space& space);
// Names of the shipped spaces, sorted.
std::vector<std::string> list_spaces();

// YAML text that parse_space reads back to an equal space.
std::string write_space(const Space& space);

}  // namespace hwnas::space
