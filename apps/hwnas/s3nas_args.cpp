#include "s3nas_args.hpp"

namespace hwnas::cli {

void add_s3nas_latency_options(CLI::App* cmd, S3nasLatencyArgs& args) {
  add_space_option(cmd, args.space);
  add_metric_option(cmd, args.metric, "the latency source");
  add_measured_metric_options(cmd, args.measured);
  refuse_renamed_option(cmd, "--latency", "--metric");
  refuse_renamed_option(cmd, "--store", "--db");
}

std::unique_ptr<metric::MetricSource> open_s3nas_latency(const S3nasLatencyArgs& args) {
  return metric::open_metric(args.metric, args.measured.context());
}

}  // namespace hwnas::cli
