#include "hwnas/train/idx_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::train {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
// Four 32-bit dimensions can multiply past what a count (and a vector) holds.
constexpr std::int64_t kMaxValues = std::numeric_limits<std::int64_t>::max();

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

// Reads exactly n bytes; false when the file ends first.
bool read_exact(gzFile file, void* out, std::size_t n) {
  auto* bytes = static_cast<unsigned char*>(out);
  while (n > 0) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1U << 30));
    const int got = gzread(file, bytes, chunk);
    if (got <= 0) return false;
    bytes += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

}  // namespace

IdxArray read_idx(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) {
    throw InputError(fmt::format("data file {} does not exist", path.string()));
  }
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) throw InputError(fmt::format("data file {} cannot be opened", path.string()));
  std::array<std::uint8_t, 4> magic{};
  if (!read_exact(file.get(), magic.data(), magic.size()) || magic[0] != 0 || magic[1] != 0) {
    throw InputError(fmt::format("data file {} is not an IDX file (bad magic number)", path.string()));
  }
  if (magic[2] != kUnsignedByte) {
    throw InputError(fmt::format("data file {}: IDX value type 0x{:02x} is not supported (only unsigned bytes, 0x08)",
                                 path.string(), magic[2]));
  }
  const int rank = magic[3];
  if (rank < 1 || rank > 4) {
    throw InputError(fmt::format("data file {}: IDX rank {} is outside 1..4", path.string(), rank));
  }
  IdxArray array;
  std::int64_t count = 1;
  for (int d = 0; d < rank; ++d) {
    std::array<std::uint8_t, 4> be{};
    if (!read_exact(file.get(), be.data(), be.size())) {
      throw InputError(fmt::format("data file {} is truncated in its header", path.string()));
    }
    const std::int64_t dim = (std::int64_t{be[0]} << 24) | (be[1] << 16) | (be[2] << 8) | be[3];
    array.dims.push_back(dim);
    if (dim > 0 && count > kMaxValues / dim) {
      throw InputError(fmt::format("data file {}: its header promises more than {} values", path.string(), kMaxValues));
    }
    count *= dim;
  }
  // Read in chunks as the values arrive, so a header promising more than the file holds fails at
  // the file's end instead of allocating what it promised first.
  const auto total = static_cast<std::size_t>(count);
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  for (std::size_t have = 0; have < total;) {
    const std::size_t n = std::min(kChunk, total - have);
    array.values.resize(have + n);
    if (!read_exact(file.get(), array.values.data() + have, n)) {
      throw InputError(fmt::format("data file {} is truncated: its header promises {} values", path.string(), count));
    }
    have += n;
  }
  return array;
}

void write_idx(const std::filesystem::path& path, const IdxArray& array, bool gzip) {
  GzFile file(gzopen(path.c_str(), gzip ? "wb6" : "wbT"));
  if (!file) throw InputError(fmt::format("cannot write {}", path.string()));
  std::vector<std::uint8_t> header{0, 0, kUnsignedByte, static_cast<std::uint8_t>(array.dims.size())};
  for (const auto dim : array.dims) {
    for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>((dim >> shift) & 0xff));
  }
  const bool ok = gzwrite(file.get(), header.data(), static_cast<unsigned>(header.size())) > 0 &&
                  (array.values.empty() ||
                   gzwrite(file.get(), array.values.data(), static_cast<unsigned>(array.values.size())) > 0);
  if (!ok) throw InputError(fmt::format("cannot write {}", path.string()));
}

}  // namespace hwnas::train
