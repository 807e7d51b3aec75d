#include "hwnas/arch/count.hpp"

#include <cmath>

namespace hwnas::arch {

BigInt count_per_resolution(const space::Space& space) {
  BigInt total = 1;
  for (const auto& var : space.variables) total *= var.values.size();
  for (const auto& unit : space.units) {
    BigInt unit_total = 0;
    BigInt prefix = 1;  // product of candidate counts of the first d layers
    for (int d = 1; d <= unit.max_layers; ++d) {
      prefix *= unit.layer_blocks[static_cast<std::size_t>(d - 1)].size();
      if (d >= unit.min_layers) unit_total += prefix;
    }
    total *= unit_total * unit.widths.size();
  }
  return total;
}

BigInt count_total(const space::Space& space) {
  return count_per_resolution(space) * space.resolutions.size();
}

double log10_count(const BigInt& count) {
  // Via the decimal string: exact digits, no overflow of double's exponent range for huge spaces.
  const std::string digits = count.str();
  const std::size_t lead = std::min<std::size_t>(digits.size(), 15);
  return std::log10(std::stod(digits.substr(0, lead))) + static_cast<double>(digits.size() - lead);
}

}  // namespace hwnas::arch
