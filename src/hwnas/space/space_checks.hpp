// Checks a loaded space must pass that only later parts can make — e.g. that every block builds
// into a network whose shapes fit (graph/register_space_check.cpp). parse_space runs each added
// check once per distinct space text, so a space that cannot work is an InputError at load time
// naming its file, not a failure deep inside a later command.
#pragma once

#include "hwnas/space/space.hpp"

namespace hwnas::space {

// Throws InputError (SpaceError) naming space.source_file when the space fails.
using SpaceCheck = void (*)(const Space& space);

// Adds a check; returns true so a registration file can keep it in a namespace-scope constant.
bool add_space_check(SpaceCheck check);

// Runs every added check, once per distinct `text` in this process.
void run_space_checks(const Space& space, std::string_view text);

}  // namespace hwnas::space
