// One point of a design space: a resolution, the values of the space's variables, and per unit a
// width choice and the blocks of its active layers (depth = number of blocks).
#pragma once

#include <string>
#include <vector>

#include "hwnas/common/error.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::arch {

struct UnitChoice {
  int width = 0;            // index into UnitSpec::widths
  std::vector<int> blocks;  // indices into Space::blocks, one per active layer
  friend bool operator==(const UnitChoice&, const UnitChoice&) = default;
};

struct Architecture {
  int resolution = 224;
  std::vector<int> variables;  // index into each Variable::values, one per space variable
  std::vector<UnitChoice> units;
  friend bool operator==(const Architecture&, const Architecture&) = default;

  int depth(int unit) const { return static_cast<int>(units[static_cast<std::size_t>(unit)].blocks.size()); }
};

// Thrown for an architecture that does not belong to its space; the message names the unit,
// layer or field and what the space allows.
class InvalidArchitecture : public InputError {
 public:
  using InputError::InputError;
};

// Checks every field against the space; throws InvalidArchitecture.
void validate(const space::Space& space, const Architecture& arch);

}  // namespace hwnas::arch
