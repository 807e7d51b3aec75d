#include "hwnas/predict/sample.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"

namespace hwnas::predict {
namespace {

std::uint64_t mix(std::uint64_t seed, const std::string& text) {
  std::uint64_t h = 1469598103934665603ull ^ (seed * 0x9e3779b97f4a7c15ull);
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 33);
}

arch::Architecture parse_record(const space::Space& space, const store::ArchRecord& rec) {
  if (rec.encoding == "net_str") return arch::from_net_str(space, rec.text, rec.resolution);
  return arch::parse_canonical(space, rec.text);
}

std::vector<std::string> session_keys(const std::string& target) {
  constexpr std::string_view lowest = "latency-min:";
  std::vector<std::string> keys;
  if (!target.starts_with(lowest)) return keys;
  std::string rest = target.substr(lowest.size());
  for (std::size_t at = 0; at <= rest.size();) {
    const auto comma = std::min(rest.find(',', at), rest.size());
    if (comma > at) keys.push_back(rest.substr(at, comma - at));
    at = comma + 1;
  }
  return keys;
}

}  // namespace

std::string latency_statistic(const std::vector<Sample>& samples) {
  std::size_t compensated = 0;
  for (const auto& s : samples) compensated += s.compensated ? 1 : 0;
  if (samples.empty()) return "";
  if (compensated == samples.size()) return "compensated";
  if (compensated == 0) return "raw";
  return fmt::format("compensated for {} of {}", compensated, samples.size());
}

std::string target_device_key(const std::string& target) {
  constexpr std::string_view latency = "latency:";
  constexpr std::string_view raw = ":raw";
  if (target.starts_with(latency)) {
    std::string key = target.substr(latency.size());
    if (key.ends_with(raw) && key.size() > raw.size()) key.resize(key.size() - raw.size());
    return key;
  }
  const auto keys = session_keys(target);
  return keys.empty() ? std::string() : keys.front();
}

namespace {

// Is the measurement at `at` bracketed by reference checks within (1 + max_drift) of the fastest?
class DriftGate {
 public:
  DriftGate(store::Store& store, const std::string& device, double max_drift) {
    const auto checks = store.reference_checks(device);
    double best = 0;
    for (const auto& c : checks) best = best == 0 ? c.median_s : std::min(best, c.median_s);
    for (const auto& c : checks) checks_.emplace_back(c.measured_at, c.median_s <= (1 + max_drift) * best);
    std::sort(checks_.begin(), checks_.end());
  }
  bool clean(const std::string& at) const {
    const auto after = std::lower_bound(checks_.begin(), checks_.end(), std::make_pair(at, false));
    if (after == checks_.begin() || after == checks_.end()) return false;
    return after->second && std::prev(after)->second;
  }

 private:
  std::vector<std::pair<std::string, bool>> checks_;  // (time, within the drift bound)
};

}  // namespace

std::vector<Sample> load_samples(store::Store& store, const space::Space& space, const std::string& target,
                                 double max_drift) {
  std::vector<Sample> samples;
  const std::string device = target_device_key(target);
  const bool raw = target.ends_with(":raw");
  if (const auto keys = session_keys(target); !keys.empty()) {
    // Several sessions of the same networks: the lowest median, since interference only slows runs.
    std::map<std::string, std::pair<Sample, std::size_t>> by_hash;
    for (const auto& key : keys) {
      for (const auto& s : load_samples(store, space, "latency:" + key, max_drift)) {
        auto [it, fresh] = by_hash.try_emplace(s.hash, s, 0);
        if (s.value < it->second.first.value) it->second.first = s;
        ++it->second.second;
      }
    }
    for (auto& [hash, entry] : by_hash) {
      // With a drift bound a network counts if any session timed it cleanly; without, if all did.
    if (max_drift > 0 || entry.second == keys.size()) samples.push_back(std::move(entry.first));
    }
  } else if (!device.empty()) {
    if (!store.find_device(device)) {
      std::string known;
      for (const auto& d : store.devices()) known += (known.empty() ? "" : ", ") + d.key;
      throw InputError(fmt::format("device key '{}' is not in store {} (known: {})", device, store.url(),
                                   known.empty() ? "none" : known));
    }
    store::MeasurementFilter filter;
    filter.device_key = device;
    filter.space = space.name;
    const DriftGate gate(store, device, max_drift);
    for (const auto& m : store.measurements(filter)) {
      if (max_drift > 0 && !gate.clean(m.measured_at)) continue;
      const auto rec = store.find_architecture(m.arch_hash);
      if (!rec || rec->space != space.name) continue;
      const bool compensated = !raw && m.compensated_median_s.has_value();
      samples.push_back({parse_record(space, *rec), m.arch_hash, (compensated ? *m.compensated_median_s : m.median_s) * 1e3,
                         compensated, m.layers});
    }
  } else if (target.starts_with("accuracy:")) {
    for (const auto& m : store.metrics(target)) {
      const auto rec = store.find_architecture(m.arch_hash);
      if (!rec || rec->space != space.name) continue;
      samples.push_back({parse_record(space, *rec), m.arch_hash, m.value, false, {}});
    }
  } else {
    throw InputError(fmt::format("training target '{}' is not a stored metric (latency:<device key>, "
                                 "latency-min:<key>,<key>... or accuracy:<source>)",
                                 target));
  }
  if (samples.empty()) {
    throw InputError(fmt::format("store {} has no '{}' values for space '{}'", store.url(), target, space.name));
  }
  std::sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) { return a.hash < b.hash; });
  return samples;
}

Split split_holdout(const std::vector<Sample>& samples, std::size_t holdout, std::uint64_t seed,
                    std::size_t train_limit) {
  if (holdout >= samples.size()) {
    throw InputError(fmt::format("cannot hold out {} of {} networks: nothing would be left to train on", holdout,
                                 samples.size()));
  }
  std::vector<std::pair<std::uint64_t, std::size_t>> order;
  order.reserve(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) order.emplace_back(mix(seed, samples[i].hash), i);
  std::sort(order.begin(), order.end());
  Split split;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Sample& s = samples[order[k].second];
    if (k < holdout) {
      split.test.push_back(s);
    } else if (train_limit == 0 || split.train.size() < train_limit) {
      split.train.push_back(s);
    }
  }
  return split;
}

std::vector<Sample> select_hashes(const std::vector<Sample>& samples, const std::vector<std::string>& hashes,
                                  bool keep) {
  const std::unordered_set<std::string> wanted(hashes.begin(), hashes.end());
  std::vector<Sample> out;
  for (const auto& s : samples) {
    if (wanted.contains(s.hash) == keep) out.push_back(s);
  }
  return out;
}

std::vector<Sample> scoring_samples(const Provenance& provenance, std::vector<Sample> samples,
                                    const std::string& store_url, bool all, const std::string& file) {
  if (provenance.store != store_url || all) return samples;
  const auto held_out = provenance.split.value("held_out_hashes", std::vector<std::string>{});
  if (held_out.empty()) {
    throw InputError(fmt::format("{}: trained without a hold-out; give --all to score on the training store", file));
  }
  return select_hashes(samples, held_out, true);
}

}  // namespace hwnas::predict
