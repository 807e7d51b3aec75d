// IDX files (the MNIST format): a 4-byte magic 0x00 0x00 <type> <rank>, rank big-endian uint32
// dimensions, then the values row-major. Gzipped files are read the same way (zlib reads plain
// files transparently). Only unsigned-byte data (type 0x08) is accepted: every image/label set in
// this format that we know of (MNIST, Fashion-MNIST, EMNIST, KMNIST) uses it. Format: docs/training.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace hwnas::train {

struct IdxArray {
  std::vector<std::int64_t> dims;  // e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<std::uint8_t> values;
};

// Throws InputError naming the file: missing, not gzip/IDX (bad magic), unsupported type, or
// truncated (fewer values than the dimensions promise).
IdxArray read_idx(const std::filesystem::path& path);

// Writes an uncompressed (or, with gzip, compressed) IDX file; used by tests and to export subsets.
void write_idx(const std::filesystem::path& path, const IdxArray& array, bool gzip);

}  // namespace hwnas::train
