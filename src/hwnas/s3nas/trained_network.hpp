// A network trained from scratch by `hwnas s3nas train --save DIR` as a trained-network folder
// (train/network_folder.hpp, kind "s3nas"): the MixConv supernet with its gates fixed to the
// architecture, which `hwnas export --supernet DIR` exports through network_weights.hpp.
#pragma once

#include <filesystem>

#include "hwnas/s3nas/mixconv_supernet.hpp"
#include "hwnas/train/network_folder.hpp"

namespace hwnas::s3nas {

inline constexpr const char* kNetworkKind = "s3nas";

struct TrainedNetwork {
  train::NetworkFolder folder;
  MixConvSupernet net{nullptr};
};

// Throws InputError naming the file for a missing or malformed part.
TrainedNetwork load_trained_network(const std::filesystem::path& dir);

}  // namespace hwnas::s3nas
