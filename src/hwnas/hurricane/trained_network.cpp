#include "hwnas/hurricane/trained_network.hpp"

namespace hwnas::hurricane {

TrainedNetwork load_trained_network(const std::filesystem::path& dir) {
  TrainedNetwork network{train::read_network_folder(dir, kNetworkKind), nullptr};
  network.net = Supernet(network.folder.space, SupernetOptions{});
  train::read_network_weights(dir, *network.net);
  return network;
}

}  // namespace hwnas::hurricane
