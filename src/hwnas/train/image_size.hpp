// An image file's width and height read from its header, before OpenCV decodes it. OpenCV allocates
// the whole decoded image from the header's claim before it reads a pixel, so a 16-byte PGM that
// claims 663 × 666665 pixels costs 1.3 GB before failing (fuzz_image found it); checking the claim
// first keeps a damaged file's cost to its size. Formats: PNG, JPEG, BMP, PNM (P1–P6), TIFF, WebP.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace hwnas::train {

struct ImageSize {
  std::int64_t width = 0, height = 0;
};

// The size the header claims, or nullopt for a format not listed or a header too damaged to tell
// (OpenCV then decides).
std::optional<ImageSize> claimed_image_size(const std::filesystem::path& file);

}  // namespace hwnas::train
