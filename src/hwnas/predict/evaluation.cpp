#include "hwnas/predict/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/core.h>

namespace hwnas::predict {
namespace {

std::vector<double> ranks(std::span<const double> v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double average = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = average;
    i = j + 1;
  }
  return r;
}

double pearson(std::span<const double> a, std::span<const double> b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

}  // namespace

double spearman(std::span<const double> a, std::span<const double> b) {
  const auto ra = ranks(a);
  const auto rb = ranks(b);
  return pearson(ra, rb);
}

double kendall_tau_b(std::span<const double> a, std::span<const double> b) {
  // O(n²) pair count: evaluation sets are hundreds to a few thousand networks.
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j];
      const double db = b[i] - b[j];
      if (da == 0 && db == 0) continue;
      if (da == 0) {
        ties_a += 1;
      } else if (db == 0) {
        ties_b += 1;
      } else if ((da > 0) == (db > 0)) {
        concordant += 1;
      } else {
        discordant += 1;
      }
    }
  }
  const double denominator = std::sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b));
  return denominator > 0 ? (concordant - discordant) / denominator : 0.0;
}

Evaluation evaluate(std::span<const double> predicted, std::span<const double> actual,
                    std::span<const std::string> hashes, std::size_t worst_count) {
  if (predicted.size() != actual.size() || hashes.size() != actual.size() || actual.empty()) {
    throw std::invalid_argument("evaluate: predicted, actual and hashes must be non-empty and of equal length");
  }
  Evaluation e;
  e.count = actual.size();
  double se = 0, ape = 0, spe = 0;
  std::size_t w5 = 0, w10 = 0, w15 = 0;
  std::vector<WorstCase> cases;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!(actual[i] > 0)) throw std::invalid_argument("evaluate: actual values must be positive");
    const double rel = (predicted[i] - actual[i]) / actual[i];
    se += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
    ape += std::abs(rel);
    spe += rel * rel;
    w5 += std::abs(rel) <= 0.05;
    w10 += std::abs(rel) <= 0.10;
    w15 += std::abs(rel) <= 0.15;
    cases.push_back({hashes[i], actual[i], predicted[i], rel});
  }
  const double n = static_cast<double>(e.count);
  e.rmse = std::sqrt(se / n);
  e.mape = 100 * ape / n;
  e.rmspe = 100 * std::sqrt(spe / n);
  e.within5 = 100.0 * static_cast<double>(w5) / n;
  e.within10 = 100.0 * static_cast<double>(w10) / n;
  e.within15 = 100.0 * static_cast<double>(w15) / n;
  e.spearman = spearman(predicted, actual);
  e.kendall = kendall_tau_b(predicted, actual);
  const std::size_t k = std::min(worst_count, cases.size());
  std::partial_sort(cases.begin(), cases.begin() + static_cast<std::ptrdiff_t>(k), cases.end(),
                    [](const WorstCase& a, const WorstCase& b) { return std::abs(a.relative_error) > std::abs(b.relative_error); });
  e.worst.assign(cases.begin(), cases.begin() + static_cast<std::ptrdiff_t>(k));
  return e;
}

nlohmann::json Evaluation::to_json() const {
  nlohmann::json worst_json = nlohmann::json::array();
  for (const auto& w : worst) {
    worst_json.push_back({{"hash", w.hash}, {"actual", w.actual}, {"predicted", w.predicted}, {"relative_error", w.relative_error}});
  }
  return {{"count", count}, {"rmse", rmse}, {"mape_pct", mape}, {"rmspe_pct", rmspe}, {"within5_pct", within5},
          {"within10_pct", within10}, {"within15_pct", within15}, {"spearman", spearman}, {"kendall", kendall},
          {"worst", worst_json}};
}

std::string evaluation_header() {
  return fmt::format("{:<14} {:>5} {:>8} {:>7} {:>7} {:>6} {:>6} {:>6} {:>8} {:>8}", "predictor", "n", "RMSE", "MAPE%",
                     "RMSPE%", "±5%", "±10%", "±15%", "Spearman", "Kendall");
}

std::string evaluation_row(const std::string& name, const Evaluation& e) {
  return fmt::format("{:<14} {:>5} {:>8.3f} {:>7.2f} {:>7.2f} {:>6.1f} {:>6.1f} {:>6.1f} {:>8.4f} {:>8.4f}", name,
                     e.count, e.rmse, e.mape, e.rmspe, e.within5, e.within10, e.within15, e.spearman, e.kendall);
}

}  // namespace hwnas::predict
