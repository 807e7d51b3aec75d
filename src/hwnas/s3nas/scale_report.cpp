#include "hwnas/s3nas/scale_report.hpp"

#include <fstream>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::s3nas {

nlohmann::json scale_report(const space::Space& base, const arch::Architecture& a, double target_ms,
                            const std::string& latency_source, const ScalingOptions& options,
                            const ScalingResult& result) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : result.steps) {
    steps.push_back({{"coefficient", step.network.coefficient}, {"widths", step.network.widths},
                     {"depths", step.network.depths}, {"resolution", step.network.resolution},
                     {"latency_ms", step.latency_ms}, {"refinement", step.refinement}});
  }
  return {{"format", "hwnas-s3nas-scale/1"}, {"base_space", base.name},
          {"base_architecture", arch::to_canonical(base, a)}, {"latency_source", latency_source},
          {"target_ms", target_ms}, {"filter_multiple", options.filter_multiple},
          {"resolution_multiple", options.resolution_multiple},
          {"resolution_exponent", options.resolution_exponent}, {"tolerance", options.tolerance},
          {"target_passed", result.target_passed}, {"steps", steps}};
}

void write_scaled_network(const std::filesystem::path& out, const ScalingResult& result, double target_ms,
                          nlohmann::json& report) {
  if (result.chosen < 0) return;
  const auto& chosen = result.steps[static_cast<std::size_t>(result.chosen)];
  std::filesystem::create_directories(out);
  std::ofstream(out / "space.yaml") << space::write_space(chosen.network.space);
  const std::string canonical = arch::to_canonical(chosen.network.space, chosen.network.architecture);
  std::ofstream(out / "architecture.txt") << canonical << "\n";
  report["chosen"] = {{"coefficient", chosen.network.coefficient}, {"latency_ms", chosen.latency_ms},
                      {"space", chosen.network.space.name}, {"architecture", canonical},
                      {"vs_target_percent", (chosen.latency_ms / target_ms - 1) * 100}};
  std::ofstream(out / "scale.json") << report.dump(2) << "\n";
}

}  // namespace hwnas::s3nas
