// latency:sim:<device> — latency (ms) of an architecture on a simulated device (src/hwnas/sim/,
// docs/devices.md): a preset name from devices/ or a path to a device YAML file. With a store,
// every value is also written as a metric value whose provenance carries the device file's
// content hash, so values from an edited device file are never mixed with older ones.
#pragma once

#include <memory>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/sim/arch_simulator.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::metric {

class SimLatencyMetric final : public MetricSource {
 public:
  // device: what follows "latency:sim:"; an unknown preset or a bad file is an InputError.
  SimLatencyMetric(const std::string& device, const MetricContext& context);
  ~SimLatencyMetric() override;  // closes the store run it opened
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "ms"; }

 private:
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override;
  void store_value(const space::Space& space, const arch::Architecture& arch, double ms);

  std::string spec_;
  sim::ArchSimulator simulator_;
  std::unique_ptr<store::Store> store_;
  std::optional<std::int64_t> run_id_;
};

}  // namespace hwnas::metric
