#include "hwnas/predict/training.hpp"

#include <unordered_map>

#include <fmt/core.h>

namespace hwnas::predict {

Evaluation evaluate_on(Predictor& predictor, const std::vector<Sample>& samples) {
  std::vector<arch::Architecture> archs;
  std::vector<double> actual;
  std::vector<std::string> hashes;
  for (const auto& s : samples) {
    archs.push_back(s.arch);
    actual.push_back(s.value);
    hashes.push_back(s.hash);
  }
  const auto predicted = predictor.predict(archs);
  return evaluate(predicted, actual, hashes);
}

TrainResult train_on_split(const space::Space& space, const TrainRequest& request, const std::vector<Sample>& train,
                           const std::vector<Sample>& test, const store::DeviceRecord* device) {
  const PredictorKind& kind = find_kind(request.kind);
  Provenance p;
  p.kind = request.kind;
  p.space = space.name;
  for (const auto& b : space.blocks) p.blocks.push_back(b.name);
  p.target = request.target;
  p.device_key = target_device_key(request.target);
  // Latency in ms, accuracy (top-1 or top-5) in %, other metrics in their own unit, unnamed.
  p.unit = !p.device_key.empty() ? "ms" : request.target.starts_with("accuracy:") ? "%" : "";
  if (!p.device_key.empty()) p.latency_statistic = latency_statistic(train);
  p.store = request.store_url;
  p.samples = train.size();
  p.trained_at = store::utc_now();
  std::vector<std::string> held_out;
  for (const auto& s : test) held_out.push_back(s.hash);
  p.split = {{"seed", request.seed}, {"holdout", request.holdout}, {"train_limit", request.train_limit}, {"max_drift", request.max_drift},
             {"held_out_hashes", held_out}};
  TrainingInput input{space, train, p, request.options, std::string(), 1, request.quiet};
  if (device) {
    input.engine = device->settings.value("engine", device->engine);
    input.threads = device->settings.value("threads", 1);
  }
  TrainResult result;
  result.predictor = kind.train(input);
  result.train_count = train.size();
  result.test_count = test.size();
  result.train = evaluate_on(*result.predictor, train);
  auto& metrics = result.predictor->provenance().metrics;
  metrics["train"] = result.train.to_json();
  if (!test.empty()) {
    result.test = evaluate_on(*result.predictor, test);
    metrics["held_out"] = result.test->to_json();
  }
  return result;
}

TrainResult train_predictor(const space::Space& space, const TrainRequest& request) {
  auto store = store::open_store(request.store_url);
  const auto samples = load_samples(*store, space, request.target, request.max_drift);
  const Split split = split_holdout(samples, request.holdout, request.seed, request.train_limit);
  const std::string device_key = target_device_key(request.target);
  const auto device = device_key.empty() ? std::nullopt : store->find_device(device_key);
  return train_on_split(space, request, split.train, split.test, device ? &*device : nullptr);
}

Evaluation noise_floor(store::Store& store, const space::Space& space, const std::string& device,
                       const std::string& repeat_device, double max_drift) {
  const auto first = load_samples(store, space, "latency:" + device, max_drift);
  const auto second = load_samples(store, space, "latency:" + repeat_device, max_drift);
  std::unordered_map<std::string, double> by_hash;
  for (const auto& s : first) by_hash[s.hash] = s.value;
  std::vector<double> predicted, actual;
  std::vector<std::string> hashes;
  for (const auto& s : second) {
    const auto it = by_hash.find(s.hash);
    if (it == by_hash.end()) continue;
    predicted.push_back(s.value);
    actual.push_back(it->second);
    hashes.push_back(s.hash);
  }
  if (actual.empty()) {
    throw InputError(fmt::format("no network of space '{}' is measured on both '{}' and '{}' in {}", space.name, device,
                                 repeat_device, store.url()));
  }
  return evaluate(predicted, actual, hashes);
}

}  // namespace hwnas::predict
