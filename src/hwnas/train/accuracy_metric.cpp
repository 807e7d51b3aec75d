#include "hwnas/train/accuracy_metric.hpp"

#include <fmt/core.h>

#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/train/supernet_dir.hpp"

namespace hwnas::train {

AccuracyMetric::AccuracyMetric(const std::string& source, const metric::MetricContext& context)
    : spec_("accuracy:" + source), measure_missing_(context.measure_missing) {
  if (!context.store_url.empty()) store_ = store::open_store(context.store_url);
  constexpr std::string_view pred = "pred:";
  if (source.starts_with(pred)) {
    const std::filesystem::path file = source.substr(pred.size());
    predictor_ = file.extension() == ".json" ? AccuracyPredictor::load(file)
                                             : AccuracyPredictor::load_ofa_checkpoint(file, "ofa-mbv3");
    return;
  }
  if (is_supernet_dir(source)) {
    supernet_dir_ = source;
    store_source_ = "accuracy:" + read_info(source).id;
    return;
  }
  if (!store_) {
    throw InputError(fmt::format("metric '{}': '{}' is not a supernet folder (no supernet.json) and there is no "
                                 "store to read accuracy:{} from; give --db URL or a supernet folder",
                                 spec_, source, source));
  }
  store_source_ = spec_;
}

std::vector<std::optional<double>> AccuracyMetric::evaluate_batch(const space::Space& searched,
                                                                  std::span<const arch::Architecture> searched_archs) {
  const space::Space& space = base_.of(searched);
  const std::vector<arch::Architecture> archs = base_.map(searched, searched_archs);
  if (predictor_) {
    const auto predicted = predictor_->predict(space, archs);
    return {predicted.begin(), predicted.end()};
  }
  return from_supernet(space, archs);
}

std::vector<std::optional<double>> AccuracyMetric::from_supernet(const space::Space& space,
                                                                 std::span<const arch::Architecture> archs) {
  std::vector<std::optional<double>> values;
  values.reserve(archs.size());
  // Evaluating is allowed when asked for, or when there is no store to read from.
  const bool may_evaluate = supernet_dir_ && (measure_missing_ || !store_);
  for (const auto& a : archs) {
    const store::ArchRecord record = measure::arch_record(space, a);
    std::optional<double> value;
    if (store_) {
      if (const auto m = store_->find_metric(record.hash, store_source_)) value = m->value;
    }
    if (!value && may_evaluate) {
      if (!evaluator_) {
        evaluator_ = std::make_unique<SubnetEvaluator>(*supernet_dir_, EvalOptions{});
        if (evaluator_->space().name != space.name) {
          throw InputError(fmt::format("metric '{}': the supernet covers space '{}', not '{}'", spec_,
                                       evaluator_->space().name, space.name));
        }
      }
      const double accuracy = evaluator_->accuracy(a);
      if (store_) {
        store::MetricRecord m;
        m.arch_hash = record.hash;
        m.source = store_source_;
        m.value = accuracy;
        m.provenance = evaluator_->provenance();
        store_->put_metric(record, m, store::OnExisting::replace);
      }
      value = accuracy;
    }
    values.push_back(value);
  }
  return values;
}

}  // namespace hwnas::train
