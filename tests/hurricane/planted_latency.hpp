// A test-only latency source with planted per-layer operator costs: M(A) = 100 + Σ over layers of
// cost(op, unit). k = 3 ops are cheapest, SE ops pay a surcharge, later units are cheaper — so the
// expected per-layer rankings are known in closed form.
#pragma once

#include <string>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::test {

class PlantedLatency final : public metric::MetricSource {
 public:
  static double op_cost(const space::BlockSpec& b, int unit) {
    const double kernel = b.kernel == 3 ? 1.0 : b.kernel == 5 ? 1.6 : 2.5;
    const double family = b.kind == space::BlockKind::shuffle ? 1.0
                          : b.kind == space::BlockKind::shuffle_xception ? 1.2
                          : b.kind == space::BlockKind::sep ? 1.5
                                                            : 1.1 + 0.2 * b.expand;
    return kernel * family * (b.se ? 1.4 : 1.0) / (unit + 1);
  }
  static constexpr double kBase = 100;

  static double exact(const space::Space& s, const arch::Architecture& a) {
    double m = kBase;
    for (std::size_t u = 0; u < a.units.size(); ++u) {
      for (int b : a.units[u].blocks) m += op_cost(s.blocks[static_cast<std::size_t>(b)], static_cast<int>(u));
    }
    return m;
  }

  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "ms"; }
  std::vector<std::optional<double>> evaluate_batch(const space::Space& s,
                                                    std::span<const arch::Architecture> archs) override {
    std::vector<std::optional<double>> out;
    for (const auto& a : archs) out.emplace_back(exact(s, a));
    evaluations += archs.size();
    return out;
  }
  std::size_t evaluations = 0;

 private:
  std::string spec_ = "latency:planted";
};

}  // namespace hwnas::test
