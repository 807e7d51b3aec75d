// XGBoost's JSON model (the "xgboost_model" of an xgb predictor file) checked before XGBoost reads
// it: XGBoost trusts a model's tree arrays, and a damaged one makes its prediction read out of bounds
// (a crash) or loop. The checks are those of a tree XGBoost grows: every per-node array as long as
// the tree's num_nodes, children after their parent (so no cycle), split features within the
// model's num_feature, tree ids 0, 1, … in order, numeric splits only (hwnas never trains
// categorical ones).
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace hwnas::predict {

// Throws InputError naming `source` and what is wrong unless `model` is a gbtree model over exactly
// `features` features whose trees XGBoost can walk safely.
void check_xgboost_model(const nlohmann::json& model, std::size_t features, const std::string& source);

}  // namespace hwnas::predict
