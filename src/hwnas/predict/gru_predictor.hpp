// `gru`: BlockProfile's latency predictor in LibTorch. Each searchable layer is a token:
// an embedding of its block plus a linear map of its six shape values (H_in, H_out, W_in, W_out / 112,
// C_in, C_out / the largest channel count); a bidirectional GRU reads the sequence, and the final
// hidden states of both directions go through dropout and a linear layer to the standardised latency.
// MSE, Adam 1e-3, batch 16 (of equal-length sequences, so no padding enters the recurrence).
// BlockProfile uses 112-wide embeddings, 512 hidden units per direction, the last step's output and
// latency divided by the largest training latency: `gru-paper` is that configuration; `gru` is
// smaller and standardises the target (docs/predictors.md says why).
// File: the JSON config + provenance, and a LibTorch tensor archive beside it (<file stem>.pt).
#pragma once

#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

std::unique_ptr<Predictor> train_gru(const TrainingInput& input);
std::unique_ptr<Predictor> train_gru_paper(const TrainingInput& input);
std::unique_ptr<Predictor> load_gru(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                    const std::filesystem::path& file);

}  // namespace hwnas::predict
