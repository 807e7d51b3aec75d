// A retrained HURRICANE winner as a trained-network folder (train/network_folder.hpp, kind
// "hurricane"): `hwnas hurricane retrain --save DIR` writes it, `hwnas export --supernet DIR` reads
// it. Its space is the one-path space the winner was retrained in, its weights the supernet's, BN
// statistics recalibrated for the winner as its test accuracy was measured.
#pragma once

#include <filesystem>

#include "hwnas/hurricane/supernet.hpp"
#include "hwnas/train/network_folder.hpp"

namespace hwnas::hurricane {

inline constexpr const char* kNetworkKind = "hurricane";

struct TrainedNetwork {
  train::NetworkFolder folder;
  Supernet net{nullptr};
};

// Throws InputError naming the file for a missing or malformed part.
TrainedNetwork load_trained_network(const std::filesystem::path& dir);

}  // namespace hwnas::hurricane
