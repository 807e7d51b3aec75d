// `xgb`: gradient-boosted regression trees (XGBoost's C API) on FeatureEncoder's tree features.
// The model is stored in XGBoost's own JSON model format inside the predictor file, so XGBoost
// itself (any language binding, 1.6 or later) can load it too.
#pragma once

#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

std::unique_ptr<Predictor> train_xgb(const TrainingInput& input);
std::unique_ptr<Predictor> load_xgb(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                    const std::filesystem::path& file);

}  // namespace hwnas::predict
