#include "hwnas/train/zip_records.hpp"

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <zlib.h>

#include "hwnas/common/error.hpp"

namespace hwnas::train {
namespace {

// Signatures and fixed sizes of the zip format (PKWARE APPNOTE 4.3).
constexpr std::uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50,
                        kZip64End = 0x06064b50, kZip64Locator = 0x07064b50;
// General-purpose flag bits of a record (APPNOTE 4.4.4).
constexpr std::uint64_t kEncrypted = 1u << 0, kPatchData = 1u << 5, kStrongEncryption = 1u << 6;
constexpr std::size_t kEndSize = 22, kLocatorSize = 20, kZip64EndSize = 56, kCentralSize = 46, kLocalSize = 30;

class ZipFile {
 public:
  ZipFile(const std::filesystem::path& file, std::string what) : file_(file), what_(std::move(what)), in_(file, std::ios::binary) {
    if (!in_) throw InputError(fmt::format("{}: cannot read the {}", file.string(), what_));
    in_.seekg(0, std::ios::end);
    size_ = static_cast<std::uint64_t>(in_.tellg());
  }

  [[noreturn]] void damaged(const std::string& detail) const {
    throw InputError(fmt::format("{}: not a whole {} (a damaged or cut zip archive: {})", file_.string(), what_, detail));
  }

  std::vector<unsigned char> read(std::uint64_t offset, std::uint64_t count) {
    if (offset > size_ || count > size_ - offset) damaged(fmt::format("{} bytes at {} lie past its end", count, offset));
    std::vector<unsigned char> bytes(count);
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(count));
    if (!in_) damaged("short read");
    return bytes;
  }

  std::uint64_t size() const { return size_; }

  // The CRC-32 of `count` bytes at `offset`, read in chunks (archives may hold gigabytes); `keep`,
  // when given, receives the bytes.
  std::uint32_t crc_of_stored(std::uint64_t offset, std::uint64_t count, std::string* keep) {
    uLong crc = crc32(0, nullptr, 0);
    for (std::uint64_t done = 0; done < count;) {
      const std::uint64_t n = std::min<std::uint64_t>(count - done, 1 << 20);
      const auto chunk = read(offset + done, n);
      crc = crc32(crc, chunk.data(), static_cast<uInt>(n));
      if (keep) keep->append(chunk.begin(), chunk.end());
      done += n;
    }
    return static_cast<std::uint32_t>(crc);
  }

  // Inflates a deflated record and returns the CRC-32 of its `expected` bytes (kept in `keep`).
  std::uint32_t crc_of_deflated(std::uint64_t offset, std::uint64_t count, std::uint64_t expected, std::string* keep) {
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) damaged("zlib cannot start");
    uLong crc = crc32(0, nullptr, 0);
    std::uint64_t produced = 0;
    std::vector<unsigned char> out(1 << 16);
    int rc = Z_OK;
    for (std::uint64_t done = 0; rc != Z_STREAM_END;) {
      const std::uint64_t n = std::min<std::uint64_t>(count - done, 1 << 20);
      auto chunk = read(offset + done, n);
      done += n;
      z.next_in = chunk.data();
      z.avail_in = static_cast<uInt>(n);
      do {
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
        const std::size_t got = out.size() - z.avail_out;
        crc = crc32(crc, out.data(), static_cast<uInt>(got));
        if (keep) keep->append(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(got));
        produced += got;
      } while (z.avail_out == 0 && rc != Z_STREAM_END);
      if ((rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) || (rc != Z_STREAM_END && done == count)) break;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END || produced != expected) damaged("a deflated record does not inflate to its size");
    return static_cast<std::uint32_t>(crc);
  }

 private:
  std::filesystem::path file_;
  std::string what_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

std::uint64_t little(const std::vector<unsigned char>& b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | b[at + static_cast<std::size_t>(i)];
  return v;
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

struct Directory {
  std::uint64_t entries = 0, size = 0, offset = 0;
};

Directory find_directory(ZipFile& zip) {
  if (zip.size() < kEndSize) zip.damaged("shorter than its end record");
  // The end record is last, followed only by a comment of at most 65535 bytes.
  const std::uint64_t tail_size = std::min<std::uint64_t>(zip.size(), kEndSize + 65535);
  const auto tail = zip.read(zip.size() - tail_size, tail_size);
  std::size_t at = tail.size() - kEndSize + 1;
  do {
    if (at-- == 0) zip.damaged("no end record");
  } while (little(tail, at, 4) != kEnd);
  const std::uint64_t end_offset = zip.size() - tail_size + at;
  Directory d{little(tail, at + 10, 2), little(tail, at + 12, 4), little(tail, at + 16, 4)};
  if (end_offset >= kLocatorSize) {
    const auto locator = zip.read(end_offset - kLocatorSize, kLocatorSize);
    if (little(locator, 0, 4) == kZip64Locator) {
      const auto end64 = zip.read(little(locator, 8, 8), kZip64EndSize);
      if (little(end64, 0, 4) != kZip64End) zip.damaged("its zip64 end record is missing");
      d = {little(end64, 32, 8), little(end64, 40, 8), little(end64, 48, 8)};
    }
  }
  if (d.offset > zip.size() || d.size > zip.size() - d.offset || d.entries > d.size / kCentralSize) {
    zip.damaged("its directory does not fit in the file");
  }
  return d;
}

}  // namespace

void check_zip_records(const std::filesystem::path& file, const std::string& what) {
  ZipFile zip(file, what);
  const Directory d = find_directory(zip);
  const auto directory = zip.read(d.offset, d.size);
  std::string folder, lower_folder;  // of the first record: LibTorch looks every record up under it
  std::string version, data_version;  // <folder>/version and <folder>/.data/version (LibTorch's first choice)
  bool has_version = false;
  std::string unreadable;  // the first record miniz would refuse to extract
  std::set<std::string> names;
  std::size_t at = 0;
  for (std::uint64_t e = 0; e < d.entries; ++e) {
    if (at + kCentralSize > directory.size() || little(directory, at, 4) != kCentralHeader) {
      zip.damaged(fmt::format("directory entry {} is garbled", e));
    }
    const auto flags = little(directory, at + 8, 2);
    const auto method = little(directory, at + 10, 2);
    const auto crc = static_cast<std::uint32_t>(little(directory, at + 16, 4));
    std::uint64_t packed = little(directory, at + 20, 4), size = little(directory, at + 24, 4);
    const std::size_t name = little(directory, at + 28, 2), extra = little(directory, at + 30, 2),
                      comment = little(directory, at + 32, 2);
    std::uint64_t local = little(directory, at + 42, 4);
    if (at + kCentralSize + name + extra + comment > directory.size()) zip.damaged(fmt::format("directory entry {} is cut", e));
    // A zip64 extra field holds the sizes and offset that overflow 32 bits, in this order.
    for (std::size_t x = at + kCentralSize + name; x + 4 <= at + kCentralSize + name + extra;) {
      const auto id = little(directory, x, 2), length = little(directory, x + 2, 2);
      if (x + 4 + length > at + kCentralSize + name + extra) zip.damaged(fmt::format("directory entry {} is garbled", e));
      if (id == 1) {
        std::size_t field = x + 4;
        for (std::uint64_t* value : {&size, &packed, &local}) {
          if (*value != 0xFFFFFFFFu) continue;
          if (field + 8 > x + 4 + length) zip.damaged(fmt::format("directory entry {} is garbled", e));
          *value = little(directory, field, 8);
          field += 8;
        }
      }
      x += 4 + length;
    }
    const std::string record(directory.begin() + static_cast<std::ptrdiff_t>(at + kCentralSize),
                             directory.begin() + static_cast<std::ptrdiff_t>(at + kCentralSize + name));
    if (e == 0) {
      const auto slash = record.find('/');
      if (slash == std::string::npos) zip.damaged(fmt::format("its first record '{}' is in no folder", record));
      folder = record.substr(0, slash + 1);
      lower_folder = lowercase(folder);
    }
    // LibTorch finds records through miniz, which compares names without case: a second record of
    // the same name could be the one it reads.
    const std::string lower = lowercase(record);
    if (!names.insert(lower).second) zip.damaged(fmt::format("record '{}' appears twice", record));
    std::string* keep = size > 64                                     ? nullptr
                        : lower == lower_folder + "version"           ? &version
                        : lower == lower_folder + ".data/version"     ? &data_version
                                                                      : nullptr;
    if (keep) keep->clear();
    has_version = has_version || keep != nullptr;
    const auto header = zip.read(local, kLocalSize);
    if (little(header, 0, 4) != kLocalHeader) zip.damaged(fmt::format("record {} has no header", e));
    const std::uint64_t data = local + kLocalSize + little(header, 26, 2) + little(header, 28, 2);
    if (data > d.offset || packed > d.offset - data) zip.damaged(fmt::format("record {} overlaps the directory", e));
    if (unreadable.empty() && (flags & (kEncrypted | kPatchData | kStrongEncryption)) != 0) {
      unreadable = fmt::format("record {} is encrypted or patch data (flags 0x{:04x})", e, flags);
    }
    std::uint32_t actual = 0;
    if (method == 0) {
      if (packed != size) zip.damaged(fmt::format("stored record {} has two sizes", e));
      actual = zip.crc_of_stored(data, packed, keep);
    } else if (method == 8) {
      actual = zip.crc_of_deflated(data, packed, size, keep);
    } else {
      zip.damaged(fmt::format("record {} uses compression method {}", e, method));
    }
    if (actual != crc) zip.damaged(fmt::format("record {} fails its CRC-32", e));
    at += kCentralSize + name + extra + comment;
  }
  // What LibTorch's reader demands of every archive once miniz has opened it: it throws from its
  // constructor otherwise, leaking miniz's reader state (scripts/sanitize/lsan.supp), so the
  // archive is refused here first.
  if (d.entries == 0) zip.damaged("it holds no records");
  // miniz refuses to extract encrypted records and patch data, so LibTorch would throw on them too.
  if (!unreadable.empty()) zip.damaged(unreadable);
  if (!data_version.empty()) version = data_version;
  while (!version.empty() && std::isspace(static_cast<unsigned char>(version.back()))) version.pop_back();
  if (!has_version || version.empty() || version.size() > 2 ||
      !std::all_of(version.begin(), version.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
      std::stoi(version) < 1 || std::stoi(version) > 10) {
    zip.damaged(fmt::format("no version record of a LibTorch archive format 1-10 in '{}'", folder));
  }
}

}  // namespace hwnas::train
