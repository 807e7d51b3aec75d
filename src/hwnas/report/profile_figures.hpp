// The profile's figures (BlockProfile Figures 2–7), each a gnuplot script + PNG in the report folder:
//   M_b: a heatmap over expand × kernel (MBConv grids, Figures 2–3) or unit width × layer expand
//        (ResNet50 block codes, Figure 4), else a bar chart with intervals;
//   M_ulb: mean and tau-quantile effect curves over the U-L-B axis with unit / width / layer
//        separators (Figures 5–7);
//   depth: the effect of each unit depth on the metric, with intervals.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hwnas/profile/profile_result.hpp"

namespace hwnas::report {

struct Figure {
  std::string file;     // PNG, relative to the report folder
  std::string title;
  std::string caption;
};

Figure block_figure(const profile::ProfileResult& result, const profile::MetricProfile& p, const std::filesystem::path& dir);
Figure ulb_figure(const profile::ProfileResult& result, const profile::MetricProfile& p, const std::filesystem::path& dir);
Figure depth_figure(const profile::ProfileResult& result, const profile::MetricProfile& p, const std::filesystem::path& dir);

}  // namespace hwnas::report
