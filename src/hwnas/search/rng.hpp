// Random streams for ask/tell algorithms. Every ask draws from a fresh generator seeded by
// (run seed, ask number), so an algorithm's random state is just a counter: checkpoints stay small
// and a resumed run draws exactly what the uninterrupted one would have.
#pragma once

#include <cstdint>
#include <random>

#include "hwnas/arch/sampler.hpp"

namespace hwnas::search {

inline std::seed_seq step_seed_seq(std::uint64_t seed, std::uint64_t step) {
  return std::seed_seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                       static_cast<std::uint32_t>(step), static_cast<std::uint32_t>(step >> 32)};
}

inline arch::Rng step_rng(std::uint64_t seed, std::uint64_t step) {
  std::seed_seq seq = step_seed_seq(seed, step);
  return arch::Rng(seq);
}

// A 32-bit seed for pagmo's std::mt19937 engine.
inline std::uint32_t step_seed32(std::uint64_t seed, std::uint64_t step) {
  std::seed_seq seq = step_seed_seq(seed, step);
  std::uint32_t out = 0;
  seq.generate(&out, &out + 1);
  return out;
}

inline int uniform_index(arch::Rng& rng, std::size_t n) {
  return static_cast<int>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
}

}  // namespace hwnas::search
