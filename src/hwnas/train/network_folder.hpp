// One trained network on disk, so a winner leaves hwnas with the weights it was trained to (`hwnas
// hurricane retrain --save DIR`, `hwnas s3nas train --save DIR`, then `hwnas export --supernet DIR`):
//   network.json      {"format": "hwnas-network/1", "kind": "hurricane" | "s3nas", "architecture",
//                      "input_normalisation": {"mean", "std"}, "training": {…}} (docs/export.md)
//   architecture.txt  the network (canonical text), what `export --arch @…` reads
//   space.yaml        the space it is an architecture of
//   weights.pt        the trained module's parameters and buffers (train/checkpoint.hpp)
// The kind's part (hurricane, s3nas) knows its module; this file only writes and reads the folder.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/space/space.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::train {

struct NetworkFolder {
  std::string kind;
  space::Space space;
  arch::Architecture architecture;  // of `space`
  Normalisation input_normalisation;  // the network takes x/255 normalised with these
  nlohmann::json training = nlohmann::json::object();  // how it was trained, and its test accuracy
};

// Writes the folder (created), `module` as weights.pt; throws InputError when it cannot.
void write_network_folder(const std::filesystem::path& dir, const NetworkFolder& folder, const torch::nn::Module& module);
bool is_network_folder(const std::filesystem::path& dir);
// Reads network.json, space.yaml and architecture; InputError naming the file for a missing or
// malformed part, or a kind other than `kind`.
NetworkFolder read_network_folder(const std::filesystem::path& dir, const std::string& kind);
// Reads weights.pt into `module`, built for the folder's space.
void read_network_weights(const std::filesystem::path& dir, torch::nn::Module& module);
// The folder's kind, or InputError naming network.json.
std::string network_folder_kind(const std::filesystem::path& dir);

}  // namespace hwnas::train
