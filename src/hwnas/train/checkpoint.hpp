// A training run's checkpoint: named modules, optimisers and numbers in one LibTorch archive, the
// one way the three supernet trainers (the elastic supernet's, HURRICANE's SPOS supernet's and
// S3NAS's search) save and resume. The file is written under a temporary name and renamed, so a
// process killed while checkpointing leaves the previous checkpoint whole.
//
// An entry named "" is the archive's root, which is the layout torch::save(module) writes; a
// supernet folder's weights.pt and optimizer.pt (docs/training.md) are such files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <torch/torch.h>

namespace hwnas::train {

class CheckpointWriter {
 public:
  CheckpointWriter& add(const std::string& name, const torch::nn::Module& module);
  CheckpointWriter& add(const std::string& name, const torch::optim::Optimizer& optimizer);
  CheckpointWriter& add(const std::string& name, const torch::Tensor& tensor);
  CheckpointWriter& add(const std::string& name, double value);
  // Writes the archive to `file`, replacing an earlier one only once the new one is complete.
  void write(const std::filesystem::path& file);

 private:
  torch::serialize::OutputArchive archive_;
};

class CheckpointReader {
 public:
  // Opens `file`; InputError naming it when it is missing or no LibTorch archive. `what` says what
  // the file should have been ("S3NAS search checkpoint"), for that message.
  CheckpointReader(const std::filesystem::path& file, std::string what);

  // Each throws InputError naming the file and the entry when the entry is missing or does not fit
  // (another network's weights).
  void read(const std::string& name, torch::nn::Module& module);
  void read(const std::string& name, torch::optim::Optimizer& optimizer);
  torch::Tensor tensor(const std::string& name);
  double value(const std::string& name);

 private:
  template <typename Read>
  void guarded(const std::string& name, Read&& read);

  std::filesystem::path file_;
  std::string what_;
  torch::serialize::InputArchive archive_;
};

}  // namespace hwnas::train
