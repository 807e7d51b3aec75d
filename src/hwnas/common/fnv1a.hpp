// FNV-1a, 64 bit: the content hash of hwnas's provenance strings (architecture hashes, device and
// space digests). Stable across platforms, compilers and versions, unlike std::hash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/core.h>

namespace hwnas {

class Fnv1a {
 public:
  Fnv1a& add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 1099511628211ULL;
    }
    return *this;
  }
  std::uint64_t value() const { return hash_; }
  std::string hex() const { return fmt::format("{:016x}", hash_); }

 private:
  std::uint64_t hash_ = 1469598103934665603ULL;
};

inline std::string fnv1a_hex(std::string_view bytes) { return Fnv1a().add(bytes).hex(); }

}  // namespace hwnas
