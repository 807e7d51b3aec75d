// `lut`: OFA / ProxylessNAS lookup tables. Every distinct layer configuration (block at its input
// shape, stride, skip, SE and activation; stem and head parts) is measured once on its own on the
// device's engine, and a network's latency is the sum over its layers. The sum misses what only
// whole networks pay (framework overhead per call, cache effects between layers), so a linear
// calibration a·sum + b is fitted on the training networks. OFA's Note10 YAML tables
// load as uncalibrated lookup tables.
#pragma once

#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

std::unique_ptr<Predictor> train_lut(const TrainingInput& input);
std::unique_ptr<Predictor> load_lut(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                    const std::filesystem::path& file);
// key: {count, mean, var} entries (mean in ms); keys in layer_key's naming.
std::unique_ptr<Predictor> load_ofa_lut_yaml(const space::Space& space, const std::filesystem::path& file);

}  // namespace hwnas::predict
