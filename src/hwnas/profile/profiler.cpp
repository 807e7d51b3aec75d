#include "hwnas/profile/profiler.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"

namespace hwnas::profile {
namespace {

void check_options(const space::Space& space, const std::vector<metric::MetricSource*>& metrics,
                   const ProfileOptions& options) {
  if (metrics.empty()) throw InputError("--metric: at least one metric is needed (e.g. --metric macs)");
  if (options.samples < 2) throw InputError(fmt::format("--samples: need at least 2 per cell, got {}", options.samples));
  for (int r : options.resolutions) {
    if (!space.has_resolution(r)) {
      throw InputError(fmt::format("--resolution {} is not in space '{}' (allowed: {})", r, space.name,
                                   fmt::join(space.resolutions, ", ")));
    }
  }
  for (double tau : options.taus) {
    if (!(tau > 0 && tau < 1)) throw InputError(fmt::format("--tau: quantile levels lie in (0, 1), got {}", tau));
  }
  if (options.bootstrap < 10) throw InputError(fmt::format("--bootstrap: need at least 10 resamples, got {}", options.bootstrap));
}

// For progress: a cell is done once its last architecture is evaluated.
std::vector<int> cell_last_index(const SamplingPlan& plan) {
  std::vector<int> last;
  for (const auto& c : plan.cells) last.push_back(*std::max_element(c.begin(), c.end()));
  std::sort(last.begin(), last.end());
  return last;
}

}  // namespace

SpaceSummary summarize(const space::Space& space) {
  SpaceSummary s;
  s.name = space.name;
  for (const auto& u : space.units) {
    s.units.push_back({u.name, u.min_layers, u.max_layers, u.widths.size() > 1 ? u.width_names : std::vector<std::string>{}});
  }
  for (const auto& b : space.blocks) s.blocks.push_back({b.name, std::string(space::to_string(b.kind)), b.kernel, b.expand});
  return s;
}

ProfileResult run_profile(const space::Space& space, const std::vector<metric::MetricSource*>& metrics,
                          const ProfileOptions& options) {
  check_options(space, metrics, options);
  const auto start = std::chrono::steady_clock::now();
  ProfileResult result;
  result.space = summarize(space);
  result.design = std::string(to_string(options.design));
  result.depth_rule = std::string(arch::to_string(options.depth_rule));
  result.samples = options.samples;
  result.seed = options.seed;
  result.bootstrap = options.bootstrap;
  result.taus = options.taus;
  result.resolutions = options.resolutions.empty() ? std::vector<int>{space.default_resolution} : options.resolutions;

  const std::vector<Cell> cells = enumerate_cells(space);
  std::vector<SamplingPlan> plans;
  for (int r : result.resolutions) {
    plans.push_back(make_plan(space, cells, options.design, options.samples, r, options.seed, options.depth_rule));
  }
  result.requested = plans.front().requested();

  // values[plan][metric]
  std::vector<std::vector<std::vector<std::optional<double>>>> values(plans.size());
  for (std::size_t p = 0; p < plans.size(); ++p) {
    const SamplingPlan& plan = plans[p];
    const std::vector<int> last = cell_last_index(plan);
    for (metric::MetricSource* m : metrics) {
      const auto metric_start = std::chrono::steady_clock::now();
      auto& out = values[p].emplace_back();
      out.reserve(plan.archs.size());
      const std::size_t batch_size = std::max<std::size_t>(1, std::min(options.batch, m->preferred_batch()));
      for (std::size_t first = 0; first < plan.archs.size(); first += batch_size) {
        const std::size_t count = std::min(batch_size, plan.archs.size() - first);
        auto batch = m->evaluate(space, std::span<const arch::Architecture>(plan.archs).subspan(first, count));
        out.insert(out.end(), batch.begin(), batch.end());
        if (options.progress) {
          Progress pr;
          pr.metric = m->spec();
          pr.resolution = plan.resolution;
          pr.evaluated = out.size();
          pr.total = plan.archs.size();
          pr.cells_total = cells.size();
          pr.cells_done = static_cast<std::size_t>(
              std::upper_bound(last.begin(), last.end(), static_cast<int>(out.size()) - 1) - last.begin());
          const auto now = std::chrono::steady_clock::now();
          pr.elapsed_s = std::chrono::duration<double>(now - start).count();
          const double metric_s = std::chrono::duration<double>(now - metric_start).count();
          pr.eta_s = metric_s / static_cast<double>(out.size()) * static_cast<double>(pr.total - pr.evaluated);
          options.progress(pr);
        }
      }
    }
  }
  for (std::size_t mi = 0; mi < metrics.size(); ++mi) {
    for (std::size_t p = 0; p < plans.size(); ++p) {
      MetricProfile mp = estimate(space, cells, plans[p], values[p][mi], options);
      mp.metric = metrics[mi]->spec();
      mp.unit = metrics[mi]->unit();
      result.profiles.push_back(std::move(mp));
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace hwnas::profile
