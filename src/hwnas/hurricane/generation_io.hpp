// Files a space generation leaves beside the space YAML: every scored (layer, op) pair as CSV, so a
// choice can be checked against its numbers (format in docs/hurricane.md).
#pragma once

#include <filesystem>

#include "hwnas/hurricane/space_generation.hpp"

namespace hwnas::hurricane {

// Columns: layer,unit,unit_layer,output,op,flops,params,latency,latency_lo,latency_hi,samples,score,rank,chosen
// (chosen: kept | explore | no).
void write_scores_csv(const GeneratedSpace& generated, const LayerProfile& profile, const std::filesystem::path& file);

// "<out stem>.scores.csv" beside a generated space file.
std::filesystem::path scores_path(const std::filesystem::path& space_file);

}  // namespace hwnas::hurricane
