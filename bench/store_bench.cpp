// Store and bookkeeping cost per measured network (docs/store.md, "Overhead"). The budget:
// hwnas's own work per measured network < 20% of a 5 ms network's run time. Runners here return a
// time without running anything, so what is timed is only hwnas's work.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include <fmt/core.h>
#include <unistd.h>

#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/record.hpp"
#include "hwnas/measure/session.hpp"
#include "hwnas/store/store.hpp"

namespace {

using namespace hwnas;

store::ArchRecord arch(std::int64_t i) {
  return {"ofa-mbv3", "canonical", fmt::format("r224|e3k3,e4k5,e6k7|e4k3,e6k5|e3k3,e4k3,e6k3,e3k5|e6k7,e6k7|e3k3,e3k3#{}", i),
          fmt::format("{:016x}", i), 224};
}

std::filesystem::path fresh_file(const std::string& name) {
  const auto p = std::filesystem::temp_directory_path() / fmt::format("hwnas-bench-{}-{}.db", name, getpid());
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
  return p;
}

std::unique_ptr<store::Store> open(bool on_disk, const std::string& name) {
  return store::open_store(on_disk ? fresh_file(name).string() : ":memory:");
}

// A measurement as the protocol leaves it: `runs` raw times and the full stats.
store::MeasurementRecord record_with_runs(std::int64_t runs) {
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.005, 0.0001);
  measure::Measurement m;
  for (std::int64_t i = 0; i < runs; ++i) m.run_times.push_back(noise(rng));
  std::vector<double> sorted = m.run_times;
  std::sort(sorted.begin(), sorted.end());
  m.stats = measure::summarize_sorted(sorted, 0.95);
  m.warmup_runs = 10;
  return measure::to_record(m, {}, measure::collect_fingerprint("bench", "0", 1), "", "cpu-bench-t1@host", std::nullopt);
}

// One network's store work on the resume path: the resume query, then the atomic write.
void BM_ResumeQueryAndCommit(benchmark::State& state) {
  const bool on_disk = state.range(0) != 0;
  auto s = open(on_disk, "commit");
  s->put_device({"cpu-bench-t1@host", "bench", {}, {}});
  store::MeasurementRecord m = record_with_runs(state.range(1));
  std::int64_t i = 0;
  for (auto _ : state) {
    const auto a = arch(i++);
    m.arch_hash = a.hash;
    benchmark::DoNotOptimize(s->has_measurement(a.hash, m.device_key));
    s->put_measurement(a, m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(on_disk ? "file (WAL)" : ":memory:");
}
BENCHMARK(BM_ResumeQueryAndCommit)->ArgsProduct({{1, 0}, {50, 1000}})->ArgNames({"disk", "runs"});

// The resume query alone on a store that already holds 20,000 measurements (skipping done work).
void BM_ResumeQueryOnFullStore(benchmark::State& state) {
  auto s = open(true, "resume");
  s->put_device({"cpu-bench-t1@host", "bench", {}, {}});
  store::MeasurementRecord m = record_with_runs(50);
  for (std::int64_t i = 0; i < 20000; ++i) {
    m.arch_hash = arch(i).hash;
    s->put_measurement(arch(i), m);
  }
  std::int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(s->has_measurement(arch(i++ % 40000).hash, m.device_key));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ResumeQueryOnFullStore);

// The protocol's own bookkeeping for `runs` timed runs (sorted insert + stop-rule check per run).
void BM_ProtocolBookkeeping(benchmark::State& state) {
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(0.005, 0.0005);
  const auto runs = static_cast<std::size_t>(state.range(0));
  // A target no sample reaches, so exactly `runs` runs happen.
  const auto options = measure::ProtocolOptions{}.with_warmup(10, 0).with_runs(runs, runs).with_target(1e-9);
  for (auto _ : state) benchmark::DoNotOptimize(measure::run_protocol([&] { return noise(rng); }, options));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProtocolBookkeeping)->Arg(50)->Arg(200)->Arg(1000);

// Everything hwnas does for one network besides running it: resume query, protocol bookkeeping,
// record conversion, atomic commit to a file store.
void BM_SessionPerNetwork(benchmark::State& state) {
  auto s = open(true, "session");
  const auto fp = measure::collect_fingerprint("bench", "0", 1);
  const auto runs = static_cast<std::size_t>(state.range(0));
  measure::MeasureSession session(*s, {"cpu-bench-t1@host", "bench", {}, fp.to_json()},
                                  measure::ProtocolOptions{}.with_warmup(10, 0).with_runs(runs, runs).with_target(1e-9), fp,
                                  s->begin_run("bench"));
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.005, 0.0005);
  std::int64_t i = 0;
  for (auto _ : state) {
    session.measure(arch(i++), [&] { return measure::RunOnce([&] { return noise(rng); }); });
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SessionPerNetwork)->Arg(50)->Arg(200)->Arg(1000);

}  // namespace
