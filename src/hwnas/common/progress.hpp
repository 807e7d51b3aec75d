// A throttled progress line on stderr for long work: "<label>: 12/30 (40%), 3.1 s elapsed, ETA 4.6 s, <detail>".
// Prints at most every `interval` seconds, and always the last step, so logs stay short.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace hwnas {

// The pace of progress output: due() is true at most every `interval` seconds, and always for the
// last step, so long work reports often enough to be watched and rarely enough to keep logs short.
class Throttle {
 public:
  explicit Throttle(double interval_seconds);
  bool due(bool last = false);

 private:
  double interval_;
  std::chrono::steady_clock::time_point last_;
};

class ProgressLine {
 public:
  ProgressLine(std::string label, std::size_t total, double interval_seconds = 1.0);
  // Reports `done` of total; detail is appended (e.g. "last median 12.3 ms").
  void update(std::size_t done, const std::string& detail = {});
  double elapsed_seconds() const;

 private:
  std::string label_;
  std::size_t total_;
  Throttle throttle_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace hwnas
