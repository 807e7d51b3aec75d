#include "hwnas/train/state_dict_file.hpp"

#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/torch_error.hpp"
#include "hwnas/train/zip_records.hpp"

namespace hwnas::train {

std::map<std::string, torch::Tensor> read_state_dict(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("checkpoint {} does not exist", path.string()));
  check_zip_records(path, "checkpoint written by torch.save");
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::map<std::string, torch::Tensor> state;
  try {
    torch::IValue value = torch::pickle_load(bytes);
    if (value.isGenericDict() && value.toGenericDict().contains("state_dict")) {
      value = value.toGenericDict().at("state_dict");
    }
    for (const auto& entry : value.toGenericDict()) {
      if (entry.value().isTensor()) state[entry.key().toStringRef()] = entry.value().toTensor().to(torch::kFloat32);
    }
  } catch (const std::exception& e) {
    throw InputError(fmt::format(
        "{} cannot be read as a dict of tensors ({}); if it is a state_dict saved directly, convert it once: "
        "python3 -c \"import torch; d = torch.load('{}', map_location='cpu'); d = d.get('state_dict', d); "
        "torch.save(dict(d), 'converted.pth')\"",
        path.string(), torch_error_text(e).substr(0, 120), path.string()));
  }
  if (state.empty()) throw InputError(fmt::format("{} holds no tensors", path.string()));
  return state;
}

}  // namespace hwnas::train
