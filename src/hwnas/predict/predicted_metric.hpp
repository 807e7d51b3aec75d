// latency:pred:<file> — latency (ms) from a trained predictor file (docs/predictors.md). The file is
// loaded on first use for the space being evaluated; a predictor of another space is an InputError.
#pragma once

#include <memory>

#include "hwnas/metric/base_space.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/predict/predictor.hpp"

namespace hwnas::predict {

class PredictedMetric final : public metric::MetricSource {
 public:
  explicit PredictedMetric(std::string file);
  ~PredictedMetric() override;
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "ms"; }

 private:
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override;
  std::string file_;
  std::string spec_;
  std::string space_name_;
  std::unique_ptr<Predictor> predictor_;
  metric::BaseSpace base_;  // reduced spaces are scored in the space the predictor was trained on
};

}  // namespace hwnas::predict
