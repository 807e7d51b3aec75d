#include "hwnas/hurricane/trained_network.hpp"

#include <fstream>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/checkpoint.hpp"

namespace hwnas::hurricane {
namespace {

constexpr const char* kFormat = "hwnas-hurricane-network/1";

}  // namespace

void save_trained_network(const std::filesystem::path& dir, const TrainedNetwork& network) {
  std::filesystem::create_directories(dir);
  train::CheckpointWriter().add("net", *network.net).write(dir / "weights.pt");
  std::ofstream space_file(dir / "space.yaml");
  space_file << space::write_space(network.space);
  const nlohmann::json info{
      {"format", kFormat},
      {"architecture", arch::to_canonical(network.space, network.architecture)},
      // The network takes images normalised as it was trained (x/255, then this mean and std).
      {"input_normalisation", {{"mean", kFashionMnistNormalisation.mean}, {"std", kFashionMnistNormalisation.std}}},
      {"training", network.training}};
  std::ofstream info_file(dir / "network.json");
  info_file << info.dump(2) << "\n";
  std::ofstream arch_file(dir / "architecture.txt");
  arch_file << info["architecture"].get<std::string>() << "\n";
  if (!space_file || !info_file || !arch_file) throw InputError("cannot write the trained network into " + dir.string());
}

bool is_trained_network_dir(const std::filesystem::path& dir) { return std::filesystem::exists(dir / "network.json"); }

TrainedNetwork load_trained_network(const std::filesystem::path& dir) {
  const auto info_path = dir / "network.json";
  std::ifstream in(info_path);
  if (!in) throw InputError(fmt::format("{} does not exist", info_path.string()));
  TrainedNetwork network;
  std::string architecture;
  try {
    const nlohmann::json info = nlohmann::json::parse(in);
    if (info.value("format", "") != kFormat)
      throw InputError(fmt::format("{}: not a trained HURRICANE network (format {})", info_path.string(), kFormat));
    architecture = info.at("architecture").get<std::string>();
    network.training = info.value("training", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: {}", info_path.string(), e.what()));
  }
  network.space = space::load_space((dir / "space.yaml").string());
  try {
    network.architecture = arch::parse_canonical(network.space, architecture);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: architecture: {}", info_path.string(), e.what()));
  }
  network.net = Supernet(network.space, SupernetOptions{});
  train::CheckpointReader(dir / "weights.pt", "trained HURRICANE network").read("net", *network.net);
  return network;
}

}  // namespace hwnas::hurricane
