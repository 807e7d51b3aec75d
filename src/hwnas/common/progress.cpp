#include "hwnas/common/progress.hpp"

#include <cstdio>

#include <fmt/core.h>

namespace hwnas {

ProgressLine::ProgressLine(std::string label, std::size_t total, double interval_seconds)
    : label_(std::move(label)),
      total_(total),
      interval_(interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_ - std::chrono::hours(1)) {}

double ProgressLine::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressLine::update(std::size_t done, const std::string& detail) {
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && std::chrono::duration<double>(now - last_print_).count() < interval_) return;
  last_print_ = now;
  const double elapsed = elapsed_seconds();
  const double eta = done > 0 ? elapsed / static_cast<double>(done) * static_cast<double>(total_ - done) : 0.0;
  fmt::print(stderr, "{}: {}/{} ({:.0f}%), {:.1f} s elapsed, ETA {:.1f} s{}{}\n", label_, done, total_,
             total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, elapsed, eta,
             detail.empty() ? "" : ", ", detail);
  std::fflush(stderr);
}

}  // namespace hwnas
