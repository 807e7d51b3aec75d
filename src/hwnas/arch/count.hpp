// The exact number of architectures in a space.
#pragma once

#include <string>

#include <boost/multiprecision/cpp_int.hpp>

#include "hwnas/space/space.hpp"

namespace hwnas::arch {

using BigInt = boost::multiprecision::cpp_int;

// Per resolution: product over variables of their value counts, times product over units of
// width choices × sum over depths of the product of per-layer candidate counts.
BigInt count_per_resolution(const space::Space& space);
BigInt count_total(const space::Space& space);  // × number of resolutions
double log10_count(const BigInt& count);

}  // namespace hwnas::arch
