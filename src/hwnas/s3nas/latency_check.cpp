#include "hwnas/s3nas/latency_check.hpp"

#include <cmath>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"

namespace hwnas::s3nas {

double LatencyCheck::max_ape_percent() const {
  return evaluation.worst.empty() ? 0 : std::abs(evaluation.worst.front().relative_error) * 100;
}

nlohmann::json LatencyCheck::to_json() const {
  return {{"space", space},
          {"source", source},
          {"samples", evaluation.count},
          {"seed", seed},
          {"mape_percent", evaluation.mape},
          {"max_ape_percent", max_ape_percent()},
          {"base_ms", base_ms}};
}

LatencyCheck check_latency_table(const space::Space& space, const LatencyTable& table, metric::MetricSource& source,
                                 int samples, std::uint64_t seed) {
  arch::Rng rng(seed);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < samples; ++i) archs.push_back(arch::sample_uniform(space, rng));
  const auto measured = source.evaluate(space, archs);
  std::vector<double> estimated, actual;
  std::vector<std::string> hashes;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    if (!measured[i] || !(*measured[i] > 0)) continue;  // a gap, or nothing to compare against
    estimated.push_back(table.estimate(space, archs[i]));
    actual.push_back(*measured[i]);
    hashes.push_back(arch::arch_hash(space, archs[i]));
  }
  if (actual.empty()) throw InputError(source.spec() + " gave no latency for the sampled architectures");
  return {space.name, source.spec(), seed, table.base_ms(), predict::evaluate(estimated, actual, hashes, 1)};
}

}  // namespace hwnas::s3nas
