// A space narrowed to one input resolution: BlockProfile searches at 224 only.
#pragma once

#include "hwnas/space/space.hpp"

namespace hwnas::space {

// Same name, blocks and units; resolutions {resolution}. Throws InputError naming the allowed
// ones when the space lacks it.
Space with_resolution(Space space, int resolution);

}  // namespace hwnas::space
