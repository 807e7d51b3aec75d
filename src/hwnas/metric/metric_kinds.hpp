// The metric kind table: every kind of metric source is one row (the spec form it answers, a line
// of help, how to open it). open_metric dispatches through it, errors and help list it, and the
// contract tests run over it, so adding a kind is one source file pair plus one row.
//
// metric/ owns the rows it can build itself (cost counts, simulated and stored latency). Parts after
// it in the pipeline add theirs from a `register_metric_kind.cpp` of their own (predict: latency:pred:,
// train: accuracy:), which src/CMakeLists.txt links into every program so static linking keeps them.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "hwnas/metric/metric_source.hpp"

namespace hwnas::metric {

struct MetricKind {
  // The whole spec ("macs"), or, ending in ':', the prefix of a spec followed by its argument
  // ("latency:sim:" + device). The longest matching prefix wins, so "latency:sim:" is never read as
  // the device key "sim:…" of "latency:".
  std::string_view prefix;
  std::string_view form;     // as users write it: "latency:sim:<device>"
  std::string_view summary;  // one line for help text
  std::unique_ptr<MetricSource> (*open)(std::string_view argument, const MetricContext& context);
};

// Every row, metric's own first, then the added ones in prefix order.
std::vector<MetricKind> metric_kinds();

// Adds a row; returns true so a registration file can keep it in a namespace-scope constant.
bool add_metric_kind(const MetricKind& kind);

}  // namespace hwnas::metric
