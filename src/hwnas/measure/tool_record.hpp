// What an external benchmark tool reported during one measurement, for its stored row: the tool's
// own statistics of every timed run (warm-up runs excluded) and its per-layer profile averaged over
// those runs and mapped onto the graph's IR layers.
#pragma once

#include <span>

#include "hwnas/engine/tool_output/tool_report.hpp"
#include "hwnas/graph/graph.hpp"
#include "hwnas/store/records.hpp"

namespace hwnas::measure {

// reports: every run's, warm-up first; the last `timed_runs` are the timed ones. No reports: the
// row is left as it is (an in-process engine).
void add_tool_record(std::span<const engine::ToolReport> reports, std::size_t timed_runs, const graph::Graph& graph,
                     store::MeasurementRecord& row);

}  // namespace hwnas::measure
