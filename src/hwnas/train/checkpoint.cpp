#include "hwnas/train/checkpoint.hpp"

#include <map>
#include <vector>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/torch_error.hpp"
#include "hwnas/train/zip_records.hpp"

namespace hwnas::train {
namespace {

std::map<std::string, std::vector<std::int64_t>> tensor_shapes(const torch::nn::Module& module) {
  std::map<std::string, std::vector<std::int64_t>> shapes;
  for (const auto& item : module.named_parameters()) shapes[item.key()] = item.value().sizes().vec();
  for (const auto& item : module.named_buffers()) shapes[item.key()] = item.value().sizes().vec();
  return shapes;
}

// A module or an optimiser at the archive's root (name "") or as a nested archive under `name`.
template <typename Saveable>
void write_object(torch::serialize::OutputArchive& archive, const std::string& name, const Saveable& object) {
  if (name.empty()) return object.save(archive);
  torch::serialize::OutputArchive nested;
  object.save(nested);
  archive.write(name, nested);
}

}  // namespace

CheckpointWriter& CheckpointWriter::add(const std::string& name, const torch::nn::Module& module) {
  write_object(archive_, name, module);
  return *this;
}

CheckpointWriter& CheckpointWriter::add(const std::string& name, const torch::optim::Optimizer& optimizer) {
  write_object(archive_, name, optimizer);
  return *this;
}

CheckpointWriter& CheckpointWriter::add(const std::string& name, const torch::Tensor& tensor) {
  archive_.write(name, tensor);
  return *this;
}

CheckpointWriter& CheckpointWriter::add(const std::string& name, double value) {
  return add(name, torch::tensor(value, torch::kFloat64));
}

void CheckpointWriter::write(const std::filesystem::path& file) {
  const auto tmp = std::filesystem::path(file).concat(".tmp");
  archive_.save_to(tmp.string());
  std::filesystem::rename(tmp, file);
}

CheckpointReader::CheckpointReader(const std::filesystem::path& file, std::string what)
    : file_(file), what_(std::move(what)) {
  if (!std::filesystem::is_regular_file(file)) throw InputError(fmt::format("{}: no such {}", file.string(), what_));
  check_zip_records(file, what_);
  try {
    archive_.load_from(file.string());
  } catch (const std::exception& e) {
    throw InputError(fmt::format("{}: not a readable {} ({})", file.string(), what_, torch_error_text(e)));
  }
}

template <typename Read>
void CheckpointReader::guarded(const std::string& name, Read&& read) {
  try {
    read();
  } catch (const std::exception& e) {
    throw InputError(fmt::format("{}: {} entry '{}' is missing or does not fit ({})", file_.string(), what_,
                                 name.empty() ? "(root)" : name, torch_error_text(e)));
  }
}

void CheckpointReader::read(const std::string& name, torch::nn::Module& module) {
  const auto expected = tensor_shapes(module);
  guarded(name, [&] {
    if (name.empty()) return module.load(archive_);
    torch::serialize::InputArchive nested;
    archive_.read(name, nested);
    module.load(nested);
  });
  // LibTorch's load replaces a tensor of another shape without complaint: another network's weights.
  for (const auto& [key, shape] : tensor_shapes(module)) {
    if (shape != expected.at(key)) {
      throw InputError(fmt::format("{}: {} entry '{}' does not fit: its '{}' is [{}], this network's [{}]", file_.string(),
                                   what_, name.empty() ? "(root)" : name, key, fmt::join(shape, ", "),
                                   fmt::join(expected.at(key), ", ")));
    }
  }
}

void CheckpointReader::read(const std::string& name, torch::optim::Optimizer& optimizer) {
  guarded(name, [&] {
    if (name.empty()) return optimizer.load(archive_);
    torch::serialize::InputArchive nested;
    archive_.read(name, nested);
    optimizer.load(nested);
  });
}

torch::Tensor CheckpointReader::tensor(const std::string& name) {
  torch::Tensor t;
  guarded(name, [&] { archive_.read(name, t); });
  return t;
}

double CheckpointReader::value(const std::string& name) {
  const torch::Tensor t = tensor(name);
  if (t.numel() != 1) {
    throw InputError(fmt::format("{}: {} entry '{}' holds {} numbers, not one", file_.string(), what_, name, t.numel()));
  }
  return t.item<double>();
}

}  // namespace hwnas::train
