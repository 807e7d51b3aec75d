#include "hwnas/train/subnet_eval.hpp"

#include <chrono>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/measure/latency_measurer.hpp"

namespace hwnas::train {

namespace {

// BN statistics as an exact average over the calibration batches: momentum 1/(k + 1) at batch k.
class BatchNormRecalibration {
 public:
  explicit BatchNormRecalibration(Supernet& net) : net_(net) {
    net_->train();
    net_->reset_bn_statistics();
  }
  ~BatchNormRecalibration() {
    net_->set_bn_momentum(0.1);
    net_->eval();
  }
  void add(const torch::Tensor& images, const arch::Architecture& arch) {
    net_->set_bn_momentum(1.0 / static_cast<double>(++batches_));
    net_->forward(images, arch);
  }

 private:
  Supernet& net_;
  std::int64_t batches_ = 0;
};

}  // namespace

void recalibrate_batch_norm(Supernet& net, const arch::Architecture& arch, const ImageSet& calibration,
                            int batch_size) {
  torch::NoGradGuard no_grad;
  BatchNormRecalibration recalibration(net);
  for (std::int64_t begin = 0; begin < calibration.size(); begin += batch_size) {
    const std::int64_t count = std::min<std::int64_t>(batch_size, calibration.size() - begin);
    recalibration.add(calibration.images.narrow(0, begin, count), arch);
  }
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

namespace {

std::string data_spec(const std::filesystem::path& dir, const SupernetInfo& info, const EvalOptions& options) {
  if (!options.data.empty()) return options.data;
  if (info.data_dir.empty()) {
    throw InputError(fmt::format("supernet {} has no data folder of its own (it was imported): give the data, "
                                 "e.g. --data imagefolder:DIR",
                                 dir.string()));
  }
  return info.data_dir.string();
}

}  // namespace

SubnetEvaluator::SubnetEvaluator(const std::filesystem::path& supernet_dir, const EvalOptions& options)
    : dir_(supernet_dir),
      options_(options),
      supernet_(load_supernet(supernet_dir)),
      device_(torch::cuda::is_available() ? torch::kCUDA : torch::kCPU) {
  torch::set_num_threads(options_.threads);
  data_ = open_eval_data(data_spec(dir_, supernet_.info, options_), supernet_.info.normalisation,
                         options_.calibration_images, options_.test_images);
  supernet_.net->to(device_);
}

SubnetAccuracy SubnetEvaluator::evaluate(const arch::Architecture& arch) {
  torch::NoGradGuard no_grad;
  {
    BatchNormRecalibration recalibration(supernet_.net);
    data_->calibration_batches(arch.resolution, options_.batch_size, [&](const torch::Tensor& images, const torch::Tensor&) {
      recalibration.add(images.to(device_), arch);
    });
  }
  std::int64_t top1 = 0;
  std::int64_t top5 = 0;
  double loss_sum = 0;
  std::int64_t seen = 0;
  ProgressLine progress(fmt::format("subnet r{}", arch.resolution), static_cast<std::size_t>(data_->test_size()));
  const auto start = std::chrono::steady_clock::now();
  const auto rate = [&] {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return seconds > 0 ? static_cast<double>(seen) / seconds : 0.0;
  };
  data_->test_batches(arch.resolution, options_.batch_size, [&](const torch::Tensor& images, const torch::Tensor& labels) {
    const torch::Tensor logits = supernet_.net->forward(images.to(device_), arch).cpu();
    const torch::Tensor best = std::get<1>(logits.topk(std::min<std::int64_t>(5, logits.size(1)), 1));
    const torch::Tensor hits = best.eq(labels.unsqueeze(1));
    top1 += hits.select(1, 0).sum().item<std::int64_t>();
    top5 += hits.any(1).sum().item<std::int64_t>();
    loss_sum += torch::nn::functional::cross_entropy(
                    logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
    seen += labels.size(0);
    if (options_.progress) progress.update(static_cast<std::size_t>(seen), fmt::format("{:.0f} images/s", rate()));
  });
  const double n = static_cast<double>(std::max<std::int64_t>(seen, 1));
  return {100.0 * static_cast<double>(top1) / n, 100.0 * static_cast<double>(top5) / n, loss_sum / n, rate()};
}

nlohmann::json SubnetEvaluator::provenance() const {
  nlohmann::json p = {{"supernet", std::filesystem::absolute(dir_).string()},
                      {"supernet_id", supernet_.info.id},
                      {"steps_trained", supernet_.info.steps_done},
                      {"calibration_images", data_->calibration_size()},
                      {"test_images", data_->test_size()}};
  p.update(data_->provenance());
  return p;
}

std::vector<SubnetAccuracy> evaluate_into_store(SubnetEvaluator& evaluator, std::span<const arch::Architecture> archs,
                                        store::Store& store, bool replace, bool quiet) {
  const std::string source = evaluator.metric_source();
  const std::int64_t run = store.begin_run("supernet eval " + source);
  std::vector<SubnetAccuracy> values;
  ProgressLine progress("supernet eval", archs.size());
  try {
    for (std::size_t i = 0; i < archs.size(); ++i) {
      const store::ArchRecord record = measure::arch_record(evaluator.space(), archs[i]);
      const auto stored = replace ? std::nullopt : store.find_metric(record.hash, source);
      if (stored) {
        const auto top5 = store.find_metric(record.hash, evaluator.top5_source());
        values.push_back({stored->value, top5 ? top5->value : 0.0, 0.0, 0.0});
      } else {
        const SubnetAccuracy accuracy = evaluator.evaluate(archs[i]);
        store::MetricRecord m;
        m.arch_hash = record.hash;
        m.provenance = evaluator.provenance();
        m.provenance["images_per_second"] = accuracy.images_per_second;
        m.run_id = run;
        // Top-5 first: a stored top-1 is what marks the architecture done.
        m.source = evaluator.top5_source();
        m.value = accuracy.top5;
        store.put_metric(record, m, store::OnExisting::replace);
        m.source = source;
        m.value = accuracy.top1;
        store.put_metric(record, m, store::OnExisting::replace);
        values.push_back(accuracy);
      }
      if (!quiet) progress.update(i + 1, fmt::format("last top-1 {:.2f}%", values.back().top1));
    }
  } catch (...) {
    store.end_run(run, store::RunStatus::failed);
    throw;
  }
  store.end_run(run, store::RunStatus::complete);
  return values;
}

}  // namespace hwnas::train
