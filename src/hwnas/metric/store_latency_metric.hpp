// latency:<device key> — the latency (ms) measured on a device, read from the store: the
// drift-compensated median where the measurement has one, else the median; latency:<device key>:raw
// always the median of the raw runs. With
// MetricContext::measure_missing, what the store lacks is measured now with the device's own engine
// settings (only on the machine the key names) and stored, so the next run finds it; with
// MetricContext::farm it is enqueued for the farm's workers of the key instead, and waited for.
#pragma once

#include <memory>

#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::metric {

class StoreLatencyMetric final : public MetricSource {
 public:
  // raw: read the raw median even where a compensated one is stored.
  StoreLatencyMetric(std::string device_key, bool raw, const MetricContext& context);
  ~StoreLatencyMetric() override;
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "ms"; }
  // Measuring here takes seconds per network: one at a time, so progress is seen. The farm gets a
  // whole batch at once, so its workers measure in parallel.
  std::size_t preferred_batch() const override { return measure_missing_ && !farm_ ? 1 : 1024; }

 private:
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override;
  measure::LatencyMeasurer& measurer();

  std::string device_key_;
  std::string spec_;
  bool raw_;
  bool measure_missing_;
  bool compensate_;
  bool farm_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<measure::LatencyMeasurer> measurer_;
};

}  // namespace hwnas::metric
