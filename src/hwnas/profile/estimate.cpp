// Eqs. 1–3 from the values of one metric over a sampling plan.
#include <cmath>
#include <limits>
#include <map>

#include "hwnas/profile/profiler.hpp"

namespace hwnas::profile {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Estimate undefined(int n) { return Estimate{kNaN, kNaN, kNaN, n}; }

std::vector<double> present(const std::vector<int>& idx, const std::vector<std::optional<double>>& values) {
  std::vector<double> out;
  out.reserve(idx.size());
  for (int i : idx) {
    if (const auto& v = values[static_cast<std::size_t>(i)]) out.push_back(*v);
  }
  return out;
}

// Pairs (cell sample j, baseline sample j) where both have a value.
void present_pairs(const std::vector<int>& a_idx, const std::vector<int>& b_idx,
                   const std::vector<std::optional<double>>& values, std::vector<double>& a, std::vector<double>& b) {
  a.clear();
  b.clear();
  for (std::size_t j = 0; j < a_idx.size(); ++j) {
    const auto& va = values[static_cast<std::size_t>(a_idx[j])];
    const auto& vb = values[static_cast<std::size_t>(b_idx[j])];
    if (va && vb) {
      a.push_back(*va);
      b.push_back(*vb);
    }
  }
}

}  // namespace

MetricProfile estimate(const space::Space& space, const std::vector<Cell>& cells, const SamplingPlan& plan,
                       const std::vector<std::optional<double>>& values, const ProfileOptions& options) {
  const bool paired = options.design == Design::paired;
  MetricProfile out;
  out.resolution = plan.resolution;
  out.evaluations = plan.archs.size();
  for (const auto& v : values) out.missing += v ? 0 : 1;

  const std::vector<double> base = present(plan.baseline, values);
  out.baseline = base.size() >= 2 ? mean_estimate(base) : undefined(static_cast<int>(base.size()));
  for (std::size_t t = 0; t < options.taus.size(); ++t) {
    out.baseline_quantiles.push_back(
        base.size() >= 2 ? quantile_estimate(base, options.taus[t], options.bootstrap, mix_seed(options.seed, {7, t}))
                         : undefined(static_cast<int>(base.size())));
  }

  std::vector<double> a;
  std::vector<double> b;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    CellEstimate ce;
    ce.cell = cells[c];
    ce.label = cell_label(space, cells[c]);
    if (cells[c].kind == CellKind::block) ce.code = block_code(space, cells[c]);
    const std::vector<double> own = present(plan.cells[c], values);
    ce.mean = own.size() >= 2 ? mean_estimate(own) : undefined(static_cast<int>(own.size()));
    if (paired) {
      present_pairs(plan.cells[c], plan.baseline, values, a, b);
    } else {
      a = own;
      b = base;
    }
    const bool enough = a.size() >= 2 && b.size() >= 2;
    ce.effect = !enough ? undefined(static_cast<int>(a.size()))
                : paired ? difference_paired(a, b)
                         : difference_independent(a, b);
    for (std::size_t t = 0; t < options.taus.size(); ++t) {
      ce.quantile_effects.push_back(
          enough ? quantile_difference(a, b, options.taus[t], paired, options.bootstrap,
                                       mix_seed(options.seed, {8, c, t}))
                 : undefined(static_cast<int>(a.size())));
    }
    out.cells.push_back(std::move(ce));
  }

  // M_b: group block cells by code, in first-seen order.
  std::map<std::string, std::vector<std::size_t>> groups;
  std::vector<std::string> order;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].kind != CellKind::block) continue;
    auto& g = groups[out.cells[c].code];
    if (g.empty()) order.push_back(out.cells[c].code);
    g.push_back(c);
  }
  for (const std::string& code : order) {
    const auto& group = groups[code];
    BlockEstimate be;
    be.code = code;
    be.locations = static_cast<int>(group.size());
    if (paired) {
      // Per background, the average over the code's locations; its mean is M_b and the t interval
      // over backgrounds accounts for the locations sharing each background.
      std::vector<double> per_background;
      for (std::size_t j = 0; j < plan.baseline.size(); ++j) {
        double sum = 0;
        bool complete = true;
        for (std::size_t c : group) {
          const auto& v = values[static_cast<std::size_t>(plan.cells[c][j])];
          if (!v) {
            complete = false;
            break;
          }
          sum += *v;
        }
        if (complete) per_background.push_back(sum / static_cast<double>(group.size()));
      }
      be.mean = per_background.size() >= 2 ? mean_estimate(per_background)
                                           : undefined(static_cast<int>(per_background.size()));
    } else {
      std::vector<std::vector<double>> samples;
      for (std::size_t c : group) samples.push_back(present(plan.cells[c], values));
      std::vector<std::span<const double>> spans;
      bool enough = true;
      for (const auto& s : samples) {
        spans.emplace_back(s);
        enough = enough && s.size() >= 2;
      }
      be.mean = enough ? average_of_means(spans) : undefined(0);
    }
    out.blocks.push_back(std::move(be));
  }
  return out;
}

}  // namespace hwnas::profile
