// The farm queue's own cost (docs/farm.md, "Benchmarks"): claim + heartbeat + commit of one job
// with a 50-run measurement, on SQLite and on PostgreSQL over loopback; a claim and a status
// snapshot with 100,000 jobs queued. PostgreSQL runs when HWNAS_BENCH_PG_URL names an empty
// database (bench/farm_bench.sh starts a private server and sets it).
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

#include "hwnas/store/store.hpp"

namespace {

using namespace hwnas;

store::ArchRecord arch(std::int64_t i) {
  return {"ofa-mbv3", "canonical", fmt::format("r224|e3k3,e4k5,e6k7|e4k3,e6k5|e3k3,e4k3,e6k3,e3k5|e6k7,e6k7#{}", i),
          fmt::format("{:016x}", i), 224};
}

store::MeasurementRecord measurement(const store::ArchRecord& a) {
  store::MeasurementRecord m;
  m.arch_hash = a.hash;
  m.device_key = "bench";
  m.median_s = 0.005;
  m.mean_s = m.min_s = m.max_s = m.p10_s = m.p25_s = m.p75_s = m.p90_s = m.ci_low_s = m.ci_high_s = 0.005;
  m.iqr_s = m.cov = 0.001;
  m.ci_level = 0.95;
  for (int i = 0; i < 50; ++i) m.run_times_s.push_back(0.005 + i * 1e-6);
  m.runs = 50;
  m.protocol = {{"min_runs", 20}};
  m.fingerprint = {{"hostname", "bench"}};
  return m;
}

// A fresh store of the backend: 0 SQLite file, 1 PostgreSQL (its tables emptied). nullptr: skip.
std::unique_ptr<store::Store> fresh(int backend, const std::string& name) {
  if (backend == 0) {
    const auto file = std::filesystem::temp_directory_path() / fmt::format("hwnas-farm-bench-{}-{}.db", name, getpid());
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    return store::open_store(file.string());
  }
  const char* url = std::getenv("HWNAS_BENCH_PG_URL");
  if (url == nullptr) return nullptr;
  auto s = store::open_store(url, store::SchemaAction::migrate);
  return s;
}

void submit(store::Store& s, std::int64_t first, std::int64_t n) {
  std::vector<store::JobSpec> jobs;
  for (std::int64_t i = first; i < first + n; ++i) jobs.push_back({arch(i), "bench", {{"min_runs", 20}}, 0, 3});
  s.queue().submit(jobs);
}

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// The targets are on the median: google-benchmark's Time column is the mean, which a loaded
// machine's occasional stall moves, so the median and 90th percentile are reported beside it.
void report_percentiles(benchmark::State& state, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  state.counters["median_ms"] = ms[ms.size() / 2];
  state.counters["p90_ms"] = ms[ms.size() * 9 / 10];
}

// One job's way through the queue, as a worker does it, minus the measuring.
void BM_QueueOverheadPerJob(benchmark::State& state) {
  auto s = fresh(static_cast<int>(state.range(0)), "overhead");
  if (!s) return state.SkipWithError("set HWNAS_BENCH_PG_URL (bench/farm_bench.sh)");
  s->put_device({"bench", "command", {{"threads", 1}}, {}});
  static std::int64_t next = 1'000'000 * (1 + state.range(0));
  std::int64_t queued = 0;
  std::vector<double> per_job_ms;
  for (auto _ : state) {
    if (queued == 0) {
      state.PauseTiming();
      submit(*s, next, 2000);
      next += 2000;
      queued = 2000;
      state.ResumeTiming();
    }
    const auto start = Clock::now();
    const auto job = s->queue().claim("bench", "w1", 60);
    s->queue().heartbeat(job->id, "w1", 60);
    s->queue().complete(job->id, "w1", job->arch, measurement(job->arch));
    per_job_ms.push_back(ms_since(start));
    --queued;
  }
  report_percentiles(state, per_job_ms);
  state.SetLabel(state.range(0) == 0 ? "sqlite file" : "postgresql loopback");
}
BENCHMARK(BM_QueueOverheadPerJob)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1000);

// A store with 100,000 jobs queued (and 10,000 done), shared by the two benchmarks below.
store::Store* big_queue(int backend) {
  static std::unique_ptr<store::Store> stores[2];
  if (!stores[backend]) {
    stores[backend] = fresh(backend, "big");
    if (!stores[backend]) return nullptr;
    stores[backend]->put_device({"bench", "command", {{"threads", 1}}, {}});
    for (std::int64_t i = 0; i < 110'000; i += 10'000) submit(*stores[backend], 5'000'000 + i, 10'000);
    for (int i = 0; i < 10'000; ++i) {
      const auto job = stores[backend]->queue().claim("bench", "w0", 60);
      stores[backend]->queue().complete(job->id, "w0", job->arch, std::nullopt);
    }
  }
  return stores[backend].get();
}

void BM_ClaimWith100kQueued(benchmark::State& state) {
  store::Store* s = big_queue(static_cast<int>(state.range(0)));
  if (!s) return state.SkipWithError("set HWNAS_BENCH_PG_URL (bench/farm_bench.sh)");
  std::vector<double> per_claim_ms;
  for (auto _ : state) {
    const auto start = Clock::now();
    const auto job = s->queue().claim("bench", "w1", 60);
    per_claim_ms.push_back(ms_since(start));
    state.PauseTiming();
    s->queue().release(job->id, "w1");
    state.ResumeTiming();
  }
  report_percentiles(state, per_claim_ms);
}
BENCHMARK(BM_ClaimWith100kQueued)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(50);

void BM_StatusWith100kQueued(benchmark::State& state) {
  store::Store* s = big_queue(static_cast<int>(state.range(0)));
  if (!s) return state.SkipWithError("set HWNAS_BENCH_PG_URL (bench/farm_bench.sh)");
  std::vector<double> per_status_ms;
  for (auto _ : state) {
    const auto start = Clock::now();
    benchmark::DoNotOptimize(s->queue().snapshot(300));
    per_status_ms.push_back(ms_since(start));
  }
  report_percentiles(state, per_status_ms);
}
BENCHMARK(BM_StatusWith100kQueued)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace
