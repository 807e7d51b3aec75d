// A metric source gives one number per architecture: cost counts, measured or simulated latency,
// predicted latency, accuracy. One syntax names them everywhere (docs/metrics.md):
//   macs | params | flops | latency:<device key>[:raw] | latency:sim:<device> | latency:pred:<file> | accuracy:<source>
// Profiling, prediction and search only see this interface, so a new kind of source plugs in
// without touching them.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::metric {

class MetricSource {
 public:
  virtual ~MetricSource() = default;
  // The spec this source was opened from, e.g. "latency:sim:midap".
  virtual const std::string& spec() const = 0;
  // Unit for axes and tables: "MACs", "params", "FLOPs", "ms", "%".
  virtual std::string unit() const = 0;
  // One value per architecture, in order. std::nullopt is an expected gap (e.g. a latency not in
  // the store when measuring is not allowed), not an error; misconfiguration throws InputError.
  // The count is checked here, once, so no caller has to: a source that returns another count is
  // broken, and that is a std::logic_error naming the spec and both counts.
  std::vector<std::optional<double>> evaluate(const space::Space& space, std::span<const arch::Architecture> archs);
  // How many architectures one evaluate call should take, so callers that report progress after
  // each call report it often enough: large for counts, small for sources that measure.
  virtual std::size_t preferred_batch() const { return 1024; }

 private:
  // What each kind of source implements: evaluate's values, before their count is checked.
  virtual std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                            std::span<const arch::Architecture> archs) = 0;
};

// What sources may need beyond their spec: where measurements live, whether missing ones may be
// measured now.
struct MetricContext {
  std::string store_url;         // empty: no store
  bool measure_missing = false;  // latency:<device key> may measure what the store lacks
  bool compensate = false;       // ... and measures it with measure --compensate's protocol
  bool farm = false;             // ... by enqueueing it for the farm's workers and waiting (docs/farm.md)
};

// Parses a spec and opens its source; an unknown or malformed spec is an InputError that lists the
// accepted forms.
std::unique_ptr<MetricSource> open_metric(std::string_view spec, const MetricContext& context = {});

}  // namespace hwnas::metric
