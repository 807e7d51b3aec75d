#include "hwnas/profile/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace hwnas::profile {
namespace {

struct Moments {
  double mean = 0;
  double variance = 0;  // unbiased sample variance
};

Moments moments(std::span<const double> x) {
  Moments m;
  if (x.empty()) return m;
  m.mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  if (x.size() < 2) return m;
  double ss = 0;
  for (double v : x) ss += (v - m.mean) * (v - m.mean);
  m.variance = ss / static_cast<double>(x.size() - 1);
  return m;
}

Estimate with_interval(double value, double half_width, int n) {
  return Estimate{value, value - half_width, value + half_width, n};
}

double t_quantile(double dof) {
  if (!(dof >= 1)) return std::numeric_limits<double>::infinity();
  return boost::math::quantile(boost::math::complement(boost::math::students_t(dof), (1 - kConfidence) / 2));
}

double percentile_sorted(const std::vector<double>& sorted, double tau) {
  const double pos = tau * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(pos));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (pos - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

Estimate bootstrap_interval(double value, std::vector<double> draws, int n) {
  std::sort(draws.begin(), draws.end());
  const double alpha = (1 - kConfidence) / 2;
  return Estimate{value, percentile_sorted(draws, alpha), percentile_sorted(draws, 1 - alpha), n};
}

}  // namespace

double t_critical(int n) { return t_quantile(n - 1); }

Estimate mean_estimate(std::span<const double> x) {
  const Moments m = moments(x);
  const int n = static_cast<int>(x.size());
  return with_interval(m.mean, t_critical(n) * std::sqrt(m.variance / std::max(n, 1)), n);
}

Estimate difference_independent(std::span<const double> a, std::span<const double> b) {
  const Moments ma = moments(a);
  const Moments mb = moments(b);
  const double na = static_cast<double>(a.size());
  const double nb = static_cast<double>(b.size());
  const double va = ma.variance / na;
  const double vb = mb.variance / nb;
  // Welch–Satterthwaite degrees of freedom.
  const double dof = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
  const double t = va + vb > 0 ? t_quantile(dof) : 0;
  return with_interval(ma.mean - mb.mean, t * std::sqrt(va + vb), static_cast<int>(std::min(a.size(), b.size())));
}

Estimate difference_paired(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) throw std::invalid_argument("difference_paired: samples of different sizes");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return mean_estimate(d);
}

Estimate average_of_means(const std::vector<std::span<const double>>& groups) {
  double sum = 0;
  double variance = 0;
  double dof_num = 0;
  double dof_den = 0;
  int n = 0;
  for (const auto& g : groups) {
    const Moments m = moments(g);
    const double v = m.variance / static_cast<double>(g.size());
    sum += m.mean;
    variance += v;
    dof_num += v;
    dof_den += v * v / std::max<double>(static_cast<double>(g.size()) - 1, 1);
    n += static_cast<int>(g.size());
  }
  const double k = static_cast<double>(groups.size());
  const double t = variance > 0 ? t_quantile(dof_num * dof_num / dof_den) : 0;
  return with_interval(sum / k, t * std::sqrt(variance) / k, n);
}

double quantile(std::vector<double> x, double tau) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  // Selection instead of a full sort: bootstraps call this hundreds of times per cell.
  const double pos = tau * static_cast<double>(x.size() - 1);
  const auto below = static_cast<std::ptrdiff_t>(std::floor(pos));
  std::nth_element(x.begin(), x.begin() + below, x.end());
  const double low = x[static_cast<std::size_t>(below)];
  if (below + 1 >= static_cast<std::ptrdiff_t>(x.size())) return low;
  const double high = *std::min_element(x.begin() + below + 1, x.end());
  return low + (pos - static_cast<double>(below)) * (high - low);
}

Estimate quantile_difference(std::span<const double> a, std::span<const double> b, double tau, bool paired,
                             int resamples, std::uint64_t seed) {
  const double value = quantile({a.begin(), a.end()}, tau) - quantile({b.begin(), b.end()}, tau);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick_a(0, a.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_b(0, b.size() - 1);
  std::vector<double> ra(a.size());
  std::vector<double> rb(b.size());
  std::vector<double> draws;
  draws.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::size_t j = pick_a(rng);
      ra[i] = a[j];
      if (paired) rb[i] = b[j];
    }
    if (!paired) {
      for (auto& v : rb) v = b[pick_b(rng)];
    }
    draws.push_back(quantile(ra, tau) - quantile(rb, tau));
  }
  return bootstrap_interval(value, std::move(draws), static_cast<int>(std::min(a.size(), b.size())));
}

Estimate quantile_estimate(std::span<const double> x, double tau, int resamples, std::uint64_t seed) {
  const double value = quantile({x.begin(), x.end()}, tau);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, x.size() - 1);
  std::vector<double> rx(x.size());
  std::vector<double> draws;
  for (int r = 0; r < resamples; ++r) {
    for (auto& v : rx) v = x[pick(rng)];
    draws.push_back(quantile(rx, tau));
  }
  return bootstrap_interval(value, std::move(draws), static_cast<int>(x.size()));
}

}  // namespace hwnas::profile
