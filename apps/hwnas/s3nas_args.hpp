// What every `hwnas s3nas` subcommand that reads latency shares: the space, the latency metric
// source and where its measurements live.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "options.hpp"

namespace hwnas::cli {

struct S3nasLatencyArgs {
  std::string space = "s3nas-fmnist";
  std::string metric = "latency:sim:midap";
  MeasuredMetricArgs measured;
};

void add_s3nas_latency_options(CLI::App* cmd, S3nasLatencyArgs& args);
std::unique_ptr<metric::MetricSource> open_s3nas_latency(const S3nasLatencyArgs& args);

}  // namespace hwnas::cli
