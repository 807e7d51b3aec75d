// A synthetic search task with structure, evaluated in microseconds (no IR build).
// On an MBConv space (ofa-mbv3), per active layer with expand e and kernel k:
//   toy:quality = Σ e        + resolution / 32        (maximise; more and wider layers are better)
//   toy:cost    = Σ e · k    · (resolution / 224)²    (minimise)
// The kernel adds cost and no quality, so k3 dominates k5 and k7 in every layer: a search that
// learns from its evaluations drops k5/k7, while uniform sampling keeps two thirds of them.
#pragma once

#include <memory>
#include <string>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/search/evaluator.hpp"
#include "hwnas/search/hypervolume.hpp"

namespace hwnas::test {

class ToyMetric final : public metric::MetricSource {
 public:
  explicit ToyMetric(std::string spec) : spec_(std::move(spec)) {}
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return spec_ == "toy:quality" ? "points" : "cost units"; }
  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override {
    std::vector<std::optional<double>> out;
    for (const auto& a : archs) {
      double sum = 0;
      for (const auto& unit : a.units) {
        for (int b : unit.blocks) {
          const auto& block = space.blocks[static_cast<std::size_t>(b)];
          sum += spec_ == "toy:quality" ? block.expand : block.expand * block.kernel;
        }
      }
      const double r = a.resolution;
      out.emplace_back(spec_ == "toy:quality" ? sum + r / 32 : sum * (r / 224) * (r / 224));
    }
    return out;
  }

 private:
  std::string spec_;
};

inline search::MetricOpener toy_opener() {
  return [](std::string_view spec) -> std::unique_ptr<metric::MetricSource> {
    return std::make_unique<ToyMetric>(std::string(spec));
  };
}

// ofa-mbv3 bounds: 20 layers at most, e ≤ 6, k ≤ 7, resolution ≤ 224.
inline search::HvBox toy_box_two_objectives() { return {{20 * 6 + 7, 0}, {0, 20 * 6 * 7}}; }
inline search::HvBox toy_box_quality() { return {{20 * 6 + 7}, {0}}; }

}  // namespace hwnas::test
