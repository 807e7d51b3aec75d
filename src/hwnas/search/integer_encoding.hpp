// An architecture as a fixed-length integer vector, for NSGA-II (pagmo works on such vectors).
// Genes, in this order, each in [0, upper]: the resolution index; each variable's value index;
// then unit by unit its width index, its depth − min_layers, and for each of its max_layers layer
// positions the index into that position's candidate list. Genes with a single choice are left
// out (pagmo's NSGA-II rejects equal bounds). Layer genes beyond a unit's depth are inactive:
// decoding ignores them and encoding writes 0, so decode(encode(a)) == a. Unit-by-unit order keeps
// a unit's genes together under pagmo's two-point crossover. Decoding clamps every gene into its
// range, so any integer vector yields a valid architecture.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::search {

class IntegerEncoding {
 public:
  // Throws InputError when the space has nothing to choose (no gene with two or more choices).
  explicit IntegerEncoding(const space::Space& space);

  std::size_t size() const { return genes_.size(); }
  // Inclusive upper bound of each gene; lower bounds are 0.
  std::vector<int> upper_bounds() const;
  std::vector<int> encode(const arch::Architecture& arch) const;
  arch::Architecture decode(std::span<const int> genes) const;
  // What gene i is, e.g. "unit 2 layer 3 block" (1-based as in the paper).
  std::string describe(std::size_t gene) const;

 private:
  enum class Kind { resolution, variable, width, depth, block };
  struct Gene {
    Kind kind;
    int index = 0;  // variable or unit index
    int layer = 0;  // block genes
    int upper = 0;
  };
  const space::Space& space_;
  std::vector<Gene> genes_;
};

}  // namespace hwnas::search
