// Synthetic "measured" latency for predictor tests: per layer a cost from its MACs plus a
// block-dependent constant (what a real CPU engine roughly does), summed, so every kind can learn
// it and the expected errors are known. Written into a real store, like hwnas measure does.
#pragma once

#include <filesystem>
#include <random>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/predict/layer_context.hpp"
#include "hwnas/predict/sample.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::test {

inline constexpr const char* kSyntheticDevice = "cpu-synthetic-t1@test";

inline double synthetic_latency_ms(predict::LayerContexts& contexts, const arch::Architecture& a) {
  double ms = 0.4;
  for (const auto* t : contexts.layers(a)) ms += 2e-8 * static_cast<double>(t->macs) + (t->block >= 0 ? 0.05 * (1 + t->block % 3) : 0.1);
  return ms;
}

inline std::vector<predict::Sample> synthetic_samples(const space::Space& space, std::size_t n, std::uint64_t seed,
                                                      double noise_sd = 0) {
  predict::LayerContexts contexts(space);
  arch::Rng rng(seed);
  std::normal_distribution<double> noise(0, noise_sd);
  std::vector<predict::Sample> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = arch::sample_uniform(space, rng, 160);
    const double v = synthetic_latency_ms(contexts, a);
    out.push_back({a, arch::arch_hash(space, a), noise_sd > 0 ? v * (1 + noise(rng)) : v});
  }
  return out;
}

// A store with the samples as measurements of kSyntheticDevice (engine "opencv" in its settings).
inline void write_store(const std::filesystem::path& file, const space::Space& space,
                        const std::vector<predict::Sample>& samples, const std::string& device = kSyntheticDevice) {
  auto store = store::open_store(file.string());
  store->put_device({device, "opencv", {{"engine", "opencv"}, {"threads", 1}}, nlohmann::json::object()});
  for (const auto& s : samples) {
    store::MeasurementRecord m;
    m.arch_hash = s.hash;
    m.device_key = device;
    m.median_s = s.value * 1e-3;
    m.runs = 1;
    store->put_measurement(measure::arch_record(space, s.arch), m);
  }
}

}  // namespace hwnas::test
