// The architecture that takes every unit's first width, every layer's first candidate block at the
// unit's largest depth, and every variable's first value: a fixed, reproducible network of a space
// (HURRICANE's fixed background, the load-time shape check's base).
#pragma once

#include "hwnas/arch/architecture.hpp"

namespace hwnas::arch {

Architecture first_candidates(const space::Space& space, int resolution);

}  // namespace hwnas::arch
