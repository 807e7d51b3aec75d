// The report of a compound scaling run (`hwnas-s3nas-scale/1`, docs/s3nas.md): every coefficient
// tried with its widths, depths, resolution and latency, and the chosen network, which is written
// out as a space of its own plus its architecture.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/s3nas/compound_scaling.hpp"

namespace hwnas::s3nas {

nlohmann::json scale_report(const space::Space& base, const arch::Architecture& a, double target_ms,
                            const std::string& latency_source, const ScalingOptions& options,
                            const ScalingResult& result);

// With a chosen network: adds "chosen" to the report and writes space.yaml, architecture.txt and
// scale.json into `out` (created). Without one, writes nothing.
void write_scaled_network(const std::filesystem::path& out, const ScalingResult& result, double target_ms,
                          nlohmann::json& report);

}  // namespace hwnas::s3nas
