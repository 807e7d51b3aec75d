#include "hwnas/s3nas/search_result.hpp"

#include <fstream>

#include "hwnas/arch/encoding.hpp"

namespace hwnas::s3nas {

nlohmann::json search_result_json(const space::Space& space, const std::string& latency_source,
                                  const SearchOptions& options, const SearchOutcome& outcome, double source_ms) {
  return {{"space", space.name},
          {"latency_source", latency_source},
          {"target_ms", options.target_ms},
          {"architecture", arch::to_canonical(space, outcome.architecture)},
          {"estimated_ms", outcome.estimated_ms},
          {"source_ms", source_ms},
          {"steps", outcome.steps_done},
          {"finished", outcome.finished},
          {"last_cross_entropy", outcome.last_cross_entropy},
          {"lambda1", options.lambda1},
          {"lambda2", options.lambda2},
          {"seed", options.seed}};
}

void write_search_result(const std::filesystem::path& out, const nlohmann::json& result) {
  std::ofstream(out / "result.json") << result.dump(2) << "\n";
  std::ofstream(out / "architecture.txt") << result.at("architecture").get<std::string>() << "\n";
}

}  // namespace hwnas::s3nas
