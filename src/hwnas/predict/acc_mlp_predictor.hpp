// Kind acc-mlp: OFA's accuracy MLP (train/accuracy_predictor.hpp) as a predictor kind, trained on a
// stored accuracy:<source> (subnets evaluated with `hwnas supernet eval`). Its file is an ordinary
// predictor file whose "model" is the MLP's own JSON, which `accuracy:pred:<file>` also reads.
#pragma once

#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

std::unique_ptr<Predictor> train_acc_mlp(const TrainingInput& input);
std::unique_ptr<Predictor> load_acc_mlp(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                        const std::filesystem::path& file);

}  // namespace hwnas::predict
