#include "hwnas/metric/sim_latency_metric.hpp"

#include "hwnas/measure/latency_measurer.hpp"

namespace hwnas::metric {

SimLatencyMetric::SimLatencyMetric(const std::string& device, const MetricContext& context)
    : spec_("latency:sim:" + device), simulator_(sim::load_device(device)) {
  if (!context.store_url.empty()) store_ = store::open_store(context.store_url);
}

SimLatencyMetric::~SimLatencyMetric() {
  if (run_id_) store_->end_run(*run_id_, store::RunStatus::complete);
}

std::vector<std::optional<double>> SimLatencyMetric::evaluate_batch(const space::Space& space,
                                                                    std::span<const arch::Architecture> archs) {
  std::vector<std::optional<double>> values;
  values.reserve(archs.size());
  const sim::TemplateBuilder builder(simulator_.device(), space);
  for (const auto& a : archs) {
    const double ms = simulator_.simulate(builder, a, false).total_s * 1e3;
    if (store_) store_value(space, a, ms);
    values.emplace_back(ms);
  }
  return values;
}

void SimLatencyMetric::store_value(const space::Space& space, const arch::Architecture& arch, double ms) {
  const sim::Device& device = simulator_.device();
  const store::ArchRecord rec = measure::arch_record(space, arch);
  // Same device file content: the value is already there. Another content: replace it.
  if (const auto old = store_->find_metric(rec.hash, spec_);
      old && old->provenance.value("device_hash", "") == device.content_hash) {
    return;
  }
  if (!run_id_) run_id_ = store_->begin_run(spec_);
  store::MetricRecord value;
  value.arch_hash = rec.hash;
  value.source = spec_;
  value.value = ms;
  value.run_id = run_id_;
  value.provenance = {{"kind", "simulation"},
                      {"device", device.name},
                      {"device_file", device.source_file},
                      {"device_hash", device.content_hash},
                      {"padded_resolution", device.padded_resolution(arch.resolution)},
                      {"hwnas_version", HWNAS_VERSION}};
  store_->put_metric(rec, value, store::OnExisting::replace);
}

}  // namespace hwnas::metric
