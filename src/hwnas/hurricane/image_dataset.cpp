#include "hwnas/hurricane/image_dataset.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <memory>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::hurricane {
namespace {

constexpr float kMean = 0.2860f;
constexpr float kStd = 0.3530f;

struct GzCloser {
  void operator()(gzFile f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

std::vector<unsigned char> read_gz(const std::filesystem::path& file) {
  GzFile f(gzopen(file.string().c_str(), "rb"));
  if (!f) throw InputError(fmt::format("{}: cannot open (Fashion-MNIST IDX file expected)", file.string()));
  std::vector<unsigned char> bytes;
  std::array<unsigned char, 1 << 16> buffer{};
  int n = 0;
  while ((n = gzread(f.get(), buffer.data(), buffer.size())) > 0) bytes.insert(bytes.end(), buffer.begin(), buffer.begin() + n);
  if (n < 0) throw InputError(fmt::format("{}: not a readable gzip file", file.string()));
  return bytes;
}

std::uint32_t big_endian(const std::vector<unsigned char>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

// IDX header: magic 0x00000800 | dims, then one 32-bit size per dimension.
std::vector<std::uint32_t> idx_dims(const std::vector<unsigned char>& b, std::uint32_t expected_dims,
                                    const std::filesystem::path& file) {
  if (b.size() < 4 + 4 * expected_dims || big_endian(b, 0) != (0x800u | expected_dims)) {
    throw InputError(fmt::format("{}: not an IDX file of unsigned bytes with {} dimensions", file.string(), expected_dims));
  }
  std::vector<std::uint32_t> dims;
  std::size_t payload = 1;
  for (std::uint32_t i = 0; i < expected_dims; ++i) {
    dims.push_back(big_endian(b, 4 + 4 * i));
    payload *= dims.back();
  }
  if (b.size() != 4 + 4 * expected_dims + payload) {
    throw InputError(fmt::format("{}: {} bytes of data, the header announces {}", file.string(), b.size() - 4 - 4 * expected_dims,
                                 payload));
  }
  return dims;
}

}  // namespace

ImageDataset load_fashion_mnist(const std::filesystem::path& dir, const std::string& split) {
  if (split != "train" && split != "t10k") throw InputError(fmt::format("Fashion-MNIST split: train or t10k, got '{}'", split));
  const auto images_file = dir / (split + "-images-idx3-ubyte.gz");
  const auto labels_file = dir / (split + "-labels-idx1-ubyte.gz");
  const auto images = read_gz(images_file);
  const auto labels = read_gz(labels_file);
  const auto idims = idx_dims(images, 3, images_file);
  const auto ldims = idx_dims(labels, 1, labels_file);
  if (idims[0] != ldims[0]) {
    throw InputError(fmt::format("{} has {} images but {} has {} labels", images_file.string(), idims[0], labels_file.string(), ldims[0]));
  }
  ImageDataset d;
  d.height = static_cast<int>(idims[1]);
  d.width = static_cast<int>(idims[2]);
  d.pixels.reserve(images.size() - 16);
  for (std::size_t i = 16; i < images.size(); ++i) d.pixels.push_back((images[i] / 255.0f - kMean) / kStd);
  for (std::size_t i = 8; i < labels.size(); ++i) {
    if (labels[i] >= d.classes) throw InputError(fmt::format("{}: label {} at {} is not in 0..9", labels_file.string(), labels[i], i - 8));
    d.labels.push_back(labels[i]);
  }
  return d;
}

ImageDataset slice(const ImageDataset& data, std::size_t begin, std::size_t count) {
  ImageDataset out = data;
  begin = std::min(begin, data.size());
  count = std::min(count, data.size() - begin);
  const std::size_t per = static_cast<std::size_t>(data.channels) * data.height * data.width;
  out.pixels.assign(data.pixels.begin() + static_cast<std::ptrdiff_t>(begin * per),
                    data.pixels.begin() + static_cast<std::ptrdiff_t>((begin + count) * per));
  out.labels.assign(data.labels.begin() + static_cast<std::ptrdiff_t>(begin),
                    data.labels.begin() + static_cast<std::ptrdiff_t>(begin + count));
  return out;
}

}  // namespace hwnas::hurricane
