// Training a predictor from a store, the way `hwnas predictor train` does: load the target's
// samples, hold out a seeded split that the kind never sees, train, evaluate on both sets, and
// record everything in the provenance. Also the noise floor: two measurements of the same networks.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "hwnas/predict/evaluation.hpp"
#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

struct TrainRequest {
  std::string kind;
  std::string target;      // latency:<device key> (or accuracy:<source> for accuracy kinds)
  std::string store_url;
  std::size_t holdout = 0;      // networks held out for testing (never trained on)
  std::size_t train_limit = 0;  // train on at most this many of the rest (0: all)
  std::uint64_t seed = 0;       // split seed
  double max_drift = 0;         // load_samples' drift bound (0: keep every measurement)
  nlohmann::json options = nlohmann::json::object();
  bool quiet = false;
};

struct TrainResult {
  std::unique_ptr<Predictor> predictor;
  Evaluation train;
  std::optional<Evaluation> test;  // when holdout > 0
  std::size_t train_count = 0, test_count = 0;
};

// Trains on exactly split_holdout(samples, holdout, seed, train_limit).train.
TrainResult train_predictor(const space::Space& space, const TrainRequest& request);
// The same with the samples given (tests; the curve reuses one loaded store).
TrainResult train_on_split(const space::Space& space, const TrainRequest& request, const std::vector<Sample>& train,
                           const std::vector<Sample>& test, const store::DeviceRecord* device);

Evaluation evaluate_on(Predictor& predictor, const std::vector<Sample>& samples);

// Measurement `repeat_device` of the networks also measured on `device`, scored as if it predicted
// them: the disagreement any predictor has to live with.
Evaluation noise_floor(store::Store& store, const space::Space& space, const std::string& device,
                       const std::string& repeat_device, double max_drift = 0);

}  // namespace hwnas::predict
