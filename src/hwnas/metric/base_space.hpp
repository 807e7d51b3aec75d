// Predictors are trained on one space. A space reduced from it (`hwnas reduce`, `search --rules`)
// keeps the block vocabulary but may drop layer positions and width choices, which would shift a
// predictor's feature positions — so its architectures are scored as what they are: architectures
// of the space it was reduced from (Space::derived_from), mapped by block name and width value.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::metric {

class BaseSpace {
 public:
  // The space predictors score `space` in: itself, or the (cached) space it was reduced from.
  const space::Space& of(const space::Space& space);
  // archs of `space` as architectures of of(space); InputError if one does not exist there.
  std::vector<arch::Architecture> map(const space::Space& space, std::span<const arch::Architecture> archs);

 private:
  std::optional<space::Space> base_;
  std::string base_reference_;  // the derived_from it was loaded from
};

}  // namespace hwnas::metric
