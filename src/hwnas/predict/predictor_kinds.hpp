// The kind table: every predictor kind is one row (name, how to train it, how to load its file).
// `hwnas predictor train --kind K` and load_predictor dispatch through it, so adding a kind (e.g. an
// accuracy MLP trained on accuracy:<source>) is one row here plus its own source file.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hwnas/predict/predictor.hpp"
#include "hwnas/predict/sample.hpp"

namespace hwnas::predict {

struct TrainingInput {
  const space::Space& space;
  std::span<const Sample> train;  // the only networks a kind may learn from
  Provenance provenance;          // filled by the caller (space, target, store, split); kinds add settings
  nlohmann::json options = nlohmann::json::object();  // kind options, e.g. {"epochs": 50}
  std::string engine;             // lut: the device's engine spec and threads, to measure layers
  int threads = 1;
  bool quiet = false;             // no progress lines (tests)
};

struct PredictorKind {
  std::string_view name;
  std::string_view summary;
  std::unique_ptr<Predictor> (*train)(const TrainingInput& input);
  std::unique_ptr<Predictor> (*load)(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                     const std::filesystem::path& file);
};

std::span<const PredictorKind> predictor_kinds();
// InputError listing the known kinds for an unknown name.
const PredictorKind& find_kind(std::string_view name);

// Reads a predictor file for `space`: an hwnas predictor JSON (any kind), or an OFA lookup-table
// YAML (kind lut, no provenance). A file of another space or another block vocabulary
// is an InputError naming both.
std::unique_ptr<Predictor> load_predictor(const std::filesystem::path& file, const space::Space& space);

// InputError unless the predictor predicts latency on exactly this device key.
void check_device(const Predictor& predictor, const std::string& device_key, const std::string& file);

}  // namespace hwnas::predict
