#include "hwnas/train/supernet_dir.hpp"

#include <cmath>
#include <fstream>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/checkpoint.hpp"

namespace hwnas::train {

nlohmann::json to_json(const SupernetInfo& info) {
  return {{"format", "hwnas-supernet"},
          {"version", kSupernetFormatVersion},
          {"id", info.id},
          {"space", info.space_name},
          {"data_dir", info.data_dir.string()},
          {"options", info.options},
          {"network", {{"kernel_transform", info.network.kernel_transform()}, {"bn_eps", info.network.bn_eps()}}},
          {"normalisation", {{"mean", info.normalisation.mean}, {"std", info.normalisation.std}}},
          {"steps_done", info.steps_done},
          {"steps_total", info.steps_total},
          {"images_per_second", info.images_per_second}};
}

SupernetInfo info_from_json(const nlohmann::json& json, const std::string& source) {
  try {
    if (!json.is_object() || json.value("format", "") != "hwnas-supernet") {
      throw InputError(fmt::format("{} is not an hwnas supernet description", source));
    }
    if (json.value("version", 0) != kSupernetFormatVersion) {
      throw InputError(fmt::format("{}: supernet format version {} is not {} (the one this hwnas reads)", source,
                                   json.contains("version") ? json["version"].dump() : "(none)", kSupernetFormatVersion));
    }
    SupernetInfo info;
    info.id = json.at("id").get<std::string>();
    info.space_name = json.at("space").get<std::string>();
    info.data_dir = json.at("data_dir").get<std::string>();
    info.options = json.at("options");
    if (json.contains("network")) {
      const auto& network = json.at("network");
      const double eps = network.at("bn_eps").get<double>();
      if (!(eps > 0 && eps < 1)) throw InputError(fmt::format("{}: network.bn_eps {} is not in (0, 1)", source, eps));
      info.network.kernel_transform(network.at("kernel_transform").get<bool>()).bn_eps(eps);
    }
    info.normalisation.mean = json.at("normalisation").at("mean").get<std::vector<double>>();
    info.normalisation.std = json.at("normalisation").at("std").get<std::vector<double>>();
    const auto& norm = info.normalisation;
    bool finite = norm.mean.size() == norm.std.size() && !norm.mean.empty();
    for (std::size_t c = 0; finite && c < norm.mean.size(); ++c) {
      finite = std::isfinite(norm.mean[c]) && std::isfinite(norm.std[c]) && norm.std[c] > 0;
    }
    if (!finite) {
      throw InputError(fmt::format("{}: normalisation {} is not one finite mean and positive std per channel", source,
                                   json.at("normalisation").dump()));
    }
    info.steps_done = json.at("steps_done").get<std::int64_t>();
    info.steps_total = json.at("steps_total").get<std::int64_t>();
    info.images_per_second = json.value("images_per_second", 0.0);
    return info;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: {}", source, e.what()));
  }
}

bool is_supernet_dir(const std::filesystem::path& dir) { return std::filesystem::exists(dir / "supernet.json"); }

SupernetInfo read_info(const std::filesystem::path& dir) {
  const auto path = dir / "supernet.json";
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{} is not a supernet folder ({} is missing)", dir.string(), path.string()));
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{} is not valid JSON: {}", path.string(), e.what()));
  }
  return info_from_json(json, path.string());
}

void write_info(const std::filesystem::path& dir, const SupernetInfo& info) {
  const auto tmp = dir / "supernet.json.tmp";
  {
    std::ofstream out(tmp);
    out << to_json(info).dump(2) << "\n";
    if (!out) throw InputError(fmt::format("cannot write {}", tmp.string()));
  }
  std::filesystem::rename(tmp, dir / "supernet.json");
}

space::Space read_space(const std::filesystem::path& dir) { return space::load_space_file(dir / "space.yaml"); }

void write_space_file(const std::filesystem::path& dir, const space::Space& space) {
  std::ofstream out(dir / "space.yaml");
  out << space::write_space(space);
  if (!out) throw InputError(fmt::format("cannot write {}", (dir / "space.yaml").string()));
}

LoadedSupernet load_supernet(const std::filesystem::path& dir) {
  LoadedSupernet loaded;
  loaded.info = read_info(dir);
  loaded.space = read_space(dir);
  if (static_cast<int>(loaded.info.normalisation.mean.size()) != loaded.space.input_channels) {
    throw InputError(fmt::format("{}: its normalisation has {} channels, its space's input {}", dir.string(),
                                 loaded.info.normalisation.mean.size(), loaded.space.input_channels));
  }
  loaded.net = Supernet(loaded.space, loaded.info.network);
  const auto weights = dir / "weights.pt";
  if (!std::filesystem::exists(weights)) {
    throw InputError(fmt::format("supernet {} has no weights yet ({} is missing)", dir.string(), weights.string()));
  }
  CheckpointReader(weights, "file of this supernet's weights").read("", *loaded.net);
  return loaded;
}

}  // namespace hwnas::train
