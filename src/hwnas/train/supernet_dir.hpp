// A supernet on disk: one folder, documented in docs/training.md, readable by a later version:
//   supernet.json  what it is: format version, id, space name, data folder, training (or import)
//                  options, network options (kernel transformation, BN eps), normalisation,
//                  progress (steps done of total), measured throughput
//   space.yaml     the design space it covers (space::write_space), so the folder is self-contained
//   weights.pt     the supernet's parameters and BN buffers (a LibTorch archive: TorchScript zip)
//   optimizer.pt   the Adam state, for resuming
//   log.csv        training log: step,epoch,lr,loss,train_acc,images_per_s,val_acc_largest,val_acc_smallest
// Weights and optimizer are written as train/checkpoint.hpp writes, supernet.json to a temporary
// name and renamed too, so a process killed while checkpointing leaves the previous checkpoint intact.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/space/space.hpp"
#include "hwnas/train/dataset.hpp"
#include "hwnas/train/supernet.hpp"

namespace hwnas::train {

inline constexpr int kSupernetFormatVersion = 1;

struct SupernetInfo {
  std::string id;                  // names the metric: accuracy:<id>
  std::string space_name;
  std::filesystem::path data_dir;  // where it was trained (evaluation reads the same folder)
  nlohmann::json options = nlohmann::json::object();  // TrainOptions as JSON, or how it was imported
  SupernetOptions network;         // "network" in the file; absent in older files: the defaults
  Normalisation normalisation;
  std::int64_t steps_done = 0;
  std::int64_t steps_total = 0;
  double images_per_second = 0;    // training throughput of the last session
};

nlohmann::json to_json(const SupernetInfo& info);
// Throws InputError naming the file for a missing field or another format version.
SupernetInfo info_from_json(const nlohmann::json& json, const std::string& source);

bool is_supernet_dir(const std::filesystem::path& dir);
// Reads supernet.json; throws InputError when absent or malformed.
SupernetInfo read_info(const std::filesystem::path& dir);
void write_info(const std::filesystem::path& dir, const SupernetInfo& info);

// Loads space.yaml from the folder.
space::Space read_space(const std::filesystem::path& dir);
void write_space_file(const std::filesystem::path& dir, const space::Space& space);

// A trained supernet ready to evaluate.
struct LoadedSupernet {
  SupernetInfo info;
  space::Space space;
  Supernet net{nullptr};
};
LoadedSupernet load_supernet(const std::filesystem::path& dir);

}  // namespace hwnas::train
