// Worker processes against one queue, as on a farm: `hwnas farm worker` processes on two device
// keys over the private PostgreSQL server, one killed with SIGKILL every few seconds and replaced;
// the same queue on SQLite with local processes; schema refusal, `db init`, SIGTERM, the CLI.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "cli/cli_run.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/farm/submit.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"
#include "store/store_test_util.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

extern char** environ;

namespace hwnas::test {
namespace {

using namespace std::chrono_literals;

// A `hwnas farm worker` child process; its output goes to a log file.
struct WorkerProcess {
  pid_t pid = -1;
  std::string id;
  std::string key;
  std::string log;
};

// until_empty: with --exit-when-empty; else it runs until stopped.
WorkerProcess start_worker(const std::string& url, const std::string& key, const std::string& id, const std::string& engine,
                           const std::string& log, bool until_empty = true) {
  std::vector<std::string> args = {cli_path(), "farm",      "worker",  "--db",    url,      "--device-key",      key,
                                   "--engine", engine,      "--worker-id", id,    "--lease-s", "4",             "--poll-s",
                                   "0.2",      "--reference-every", "0"};
  if (until_empty) args.push_back("--exit-when-empty");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&files, 1, 2);
  WorkerProcess w{-1, id, key, log};
  EXPECT_EQ(posix_spawn(&w.pid, argv[0], &files, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&files);
  return w;
}

// The exit status, or -1 while it runs.
int poll_exit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A remote device in miniature: sleeps, then prints its latency like a benchmark tool.
std::string sleeping_engine(const TempDir& dir, double seconds) {
  const std::string script = (dir / "device.sh").string();
  std::ofstream(script) << "#!/bin/sh\nsleep " << seconds << "\necho \"latency: " << seconds * 1e3 << " ms\"\n";
  return "command:sh " + script + " {onnx}";
}

// Fast protocol: one warm-up run, two timed runs.
measure::ProtocolOptions quick_protocol() {
  measure::ProtocolOptions p;
  p.with_warmup(1, 0).with_runs(2, 2).with_max_seconds(10);
  return p;
}

// Samples n architectures of the small Fashion-MNIST space and enqueues them for `key`.
std::int64_t submit_sampled(store::Store& s, const std::string& key, int n, std::uint64_t seed) {
  const auto space = space::load_space("ofa-mbv3-fmnist");
  arch::Rng rng(seed);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < n; ++i) archs.push_back(arch::sample_uniform(space, rng, std::nullopt));
  return farm::submit(s, space, archs, {key, quick_protocol(), 0, 3}).added;
}

// Every job done once, by a worker of its own key, each with exactly one measurement.
void expect_all_done_once(store::Store& s, const std::map<std::string, std::string>& key_of_worker, std::int64_t jobs) {
  const auto rows = s.queue().jobs("");
  EXPECT_EQ(static_cast<std::int64_t>(rows.size()), jobs);
  std::map<std::string, std::size_t> done_per_key;
  for (const auto& j : rows) {
    EXPECT_EQ(j.state, store::JobState::done) << "job " << j.id << " " << j.last_error.value_or("");
    ASSERT_TRUE(j.worker) << "job " << j.id;
    ASSERT_TRUE(key_of_worker.count(*j.worker)) << *j.worker;
    EXPECT_EQ(key_of_worker.at(*j.worker), j.device_key) << "job " << j.id << " measured by " << *j.worker;
    EXPECT_TRUE(s.has_measurement(j.arch_hash, j.device_key));
    ++done_per_key[j.device_key];
  }
  std::set<std::pair<std::string, std::string>> measured;
  for (const auto& m : s.measurements()) {
    EXPECT_TRUE(measured.emplace(m.arch_hash, m.device_key).second) << "duplicate " << m.arch_hash << " " << m.device_key;
  }
  for (const auto& [key, n] : done_per_key) EXPECT_EQ(s.measurements({.device_key = key}).size(), n) << key;
}

TEST(FarmWorkers, FourWorkersOnTwoKeysSurviveSigkillsEveryJobDoneOnce) {
  if (!PostgresCluster::available()) GTEST_FAIL() << "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)";
  TempDir dir("farm");
  const std::string url = PostgresCluster::shared().create_database();
  const auto init = run_cli("db init --db " + url);
  ASSERT_EQ(init.exit_code, 0) << init.output;
  auto s = store::open_store(url);
  const std::int64_t jobs = submit_sampled(*s, "phone-a", 100, 1) + submit_sampled(*s, "phone-b", 100, 2);
  ASSERT_GE(jobs, 190);
  const std::string engine = sleeping_engine(dir, 0.05);
  const std::string log = (dir / "workers.log").string();

  std::map<std::string, std::string> key_of_worker;
  std::vector<WorkerProcess> live;
  int started = 0;
  auto start = [&](const std::string& key) {
    const std::string id = fmt::format("{}-w{}", key, started++);
    key_of_worker[id] = key;
    live.push_back(start_worker(url, key, id, engine, log));
  };
  for (const auto* key : {"phone-a", "phone-b", "phone-a", "phone-b"}) start(key);

  int kills = 0;
  const auto begin = std::chrono::steady_clock::now();
  auto next_kill = begin + 2s;
  while (!live.empty() && std::chrono::steady_clock::now() - begin < 100s) {
    std::this_thread::sleep_for(100ms);
    for (auto it = live.begin(); it != live.end();) {
      const int code = poll_exit(it->pid);
      if (code >= 0) {
        EXPECT_EQ(code, 0) << it->id << " exited with " << code << "; log " << log;
        it = live.erase(it);
      } else {
        ++it;
      }
    }
    // Every 2 s, while the queue still has work, kill a worker that holds a job (its lease must
    // come back) and start a replacement.
    if (kills < 4 && std::chrono::steady_clock::now() >= next_kill && !live.empty() && s->queue().unfinished(live[0].key) > 5) {
      auto holder = live.end();
      for (const auto& job : s->queue().snapshot(60).running) {
        holder = std::find_if(live.begin(), live.end(), [&](const auto& w) { return job.worker == w.id; });
        if (holder != live.end()) break;
      }
      if (holder == live.end()) continue;
      const WorkerProcess victim = *holder;
      kill(victim.pid, SIGKILL);
      waitpid(victim.pid, nullptr, 0);
      live.erase(std::find_if(live.begin(), live.end(), [&](const auto& w) { return w.pid == victim.pid; }));
      start(victim.key);
      ++kills;
      next_kill = std::chrono::steady_clock::now() + 2s;
    }
  }
  for (const auto& w : live) kill(w.pid, SIGKILL);
  ASSERT_TRUE(live.empty()) << "workers still running after 100 s; log " << log;
  EXPECT_GE(kills, 2);
  expect_all_done_once(*s, key_of_worker, jobs);
  // The killed workers' jobs came back through their expired leases.
  std::size_t requeued = 0;
  for (const auto& j : s->queue().jobs("")) {
    if (j.last_error && j.last_error->rfind("lease expired", 0) == 0) ++requeued;
  }
  EXPECT_GE(requeued, 1u);
  EXPECT_LE(requeued, static_cast<std::size_t>(kills));
  std::printf("%lld jobs, %d workers killed and replaced, %zu leases requeued\n", static_cast<long long>(jobs), kills,
              requeued);
}

TEST(FarmWorkers, ThreeLocalProcessesShareAnSqliteQueue) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "farm.db").string();
  auto s = store::open_store(url);
  const std::int64_t jobs = submit_sampled(*s, "cpu-local", 60, 3);
  const std::string engine = sleeping_engine(dir, 0.01);
  const std::string log = (dir / "workers.log").string();
  std::map<std::string, std::string> key_of_worker;
  std::vector<WorkerProcess> workers;
  for (int i = 0; i < 3; ++i) {
    const std::string id = fmt::format("local-{}", i);
    key_of_worker[id] = "cpu-local";
    workers.push_back(start_worker(url, "cpu-local", id, engine, log));
  }
  for (const auto& w : workers) {
    int status = 0;
    waitpid(w.pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << w.id << "; log " << log;
  }
  expect_all_done_once(*s, key_of_worker, jobs);
  std::set<std::string> who;
  for (const auto& j : s->queue().jobs("")) who.insert(j.worker.value_or(""));
  EXPECT_GE(who.size(), 2u);  // the work was shared
}

TEST(FarmWorkers, AWorkerRefusesAStoreOfAnotherSchemaVersionUntilDbInit) {
  TempDir dir("farm");
  const auto file = dir / "old.db";
  { store::open_store(file.string()); }
  // Back to version 3: the queue's tables did not exist yet.
  raw_sql(file, "DROP TABLE jobs; DROP TABLE workers; PRAGMA user_version = 3;");
  const std::string url = "sqlite://" + file.string();
  const auto refused = run_cli("farm worker --db " + url + " --device-key k --engine 'command:true {onnx}' --exit-when-empty");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("run `hwnas db init"), std::string::npos) << refused.output;
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), 3);  // the worker changed nothing
  const auto init = run_cli("db init --db " + url);
  EXPECT_EQ(init.exit_code, 0) << init.output;
  const auto works = run_cli("farm worker --db " + url + " --device-key k --engine 'command:true {onnx}' --exit-when-empty");
  EXPECT_EQ(works.exit_code, 0) << works.output;
}

TEST(FarmWorkers, APostgresStoreNeedsDbInitAndHidesItsPassword) {
  if (!PostgresCluster::available()) GTEST_FAIL() << "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)";
  auto& cluster = PostgresCluster::shared();
  const std::string url = cluster.create_database();
  const auto refused = run_cli("farm status --db " + url);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("run `hwnas db init --db URL` once"), std::string::npos) << refused.output;
  ASSERT_EQ(run_cli("db init --db " + url).exit_code, 0);
  ASSERT_EQ(run_cli("db init --db " + url).exit_code, 0);  // a second init finds it current
  // A password in the URL (trust auth ignores it) never reaches the output or the runs table.
  const std::string database = url.substr(url.rfind('/') + 1);
  const std::string secret = cluster.url(database, "postgres", "s3cretpw");
  const auto submit = run_cli("farm submit --db '" + secret + "' --space ofa-mbv3-fmnist -n 3 --seed 4 --device-key k");
  EXPECT_EQ(submit.exit_code, 0) << submit.output;
  EXPECT_EQ(submit.output.find("s3cretpw"), std::string::npos) << submit.output;
  const auto bad = run_cli("farm status --db 'postgresql://postgres:s3cretpw@127.0.0.1:1/none'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("cannot connect"), std::string::npos) << bad.output;
  EXPECT_EQ(bad.output.find("s3cretpw"), std::string::npos) << bad.output;
  auto s = store::open_store(url);
  const std::int64_t run = s->begin_run("hwnas farm submit --db=" + secret);
  for (const auto& r : s->runs()) {
    if (r.id == run) EXPECT_EQ(r.command.find("s3cretpw"), std::string::npos) << r.command;
  }
}

TEST(FarmWorkers, SubmitStatusCancelRetryFromTheCommandLine) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "q.db").string();
  const auto first = run_cli("farm submit --db " + url + " --space ofa-mbv3-fmnist -n 5 --seed 9 --device-key k --priority 2");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("k: 5 new jobs, 0 already queued, 0 already measured"), std::string::npos) << first.output;
  const auto again = run_cli("farm submit --db " + url + " --space ofa-mbv3-fmnist -n 5 --seed 9 --device-key k --json");
  EXPECT_EQ(nlohmann::json::parse(again.output)["already_queued"], 5) << again.output;
  EXPECT_NE(run_cli("farm cancel --db " + url + " --device-key k").output.find("5 pending jobs cancelled"), std::string::npos);
  const auto status = run_cli("farm status --db " + url + " --json");
  ASSERT_EQ(status.exit_code, 0) << status.output;
  const auto json = nlohmann::json::parse(status.output);
  EXPECT_EQ(json["keys"][0]["cancelled"], 5);
  EXPECT_EQ(json["keys"][0]["eta_s"], 0);
  EXPECT_NE(run_cli("farm retry --db " + url + " --device-key k --failed").output.find("0 jobs back"), std::string::npos);
  EXPECT_NE(run_cli("farm retry --db " + url + " --device-key k").output.find("5 jobs back"), std::string::npos);
  const auto text = run_cli("farm status --db " + url);
  EXPECT_NE(text.output.find("jobs/min"), std::string::npos) << text.output;
}

// A key registered by another kind of device: the worker stops before claiming anything.
TEST(FarmWorkers, AWorkerOnAnotherKindOfDeviceIsRefusedAtStart) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "q.db").string();
  auto s = store::open_store(url);
  s->put_device({"npu", "command", {{"threads", 1}}, {{"engine", "command"}, {"cpu_model", "Imaginary NPU host 9000"}}});
  s->put_device({"gpu", "torchscript", {{"threads", 1}}, {{"engine", "torchscript"}}});
  submit_sampled(*s, "npu", 2, 6);
  const std::string worker = "farm worker --db " + url + " --engine 'command:true {onnx}' --reference-every 0 --exit-when-empty";
  const auto other_cpu = run_cli(worker + " --device-key npu");
  EXPECT_EQ(other_cpu.exit_code, 2) << other_cpu.output;
  EXPECT_NE(other_cpu.output.find("device key 'npu' is registered as cpu_model 'Imaginary NPU host 9000'"), std::string::npos)
      << other_cpu.output;
  const auto other_engine = run_cli(worker + " --device-key gpu");
  EXPECT_EQ(other_engine.exit_code, 2) << other_engine.output;
  EXPECT_NE(other_engine.output.find("registered as engine 'torchscript', but this worker has 'command'"), std::string::npos)
      << other_engine.output;
  for (const auto& j : s->queue().jobs("npu")) EXPECT_EQ(j.state, store::JobState::pending);
}

// Jobs that fail on every attempt: `retry --failed` brings them back, `cancel --failed` gives up
// on them, after which `retry --failed` leaves them alone.
TEST(FarmWorkers, RetryFailedAndCancelFailedFromTheCommandLine) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "q.db").string();
  ASSERT_EQ(run_cli("farm submit --db " + url + " --space ofa-mbv3-fmnist -n 3 --seed 9 --device-key k --max-attempts 1").exit_code,
            0);
  const std::string broken_device =
      "farm worker --db " + url + " --device-key k --engine 'command:false {onnx}' --reference-every 0 --exit-when-empty";
  const auto failing = run_cli(broken_device);
  EXPECT_EQ(failing.exit_code, 0) << failing.output;
  EXPECT_NE(failing.output.find("0 measured, 0 already measured, 3 failed"), std::string::npos) << failing.output;
  EXPECT_NE(run_cli("farm cancel --db " + url + " --device-key k").output.find("k: 0 pending jobs cancelled"),
            std::string::npos);
  const auto retried = run_cli("farm retry --db " + url + " --device-key k --failed");
  EXPECT_NE(retried.output.find("k: 3 jobs back to pending"), std::string::npos) << retried.output;
  EXPECT_EQ(nlohmann::json::parse(run_cli("farm status --db " + url + " --json").output)["keys"][0]["pending"], 3);
  EXPECT_EQ(run_cli(broken_device).exit_code, 0);
  const auto cancelled = run_cli("farm cancel --db " + url + " --device-key k --failed");
  EXPECT_EQ(cancelled.exit_code, 0) << cancelled.output;
  EXPECT_NE(cancelled.output.find("k: 3 failed jobs cancelled"), std::string::npos) << cancelled.output;
  EXPECT_NE(run_cli("farm retry --db " + url + " --device-key k --failed").output.find("k: 0 jobs back"), std::string::npos);
  const auto json = nlohmann::json::parse(run_cli("farm status --db " + url + " --json").output);
  EXPECT_EQ(json["keys"][0]["cancelled"], 3) << json.dump();
  EXPECT_EQ(json["keys"][0]["failed"], 0) << json.dump();
}

TEST(FarmWorkers, SigtermFinishesOrHandsBackTheJobInHandAndExitsZero) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "q.db").string();
  auto s = store::open_store(url);
  submit_sampled(*s, "slow", 3, 5);
  const std::string log = (dir / "worker.log").string();
  const auto w = start_worker(url, "slow", "slow-1", sleeping_engine(dir, 0.5), log);
  // Wait until it holds a job, then ask it to stop. A worker under the sanitizers on a loaded machine
  // takes seconds to start; a SIGTERM before its handler is installed would test nothing.
  for (int i = 0; i < 1200 && s->queue().snapshot(60).running.empty(); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_FALSE(s->queue().snapshot(60).running.empty()) << "the worker claimed no job within 60 s; log " << log;
  kill(w.pid, SIGTERM);
  int status = 0;
  waitpid(w.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "log " << log;
  std::size_t done = 0;
  for (const auto& j : s->queue().jobs("slow")) {
    EXPECT_TRUE(j.state == store::JobState::done || j.state == store::JobState::pending) << to_string(j.state);
    EXPECT_NE(j.state, store::JobState::running);
    if (j.state == store::JobState::done) ++done;
  }
  EXPECT_LE(done, 1u);  // it stopped after the job in hand
  const auto report = s->queue().snapshot(60).workers;
  ASSERT_EQ(report.size(), 1u);
  EXPECT_TRUE(report[0].stopped);
}

// A study's `--measure-missing --farm` on the laptop, a worker on the device host: the metric
// enqueues what the store lacks, waits, and reads the farm's measurements.
TEST(FarmWorkers, AMetricWithFarmWaitsForTheWorkersAndReadsTheirMeasurements) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "study.db").string();
  const auto space = space::load_space("ofa-mbv3-fmnist");
  arch::Rng rng(8);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < 4; ++i) archs.push_back(arch::sample_uniform(space, rng, std::nullopt));
  const std::string log = (dir / "worker.log").string();
  // The worker polls a queue that is still empty; it stays until told to stop.
  store::open_store(url);
  auto w = start_worker(url, "remote-npu", "npu-1", "command:echo latency: 2 ms {onnx}", log, false);
  auto latency = metric::open_metric("latency:remote-npu", {url, true, false, true});
  EXPECT_EQ(latency->preferred_batch(), 1024u);  // the farm gets the whole batch at once
  const auto values = latency->evaluate(space, archs);
  ASSERT_EQ(values.size(), 4u);
  for (const auto& v : values) {
    ASSERT_TRUE(v);
    EXPECT_DOUBLE_EQ(*v, 2.0);
  }
  kill(w.pid, SIGTERM);
  int status = 0;
  waitpid(w.pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "log " << log;
  EXPECT_EQ(store::open_store(url)->queue().jobs("remote-npu").size(), 4u);
}

// The same through the command line: `hwnas profile --measure-missing --farm` on the laptop, two
// workers beside it that run until stopped. The profile enqueues what the store lacks, shows its
// progress while the workers measure, and finishes; SIGTERM then stops both workers cleanly.
TEST(FarmWorkers, ProfileWithFarmFinishesWhileTwoWorkersMeasure) {
  TempDir dir("farm");
  const std::string url = "sqlite://" + (dir / "study.db").string();
  store::open_store(url);
  const std::string engine = sleeping_engine(dir, 0.02);
  const std::string log = (dir / "workers.log").string();
  std::map<std::string, std::string> key_of_worker;
  std::vector<WorkerProcess> workers;
  for (int i = 0; i < 2; ++i) {
    const std::string id = fmt::format("npu-{}", i);
    key_of_worker[id] = "remote-npu";
    workers.push_back(start_worker(url, "remote-npu", id, engine, log, false));
  }
  const auto profile = run_cli("profile --space ofa-mbv3-fmnist --metric latency:remote-npu --samples 2 --seed 3 --db " + url +
                               " --measure-missing --farm --no-report --out " + (dir / "prof").string());
  EXPECT_EQ(profile.exit_code, 0) << profile.output;
  EXPECT_NE(profile.output.find("farm remote-npu (waiting for workers)"), std::string::npos) << profile.output;
  for (const auto& w : workers) kill(w.pid, SIGTERM);
  for (const auto& w : workers) {
    int status = 0;
    waitpid(w.pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << w.id << "; log " << log;
  }
  auto s = store::open_store(url);
  const auto jobs = s->queue().jobs("remote-npu");
  ASSERT_FALSE(jobs.empty());
  expect_all_done_once(*s, key_of_worker, static_cast<std::int64_t>(jobs.size()));
  std::set<std::string> who;
  for (const auto& j : jobs) who.insert(j.worker.value_or(""));
  EXPECT_EQ(who.size(), 2u);  // both workers measured
  for (const auto& w : s->queue().snapshot(60).workers) EXPECT_TRUE(w.stopped) << w.id;
  EXPECT_FALSE(std::filesystem::is_empty(dir / "prof"));
}

}  // namespace
}  // namespace hwnas::test
