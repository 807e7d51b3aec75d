#include "hwnas/train/network_folder.hpp"

#include <fstream>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::train {
namespace {

constexpr const char* kNetworkFolderFormat = "hwnas-network/1";

nlohmann::json read_network_info(const std::filesystem::path& dir) {
  const auto path = dir / "network.json";
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{} does not exist", path.string()));
  try {
    nlohmann::json info = nlohmann::json::parse(in);
    if (!info.is_object() || info.value("format", "") != kNetworkFolderFormat)
      throw InputError(fmt::format("{}: not a trained network (format {})", path.string(), kNetworkFolderFormat));
    info.at("kind").get<std::string>();
    info.at("architecture").get<std::string>();
    return info;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: {}", path.string(), e.what()));
  }
}

}  // namespace

void write_network_folder(const std::filesystem::path& dir, const NetworkFolder& folder, const torch::nn::Module& module) {
  std::filesystem::create_directories(dir);
  CheckpointWriter().add("net", module).write(dir / "weights.pt");
  const std::string canonical = arch::to_canonical(folder.space, folder.architecture);
  const nlohmann::json info{{"format", kNetworkFolderFormat},
                            {"kind", folder.kind},
                            {"architecture", canonical},
                            {"input_normalisation",
                             {{"mean", folder.input_normalisation.mean}, {"std", folder.input_normalisation.std}}},
                            {"training", folder.training}};
  std::ofstream space_file(dir / "space.yaml");
  space_file << space::write_space(folder.space);
  std::ofstream arch_file(dir / "architecture.txt");
  arch_file << canonical << "\n";
  std::ofstream info_file(dir / "network.json");
  info_file << info.dump(2) << "\n";
  if (!space_file || !arch_file || !info_file) throw InputError("cannot write the trained network into " + dir.string());
}

bool is_network_folder(const std::filesystem::path& dir) { return std::filesystem::exists(dir / "network.json"); }

std::string network_folder_kind(const std::filesystem::path& dir) { return read_network_info(dir).at("kind").get<std::string>(); }

NetworkFolder read_network_folder(const std::filesystem::path& dir, const std::string& kind) {
  const nlohmann::json info = read_network_info(dir);
  const std::string where = (dir / "network.json").string();
  NetworkFolder folder;
  folder.kind = info.at("kind").get<std::string>();
  if (folder.kind != kind) throw InputError(fmt::format("{}: a {} network, not {}", where, folder.kind, kind));
  try {
    const auto& norm = info.at("input_normalisation");
    folder.input_normalisation = {norm.at("mean").get<std::vector<double>>(), norm.at("std").get<std::vector<double>>()};
    folder.training = info.value("training", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  }
  folder.space = space::load_space((dir / "space.yaml").string());
  try {
    folder.architecture = arch::parse_canonical(folder.space, info.at("architecture").get<std::string>());
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: architecture: {}", where, e.what()));
  }
  return folder;
}

void read_network_weights(const std::filesystem::path& dir, torch::nn::Module& module) {
  CheckpointReader(dir / "weights.pt", "trained network weights").read("net", module);
}

}  // namespace hwnas::train
