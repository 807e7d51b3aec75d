#include "hwnas/farm/wait_for_farm.hpp"

#include <chrono>
#include <set>
#include <thread>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/measure/latency_measurer.hpp"

namespace hwnas::farm {

std::size_t measure_on_farm(store::Store& store, const space::Space& space, const std::vector<arch::Architecture>& archs,
                            const SubmitOptions& options, const WaitOptions& wait) {
  std::set<std::string> waiting;
  std::vector<arch::Architecture> missing;
  for (const auto& a : archs) {
    const auto record = measure::arch_record(space, a);
    if (!store.has_measurement(record.hash, options.device_key) && waiting.insert(record.hash).second) missing.push_back(a);
  }
  if (missing.empty()) return 0;
  submit(store, space, missing, options);
  ProgressLine progress(fmt::format("farm {} (waiting for workers)", options.device_key), missing.size());
  const auto start = std::chrono::steady_clock::now();
  std::size_t failed = 0;
  while (true) {
    failed = 0;
    std::size_t finished = 0;
    for (const auto& job : store.queue().jobs(options.device_key)) {
      if (!waiting.count(job.arch_hash)) continue;
      if (job.state == store::JobState::done) ++finished;
      if (job.state == store::JobState::failed || job.state == store::JobState::cancelled) ++failed;
    }
    progress.update(finished + failed, failed > 0 ? fmt::format("{} failed (farm status, farm retry)", failed) : "");
    if (finished + failed >= missing.size()) break;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (wait.timeout_s > 0 && elapsed.count() > wait.timeout_s) {
      throw InputError(fmt::format("farm {}: {} of {} jobs still unfinished after {:.0f} s; are workers of this key running? "
                                   "(hwnas farm status)",
                                   options.device_key, missing.size() - finished - failed, missing.size(), elapsed.count()));
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(wait.poll_s));
  }
  return failed;
}

}  // namespace hwnas::farm
