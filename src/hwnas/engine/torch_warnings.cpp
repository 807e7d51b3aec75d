#include "hwnas/engine/torch_warnings.hpp"

#include <c10/util/Exception.h>
#include <fmt/core.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace hwnas::engine {
namespace {

class OncePerPlace final : public c10::WarningHandler {
 public:
  void process(const c10::SourceLocation& where, const std::string& msg, const bool /*verbatim*/) override {
    {
      const std::lock_guard lock(mutex_);
      if (!seen_.emplace(where.file, where.line).second) {
        ++repeats_;
        return;
      }
    }
    fmt::print(stderr, "libtorch warning ({}:{}; repeats are not shown): {}\n", where.file, where.line, msg);
  }
  std::size_t repeats() const { return repeats_.load(); }

 private:
  std::mutex mutex_;
  std::set<std::pair<std::string, std::uint32_t>> seen_;
  std::atomic<std::size_t> repeats_{0};
};

OncePerPlace& handler() {
  static OncePerPlace instance;  // lives for the process: LibTorch keeps a raw pointer
  return instance;
}

}  // namespace

void print_each_torch_warning_once() {
  static std::once_flag installed;
  std::call_once(installed, [] { c10::Warning::set_warning_handler(&handler()); });
}

std::size_t repeated_torch_warnings() { return handler().repeats(); }

}  // namespace hwnas::engine
