#include "hwnas/train/subnet_eval.hpp"

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/measure/latency_measurer.hpp"

namespace hwnas::train {

void recalibrate_batch_norm(Supernet& net, const arch::Architecture& arch, const ImageSet& calibration,
                            int batch_size) {
  torch::NoGradGuard no_grad;
  net->train();
  net->reset_bn_statistics();
  std::int64_t batch = 0;
  for (std::int64_t begin = 0; begin < calibration.size(); begin += batch_size, ++batch) {
    const std::int64_t count = std::min<std::int64_t>(batch_size, calibration.size() - begin);
    net->set_bn_momentum(1.0 / static_cast<double>(batch + 1));
    net->forward(calibration.images.narrow(0, begin, count), arch);
  }
  net->set_bn_momentum(0.1);
  net->eval();
}

double top1_accuracy(Supernet& net, const arch::Architecture& arch, const ImageSet& set, int batch_size) {
  torch::NoGradGuard no_grad;
  net->eval();
  std::int64_t correct = 0;
  for (std::int64_t begin = 0; begin < set.size(); begin += batch_size) {
    const std::int64_t count = std::min<std::int64_t>(batch_size, set.size() - begin);
    const torch::Tensor logits = net->forward(set.images.narrow(0, begin, count), arch);
    correct += logits.argmax(1).eq(set.labels.narrow(0, begin, count)).sum().item<std::int64_t>();
  }
  return set.size() > 0 ? 100.0 * static_cast<double>(correct) / static_cast<double>(set.size()) : 0.0;
}

SubnetEvaluator::SubnetEvaluator(const std::filesystem::path& supernet_dir, const EvalOptions& options)
    : dir_(supernet_dir), options_(options), supernet_(load_supernet(supernet_dir)) {
  torch::set_num_threads(options_.threads);
  const DataFolder data = load_data_folder(supernet_.info.data_dir);
  // Calibration images come from the training file, never from the test split.
  const std::int64_t calibration = std::min(options_.calibration_images, data.train.size());
  calibration_ = normalise(data.train.slice(0, calibration), supernet_.info.normalisation);
  const std::int64_t test = options_.test_images > 0 ? std::min(options_.test_images, data.test.size())
                                                      : data.test.size();
  test_ = normalise(data.test.slice(0, test), supernet_.info.normalisation);
}

double SubnetEvaluator::accuracy(const arch::Architecture& arch) {
  recalibrate_batch_norm(supernet_.net, arch, calibration_, options_.batch_size);
  return top1_accuracy(supernet_.net, arch, test_, options_.batch_size);
}

nlohmann::json SubnetEvaluator::provenance() const {
  return {{"supernet", std::filesystem::absolute(dir_).string()},
          {"supernet_id", supernet_.info.id},
          {"steps_trained", supernet_.info.steps_done},
          {"data_dir", supernet_.info.data_dir.string()},
          {"calibration_images", calibration_.size()},
          {"test_images", test_.size()},
          {"split", "test"}};
}

std::vector<double> evaluate_into_store(SubnetEvaluator& evaluator, std::span<const arch::Architecture> archs,
                                        store::Store& store, bool replace, bool quiet) {
  const std::string source = evaluator.metric_source();
  const std::int64_t run = store.begin_run("supernet eval " + source);
  std::vector<double> values;
  ProgressLine progress("supernet eval", archs.size());
  try {
    for (std::size_t i = 0; i < archs.size(); ++i) {
      const store::ArchRecord record = measure::arch_record(evaluator.space(), archs[i]);
      const auto stored = replace ? std::nullopt : store.find_metric(record.hash, source);
      if (stored) {
        values.push_back(stored->value);
      } else {
        store::MetricRecord m;
        m.arch_hash = record.hash;
        m.source = source;
        m.value = evaluator.accuracy(archs[i]);
        m.provenance = evaluator.provenance();
        m.run_id = run;
        store.put_metric(record, m, store::OnExisting::replace);
        values.push_back(m.value);
      }
      if (!quiet) progress.update(i + 1, fmt::format("last {:.2f}%", values.back()));
    }
  } catch (...) {
    store.end_run(run, store::RunStatus::failed);
    throw;
  }
  store.end_run(run, store::RunStatus::complete);
  return values;
}

}  // namespace hwnas::train
