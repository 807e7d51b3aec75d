#include "hwnas/predict/predictor_kinds.hpp"

#include <array>
#include <fstream>

#include <fmt/core.h>

#include "hwnas/predict/acc_mlp_predictor.hpp"
#include "hwnas/predict/gru_predictor.hpp"
#include "hwnas/predict/linear_predictors.hpp"
#include "hwnas/predict/lut_predictor.hpp"
#include "hwnas/predict/xgb_predictor.hpp"

namespace hwnas::predict {
namespace {

const std::array<PredictorKind, 7> kKinds{{
    {"lut",
     "per-layer latencies measured alone on the device (or, --from layers, as its benchmark tool profiled them "
     "inside networks), summed, calibrated by a linear fit",
     train_lut, load_lut},
    {"ridge", "Bayesian ridge regression on block one-hots, depths, resolution and MACs (HURRICANE)", train_ridge,
     load_ridge},
    {"gru", "a bidirectional GRU over the block sequence, smaller than BlockProfile's (LibTorch)", train_gru, load_gru},
    {"gru-paper", "BlockProfile's GRU: embedding 112, 512 units per direction, last step's output, latency / max",
     train_gru_paper, load_gru},
    {"xgb", "gradient-boosted trees (XGBoost) on the ridge features plus per-position shapes", train_xgb, load_xgb},
    {"macs", "a linear fit on total MACs: the baseline every predictor should beat", train_macs, load_macs},
    {"acc-mlp", "OFA's accuracy MLP on one-hot kernels, expands and resolution; trains on accuracy:<source>",
     train_acc_mlp, load_acc_mlp},
}};

}  // namespace

std::span<const PredictorKind> predictor_kinds() { return kKinds; }

const PredictorKind& find_kind(std::string_view name) {
  std::string known;
  for (const auto& k : kKinds) {
    if (k.name == name) return k;
    known += (known.empty() ? "" : ", ") + std::string(k.name);
  }
  throw InputError(fmt::format("unknown predictor kind '{}' (known: {})", name, known));
}

std::unique_ptr<Predictor> load_predictor(const std::filesystem::path& file, const space::Space& space) {
  const std::string ext = file.extension().string();
  if (ext == ".yaml" || ext == ".yml") return load_ofa_lut_yaml(space, file);
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("{}: cannot read the predictor file", file.string()));
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a predictor file (JSON: {})", file.string(), e.what()));
  }
  // Every field a kind reads has its own message; a value of the wrong JSON type anywhere (a damaged
  // or hand-edited file) is still one InputError naming the file, never a JSON exception.
  try {
    if (!j.is_object() || j.value("format", "") != "hwnas-predictor") {
      throw InputError(
          fmt::format("{}: not an hwnas predictor file (no \"format\": \"hwnas-predictor\")", file.string()));
    }
    if (j.value("version", 0) != 1) {
      throw InputError(fmt::format("{}: predictor file version {} is not supported (this hwnas reads 1)", file.string(),
                                   j.contains("version") ? j["version"].dump() : "(none)"));
    }
    Provenance p = Provenance::from_json(j.at("provenance"), file.string());
    if (p.space != space.name) {
      throw InputError(fmt::format("{}: this predictor was trained for space '{}', not '{}'", file.string(), p.space,
                                   space.name));
    }
    std::vector<std::string> blocks;
    for (const auto& b : space.blocks) blocks.push_back(b.name);
    if (p.blocks != blocks) {
      throw InputError(fmt::format("{}: space '{}' has a different block vocabulary than the one this predictor was "
                                   "trained on ({} blocks then, {} now)",
                                   file.string(), space.name, p.blocks.size(), blocks.size()));
    }
    const PredictorKind& kind = find_kind(p.kind);
    return kind.load(space, std::move(p), j.at("model"), file);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a predictor file of this version ({})", file.string(), e.what()));
  }
}

void check_device(const Predictor& predictor, const std::string& device_key, const std::string& file) {
  const auto& p = predictor.provenance();
  if (p.device_key != device_key) {
    throw InputError(fmt::format("{}: this predictor predicts '{}' (device '{}'), not device '{}'", file, p.target,
                                 p.device_key.empty() ? "none" : p.device_key, device_key));
  }
}

}  // namespace hwnas::predict
