// A PyTorch state_dict file as `torch.save` writes it — the zip archive of PyTorch ≥ 1.6 or the
// legacy format before it — read with hwnas's own unpickler (pickle_reader.hpp): a dict or
// OrderedDict of name -> tensor, bare or under "state_dict" (as OFA publishes its checkpoints).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <torch/torch.h>

namespace hwnas::train {

// Tensors as float32 on the CPU, their views materialised; entries that are not tensors are left
// out. Throws InputError naming the file when it is missing, damaged, or holds no tensors.
std::map<std::string, torch::Tensor> read_state_dict(const std::filesystem::path& path);

}  // namespace hwnas::train
