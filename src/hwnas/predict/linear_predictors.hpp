// The two linear kinds: `ridge` (Bayesian ridge on FeatureEncoder's linear features) and `macs`
// (latency = a·MACs + b, the baseline). Both predict by table lookups and one dot product.
#pragma once

#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

std::unique_ptr<Predictor> train_ridge(const TrainingInput& input);
std::unique_ptr<Predictor> load_ridge(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                      const std::filesystem::path& file);
std::unique_ptr<Predictor> train_macs(const TrainingInput& input);
std::unique_ptr<Predictor> load_macs(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                     const std::filesystem::path& file);

// Least-squares line through (x, y): {slope, intercept}. Needs two distinct x values.
std::pair<double, double> fit_line(std::span<const double> x, std::span<const double> y);

}  // namespace hwnas::predict
