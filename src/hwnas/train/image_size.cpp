#include "hwnas/train/image_size.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string>

namespace hwnas::train {
namespace {

using Bytes = std::string;

std::uint64_t big(const Bytes& b, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

std::uint64_t little(const Bytes& b, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

std::optional<ImageSize> png(const Bytes& b) {
  if (b.size() < 24 || b.compare(12, 4, "IHDR") != 0) return std::nullopt;
  return ImageSize{static_cast<std::int64_t>(big(b, 16, 4)), static_cast<std::int64_t>(big(b, 20, 4))};
}

// The first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC) holds height then width.
std::optional<ImageSize> jpeg(const Bytes& b) {
  for (std::size_t at = 2; at + 9 <= b.size();) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;
    const auto marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      return ImageSize{static_cast<std::int64_t>(big(b, at + 7, 2)), static_cast<std::int64_t>(big(b, at + 5, 2))};
    }
    at += 2 + big(b, at + 2, 2);
  }
  return std::nullopt;
}

std::optional<ImageSize> bmp(const Bytes& b) {
  if (b.size() < 26) return std::nullopt;
  const auto header = little(b, 14, 4);
  if (header == 12) return ImageSize{static_cast<std::int64_t>(little(b, 18, 2)), static_cast<std::int64_t>(little(b, 20, 2))};
  const auto width = static_cast<std::int32_t>(little(b, 18, 4)), height = static_cast<std::int32_t>(little(b, 22, 4));
  return ImageSize{std::abs(static_cast<std::int64_t>(width)), std::abs(static_cast<std::int64_t>(height))};
}

// P1–P6: width and height are the first two numbers after the magic, between blanks and comments.
std::optional<ImageSize> pnm(const Bytes& b) {
  std::int64_t numbers[2] = {0, 0};
  std::size_t at = 2;
  for (auto& number : numbers) {
    while (at < b.size() && (std::isspace(static_cast<unsigned char>(b[at])) || b[at] == '#')) {
      if (b[at] == '#') {
        while (at < b.size() && b[at] != '\n') ++at;
      } else {
        ++at;
      }
    }
    if (at >= b.size() || !std::isdigit(static_cast<unsigned char>(b[at]))) return std::nullopt;
    for (; at < b.size() && std::isdigit(static_cast<unsigned char>(b[at])) && number < (std::int64_t{1} << 40); ++at) {
      number = number * 10 + (b[at] - '0');
    }
  }
  return ImageSize{numbers[0], numbers[1]};
}

// The first directory's ImageWidth (256) and ImageLength (257) tags, SHORT or LONG.
std::optional<ImageSize> tiff(const Bytes& b) {
  const bool le = b[0] == 'I';
  const auto read = [&](std::size_t at, int n) { return le ? little(b, at, n) : big(b, at, n); };
  const auto ifd = read(4, 4);
  if (ifd + 2 > b.size()) return std::nullopt;
  const auto entries = read(ifd, 2);
  ImageSize size;
  for (std::uint64_t e = 0; e < entries && ifd + 2 + 12 * (e + 1) <= b.size(); ++e) {
    const std::size_t at = ifd + 2 + 12 * e;
    const auto tag = read(at, 2), type = read(at + 2, 2);
    const auto value = static_cast<std::int64_t>(type == 3 ? read(at + 8, 2) : read(at + 8, 4));
    if (tag == 256) size.width = value;
    if (tag == 257) size.height = value;
  }
  if (size.width == 0 && size.height == 0) return std::nullopt;
  return size;
}

std::optional<ImageSize> webp(const Bytes& b) {
  if (b.size() < 30) return std::nullopt;
  const std::string chunk = b.substr(12, 4);
  if (chunk == "VP8 ") return ImageSize{static_cast<std::int64_t>(little(b, 26, 2) & 0x3FFF), static_cast<std::int64_t>(little(b, 28, 2) & 0x3FFF)};
  if (chunk == "VP8L") {
    const auto bits = little(b, 21, 4);
    return ImageSize{static_cast<std::int64_t>((bits & 0x3FFF) + 1), static_cast<std::int64_t>(((bits >> 14) & 0x3FFF) + 1)};
  }
  if (chunk == "VP8X") return ImageSize{static_cast<std::int64_t>(little(b, 24, 3) + 1), static_cast<std::int64_t>(little(b, 27, 3) + 1)};
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> claimed_image_size(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  Bytes b(1 << 16, '\0');
  in.read(b.data(), static_cast<std::streamsize>(b.size()));
  b.resize(static_cast<std::size_t>(in.gcount()));
  if (b.size() < 8) return std::nullopt;
  if (b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return png(b);
  if (static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8) return jpeg(b);
  if (b.compare(0, 2, "BM") == 0) return bmp(b);
  if (b[0] == 'P' && b[1] >= '1' && b[1] <= '6') return pnm(b);
  if (b.compare(0, 4, "II*\0", 4) == 0 || b.compare(0, 4, "MM\0*", 4) == 0) return tiff(b);
  if (b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) return webp(b);
  return std::nullopt;
}

}  // namespace hwnas::train
