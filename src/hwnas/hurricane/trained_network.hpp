// A retrained HURRICANE winner on disk, so the network leaves hwnas with the weights it was
// trained to (`hwnas hurricane retrain --save DIR`, then `hwnas export --supernet DIR`):
//   network.json  {"format": "hwnas-hurricane-network/1", "architecture", "input_normalisation",
//                  "training": …} (docs/hurricane.md)
//   architecture.txt  the winner (canonical text), what `export --arch @…` reads
//   space.yaml    the one-path space the winner was retrained in (its op alone at every layer)
//   weights.pt    the supernet's parameters and BN statistics (train/checkpoint.hpp), the BN
//                 statistics recalibrated for the winner as its test accuracy was measured
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/hurricane/supernet.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::hurricane {

struct TrainedNetwork {
  space::Space space;
  arch::Architecture architecture;  // of `space`
  Supernet net{nullptr};
  nlohmann::json training = nlohmann::json::object();  // how it was trained, and its test accuracy
};

// Writes the folder (created); throws InputError when it cannot.
void save_trained_network(const std::filesystem::path& dir, const TrainedNetwork& network);
bool is_trained_network_dir(const std::filesystem::path& dir);
// Throws InputError naming the file for a missing or malformed part.
TrainedNetwork load_trained_network(const std::filesystem::path& dir);

}  // namespace hwnas::hurricane
