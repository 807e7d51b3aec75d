#include "hwnas/metric/store_latency_metric.hpp"

#include <fmt/core.h>

#include "hwnas/farm/wait_for_farm.hpp"
#include "hwnas/measure/fingerprint.hpp"

namespace hwnas::metric {

StoreLatencyMetric::StoreLatencyMetric(std::string device_key, bool raw, const MetricContext& context)
    : device_key_(std::move(device_key)),
      spec_("latency:" + device_key_ + (raw ? ":raw" : "")),
      raw_(raw),
      measure_missing_(context.measure_missing),
      compensate_(context.compensate),
      farm_(context.farm) {
  if (farm_ && !measure_missing_) throw InputError(fmt::format("metric '{}': --farm goes with --measure-missing", spec_));
  if (context.store_url.empty()) {
    throw InputError(fmt::format("metric '{}' reads measured latency from a store: give --db URL", spec_));
  }
  store_ = store::open_store(context.store_url);
  if (!measure_missing_ && !store_->find_device(device_key_)) {
    std::string known;
    for (const auto& d : store_->devices()) known += (known.empty() ? "" : ", ") + d.key;
    throw InputError(fmt::format("metric '{}': device key '{}' is not in store {} (known: {})", spec_, device_key_,
                                 context.store_url, known.empty() ? "none" : known));
  }
}

StoreLatencyMetric::~StoreLatencyMetric() {
  if (measurer_) measurer_->finish(store::RunStatus::complete);
}

measure::LatencyMeasurer& StoreLatencyMetric::measurer() {
  if (measurer_) return *measurer_;
  // The engine and protocol settings are the device's own: from its record, or from a default-form key
  // "cpu-<engine>-t<threads>@<host>" for a device not measured yet.
  measure::MeasureJob job;
  job.device_key = device_key_;
  const auto at = device_key_.rfind('@');
  if (at == std::string::npos || device_key_.substr(at + 1) != measure::hostname()) {
    throw InputError(fmt::format("metric '{}': cannot measure missing values here — the key names host '{}', this is '{}'",
                                 spec_, at == std::string::npos ? "?" : device_key_.substr(at + 1), measure::hostname()));
  }
  if (const auto device = store_->find_device(device_key_)) {
    job.engine = device->settings.value("engine", device->engine);
    job.threads = device->settings.value("threads", 1);
    job.weight_seed = device->settings.value("weight_seed", std::uint64_t{0});
    // Missing values are measured as the device's stored ones were (a quick protocol stays quick).
    if (device->settings.contains("protocol")) job.protocol = measure::ProtocolOptions::from_json(device->settings["protocol"]);
    job.thread_cpu_time = device->settings.value("timing", std::string("wall")) == "thread_cpu";
  } else {
    const std::string head = device_key_.substr(0, at);  // cpu-<engine>-t<threads>
    const auto t = head.rfind("-t");
    const auto dash = head.find('-');
    if (dash == std::string::npos || t == std::string::npos || t <= dash) {
      throw InputError(fmt::format("metric '{}': unknown device; measure it first with `hwnas measure`", spec_));
    }
    job.engine = head.substr(dash + 1, t - dash - 1);
    job.threads = std::stoi(head.substr(t + 2));
  }
  // A device registered with compensation keeps it (its protocol says so); --compensate asks for it.
  if (compensate_) job.protocol.compensate = true;
  measurer_ = std::make_unique<measure::LatencyMeasurer>(*store_, job, "metric " + spec_ + " (measure missing)");
  return *measurer_;
}

std::vector<std::optional<double>> StoreLatencyMetric::evaluate_batch(const space::Space& space,
                                                                      std::span<const arch::Architecture> archs) {
  if (measure_missing_ && farm_) {
    // The protocol is the device's own where it has measured before, else the default one.
    farm::SubmitOptions options{device_key_, {}, 0, 3};
    if (const auto device = store_->find_device(device_key_); device && device->settings.contains("protocol")) {
      options.protocol = measure::ProtocolOptions::from_json(device->settings["protocol"]);
    }
    if (compensate_) options.protocol.compensate = true;
    farm::measure_on_farm(*store_, space, std::vector<arch::Architecture>(archs.begin(), archs.end()), options);
  }
  std::vector<std::optional<double>> values;
  values.reserve(archs.size());
  for (const auto& a : archs) {
    const auto rec = measure::arch_record(space, a);
    auto m = store_->find_measurement(rec.hash, device_key_);
    if (!m && measure_missing_ && !farm_) {
      measurer().measure(space, a);
      m = store_->find_measurement(rec.hash, device_key_);
    }
    values.push_back(m ? std::optional<double>((raw_ ? m->median_s : m->latency_s()) * 1e3) : std::nullopt);
  }
  return values;
}

}  // namespace hwnas::metric
