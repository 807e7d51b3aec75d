// accuracy:<source> — top-1 accuracy (%) of architectures, in three forms (docs/metrics.md):
//   accuracy:<supernet dir>   a folder written by `hwnas supernet train`: values stored under
//                             accuracy:<supernet id>; with measure_missing (or without a store) the
//                             missing ones are evaluated now (BN recalibration + test top-1) and stored
//   accuracy:pred:<file>      an accuracy predictor: hwnas JSON (`.json`) or OFA's PyTorch checkpoint
//   accuracy:<supernet id>    values already in the store under that name
#pragma once

#include <memory>
#include <optional>

#include "hwnas/metric/base_space.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/accuracy_predictor.hpp"
#include "hwnas/train/subnet_eval.hpp"

namespace hwnas::train {

class AccuracyMetric final : public metric::MetricSource {
 public:
  // `source` is the text after "accuracy:".
  AccuracyMetric(const std::string& source, const metric::MetricContext& context);
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "%"; }

 private:
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override;
  std::vector<std::optional<double>> from_supernet(const space::Space& space, std::span<const arch::Architecture> archs);

  std::string spec_;
  std::string store_source_;  // accuracy:<id> as the store names it
  bool measure_missing_ = false;
  std::unique_ptr<store::Store> store_;
  std::optional<std::filesystem::path> supernet_dir_;
  std::unique_ptr<SubnetEvaluator> evaluator_;
  std::optional<AccuracyPredictor> predictor_;
  metric::BaseSpace base_;  // reduced spaces are scored in the space the predictor or supernet was made for
};

}  // namespace hwnas::train
