#include "hwnas/predict/predicted_metric.hpp"

#include <filesystem>

#include <fmt/core.h>

#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::predict {

PredictedMetric::PredictedMetric(std::string file) : file_(std::move(file)), spec_("latency:pred:" + file_) {
  if (!std::filesystem::exists(file_)) throw InputError(fmt::format("metric '{}': no predictor file {}", spec_, file_));
}

PredictedMetric::~PredictedMetric() = default;

std::vector<std::optional<double>> PredictedMetric::evaluate_batch(const space::Space& searched,
                                                                   std::span<const arch::Architecture> searched_archs) {
  const space::Space& space = base_.of(searched);
  const std::vector<arch::Architecture> archs = base_.map(searched, searched_archs);
  if (!predictor_) {
    predictor_ = load_predictor(file_, space);
    space_name_ = space.name;
  } else if (space.name != space_name_) {
    throw InputError(fmt::format("metric '{}': the predictor is for space '{}', not '{}'", spec_, space_name_, space.name));
  }
  for (const auto& a : archs) arch::validate(space, a);
  const auto values = predictor_->predict(archs);
  return {values.begin(), values.end()};
}

}  // namespace hwnas::predict
