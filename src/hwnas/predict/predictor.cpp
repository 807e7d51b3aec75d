#include "hwnas/predict/predictor.hpp"

#include <fstream>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::predict {

nlohmann::json Provenance::to_json() const {
  return {{"kind", kind},       {"space", space},         {"blocks", blocks},     {"target", target},
          {"device_key", device_key}, {"unit", unit},     {"store", store},       {"samples", samples},
          {"trained_at", trained_at}, {"hwnas_version", hwnas_version}, {"split", split},
          {"settings", settings}, {"metrics", metrics}, {"latency_statistic", latency_statistic}};
}

Provenance Provenance::from_json(const nlohmann::json& j, const std::string& file) {
  try {
    Provenance p;
    p.kind = j.at("kind").get<std::string>();
    p.space = j.at("space").get<std::string>();
    p.blocks = j.at("blocks").get<std::vector<std::string>>();
    p.target = j.at("target").get<std::string>();
    p.device_key = j.value("device_key", "");
    p.latency_statistic = j.value("latency_statistic", "");
    p.unit = j.value("unit", "ms");
    p.store = j.value("store", "");
    p.samples = j.value("samples", std::size_t{0});
    p.trained_at = j.value("trained_at", "");
    p.hwnas_version = j.value("hwnas_version", "");
    p.split = j.value("split", nlohmann::json::object());
    p.settings = j.value("settings", nlohmann::json::object());
    p.metrics = j.value("metrics", nlohmann::json::object());
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: bad predictor provenance: {}", file, e.what()));
  }
}

void write_predictor_file(const std::filesystem::path& file, const Provenance& provenance,
                          const nlohmann::json& model) {
  std::ofstream out(file);
  if (!out) throw InputError(fmt::format("{}: cannot write the predictor file", file.string()));
  out << nlohmann::json{{"format", "hwnas-predictor"}, {"version", 1}, {"provenance", provenance.to_json()},
                        {"model", model}}
             .dump(1)
      << "\n";
  if (!out) throw InputError(fmt::format("{}: write failed", file.string()));
}

}  // namespace hwnas::predict
