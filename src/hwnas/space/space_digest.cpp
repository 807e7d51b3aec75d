#include "hwnas/space/space_digest.hpp"

#include "hwnas/common/fnv1a.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::space {

std::string space_digest(const Space& space) {
  Space structure = space;  // the description is prose: editing it changes no network
  structure.description.clear();
  return fnv1a_hex(write_space(structure));
}

}  // namespace hwnas::space
