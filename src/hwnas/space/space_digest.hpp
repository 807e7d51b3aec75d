// A space's content digest: FNV-1a of the space as space_writer writes it, its description left out,
// so two spaces with one name but other blocks, widths or depths differ. Files derived from a space (an S3NAS latency
// table) record it and are refused for another space.
#pragma once

#include <string>

#include "hwnas/space/space.hpp"

namespace hwnas::space {

std::string space_digest(const Space& space);

}  // namespace hwnas::space
