// A trained predictor: architecture -> a number (latency in ms now, accuracy later), with the
// provenance of its training. Every kind (lut, ridge, gru, xgb, macs; docs/predictors.md) is one
// class behind this interface and one row of the kind table (predictor_kinds.hpp), so a new kind is
// added without touching the CLI, evaluation or the metric source latency:pred:<file>.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::predict {

// Where a predictor came from; written into every predictor file ("provenance").
struct Provenance {
  std::string kind;                   // "ridge", "lut", ...
  std::string space;                  // Space::name
  std::vector<std::string> blocks;    // the space's block vocabulary, so an edited space is refused
  std::string target;                 // the stored metric it predicts: "latency:<device key>", "accuracy:<source>"
  std::string device_key;             // latency targets: the device key; empty otherwise
  // Latency targets: which median it learnt — "compensated" (measure --compensate), "raw", or
  // "compensated for N of M" when the store had both. Empty for other targets and older files.
  std::string latency_statistic;
  std::string unit = "ms";
  std::string store;                  // store URL the samples came from
  std::size_t samples = 0;            // training networks
  std::string trained_at;             // ISO 8601 UTC
  std::string hwnas_version = HWNAS_VERSION;
  nlohmann::json split = nlohmann::json::object();     // seed, held-out hashes (never trained on)
  nlohmann::json settings = nlohmann::json::object();  // kind-specific hyper-parameters
  nlohmann::json metrics = nlohmann::json::object();   // training-set and held-out evaluation

  nlohmann::json to_json() const;
  static Provenance from_json(const nlohmann::json& json, const std::string& file);
};

class Predictor {
 public:
  virtual ~Predictor() = default;
  const Provenance& provenance() const { return provenance_; }
  Provenance& provenance() { return provenance_; }
  // One value per architecture, in the target's unit. Architectures must belong to the space the
  // predictor was trained for (load_predictor checks the space; validate() checks each one).
  virtual std::vector<double> predict(std::span<const arch::Architecture> archs) = 0;
  // Writes the predictor file (JSON; the GRU also writes its tensor archive beside it).
  virtual void save(const std::filesystem::path& file) const = 0;

 protected:
  Provenance provenance_;
};

// Writes {"format": "hwnas-predictor", "version": 1, "provenance": ..., "model": model} to file.
void write_predictor_file(const std::filesystem::path& file, const Provenance& provenance,
                          const nlohmann::json& model);

}  // namespace hwnas::predict
