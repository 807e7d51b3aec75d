#include "hwnas/space/with_resolution.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"

namespace hwnas::space {

Space with_resolution(Space space, int resolution) {
  if (!space.has_resolution(resolution)) {
    throw InputError(fmt::format("--resolution {} is not in space '{}' (allowed: {})", resolution, space.name,
                                 fmt::join(space.resolutions, ", ")));
  }
  space.resolutions = {resolution};
  space.default_resolution = resolution;
  return space;
}

}  // namespace hwnas::space
