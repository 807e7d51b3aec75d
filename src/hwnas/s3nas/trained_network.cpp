#include "hwnas/s3nas/trained_network.hpp"

namespace hwnas::s3nas {

TrainedNetwork load_trained_network(const std::filesystem::path& dir) {
  TrainedNetwork network{train::read_network_folder(dir, kNetworkKind), nullptr};
  network.net = MixConvSupernet(network.folder.space);
  train::read_network_weights(dir, *network.net);
  return network;
}

}  // namespace hwnas::s3nas
