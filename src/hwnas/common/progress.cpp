#include "hwnas/common/progress.hpp"

#include <cstdio>

#include <fmt/core.h>

namespace hwnas {

Throttle::Throttle(double interval_seconds)
    : interval_(interval_seconds), last_(std::chrono::steady_clock::now() - std::chrono::hours(1)) {}

bool Throttle::due(bool last) {
  const auto now = std::chrono::steady_clock::now();
  if (!last && std::chrono::duration<double>(now - last_).count() < interval_) return false;
  last_ = now;
  return true;
}

ProgressLine::ProgressLine(std::string label, std::size_t total, double interval_seconds)
    : label_(std::move(label)), total_(total), throttle_(interval_seconds), start_(std::chrono::steady_clock::now()) {}

double ProgressLine::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressLine::update(std::size_t done, const std::string& detail) {
  if (!throttle_.due(done >= total_)) return;
  const double elapsed = elapsed_seconds();
  const double eta = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total_ - done) : 0.0;
  fmt::print(stderr, "{}: {}/{} ({:.0f}%), {:.1f} s elapsed, ETA {:.1f} s{}{}\n", label_, done, total_,
             total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, elapsed, eta,
             detail.empty() ? "" : ", ", detail);
  std::fflush(stderr);
}

}  // namespace hwnas
