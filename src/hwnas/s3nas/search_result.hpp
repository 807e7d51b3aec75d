// What `hwnas s3nas search` leaves in its folder besides the checkpoint: result.json (the found
// architecture, the table's estimate and the source's latency, the settings) and architecture.txt
// (docs/s3nas.md).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/s3nas/search.hpp"

namespace hwnas::s3nas {

nlohmann::json search_result_json(const space::Space& space, const std::string& latency_source,
                                  const SearchOptions& options, const SearchOutcome& outcome, double source_ms);

// Writes result.json and architecture.txt into `out`.
void write_search_result(const std::filesystem::path& out, const nlohmann::json& result);

}  // namespace hwnas::s3nas
