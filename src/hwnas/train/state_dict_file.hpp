// A PyTorch state_dict file as `torch.save` writes it, read with LibTorch's unpickler: a dict of
// name -> tensor, bare or under "state_dict" (as OFA publishes its checkpoints).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <torch/torch.h>

namespace hwnas::train {

// Tensors as float32 on the CPU. Throws InputError naming the file when it is missing or not a
// dict of tensors. LibTorch 1.13's unpickler cannot rebuild an OrderedDict carrying state
// (`_metadata`), which is what `torch.save(model.state_dict())` writes; the error then prints the
// one-line conversion to a plain dict, which loads. A dict of exactly one entry fails too (its
// pickle uses SETITEM, which that unpickler lacks); with a second entry beside it, it loads.
std::map<std::string, torch::Tensor> read_state_dict(const std::filesystem::path& path);

}  // namespace hwnas::train
