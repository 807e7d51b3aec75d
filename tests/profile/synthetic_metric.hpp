// A metric with known per-(u, l, b) effects for checking the profiler: M(A) = offset + Σ over
// active layers of effect(u, l, b) + Gaussian noise drawn at every evaluation. Its exact
// expectations follow from the uniform depth distribution.
#pragma once

#include <algorithm>
#include <random>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::test {

class SyntheticAdditiveMetric final : public metric::MetricSource {
 public:
  SyntheticAdditiveMetric(double noise_sd, std::uint64_t seed) : noise_(0, noise_sd), rng_(seed) {}

  static double effect(int unit, int layer, int block) {
    // Distinct, irregular values: a location part and a block part that varies by location.
    return 10.0 * (unit + 1) + 4.0 * layer + 1.5 * block * (1 + 0.3 * ((unit + layer) % 3)) + (block % 2 ? 2.0 : 0.0);
  }
  static constexpr double kOffset = 100;

  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "u"; }
  std::vector<std::optional<double>> evaluate_batch(const space::Space&,
                                                    std::span<const arch::Architecture> archs) override {
    std::vector<std::optional<double>> out;
    largest_call = std::max(largest_call, archs.size());
    for (const auto& a : archs) {
      double m = kOffset;
      for (std::size_t u = 0; u < a.units.size(); ++u) {
        for (std::size_t l = 0; l < a.units[u].blocks.size(); ++l) {
          m += effect(static_cast<int>(u), static_cast<int>(l), a.units[u].blocks[l]);
        }
      }
      out.emplace_back(m + noise_(rng_));
      ++evaluations;
    }
    return out;
  }
  std::size_t preferred_batch() const override { return batch; }
  std::size_t evaluations = 0;
  std::size_t largest_call = 0;  // most architectures one evaluate call received
  std::size_t batch = 1024;      // what preferred_batch() answers

 private:
  std::string spec_ = "synthetic";
  std::normal_distribution<double> noise_;
  std::mt19937_64 rng_;
};

}  // namespace hwnas::test
