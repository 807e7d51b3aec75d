// The stores under faults: `hwnas measure` (a profile store) and `hwnas supernet train` (a supernet
// folder) killed with SIGKILL at random moments and run again, and store files cut short. What a
// killed run committed stays, the resumed run finishes without duplicates, and a damaged file is
// one clear InputError, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"
#include "hwnas/train/supernet_dir.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"
#include "train/train_fixture.hpp"

namespace hwnas::test {
namespace {

constexpr int kKills = 20;

// The longest kill delay, widened by half after every kill that came before anything was committed:
// a sanitized build on a loaded machine takes several times longer to start, and kills that all
// land before the first commit test nothing.
int next_window(int window_ms, bool committed_any) {
  return committed_any ? window_ms : std::min(window_ms * 3 / 2, 60000);
}

// Runs `hwnas <args>` with its output discarded.
pid_t spawn_cli(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int null = open("/dev/null", O_WRONLY);
  dup2(null, STDOUT_FILENO);
  dup2(null, STDERR_FILENO);
  std::vector<char*> argv{const_cast<char*>(cli_path().c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

// Kills the run after `delay` unless it ended first; true when it ran to the end with exit code 0.
bool run_until(const std::vector<std::string>& args, std::chrono::milliseconds delay) {
  const pid_t pid = spawn_cli(args);
  const auto deadline = std::chrono::steady_clock::now() + delay;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(StoreFaults, MeasureKilledTwentyTimesKeepsWhatItCommittedAndResumesWithoutDuplicates) {
  TempDir dir("store");
  const std::string db = "sqlite://" + (dir / "m.db").string();
  const std::vector<std::string> args{"measure", "--space", "ofa-mbv3-fmnist", "-n", "8", "--seed", "7", "--warmup",
                                      "1", "--min-runs", "3", "--max-runs", "3", "--reference-every", "0",
                                      "--device-key", "faults", "--db", db};
  std::mt19937 rng(21);
  std::set<std::string> committed;
  int window_ms = 2500;
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(50, window_ms)(rng));
    run_until(args, delay);
    SCOPED_TRACE(testing::Message() << "kill " << kill_idx << " after " << delay.count() << " ms");
    auto store = store::open_store(db);
    const auto rows = store->measurements({.device_key = "faults"});
    std::set<std::string> now;
    for (const auto& m : rows) {
      EXPECT_TRUE(now.insert(m.arch_hash).second) << "duplicate " << m.arch_hash;
      EXPECT_TRUE(store->find_architecture(m.arch_hash)) << m.arch_hash;
      EXPECT_EQ(m.run_times_s.size(), 3u);
    }
    for (const auto& hash : committed) EXPECT_TRUE(now.contains(hash)) << "lost " << hash;
    committed = now;
    window_ms = next_window(window_ms, !committed.empty());
  }
  EXPECT_FALSE(committed.empty()) << "no kill came after a commit: the delays are too short for this machine";
  ASSERT_TRUE(run_until(args, std::chrono::minutes(5)));
  auto store = store::open_store(db);
  const auto rows = store->measurements({.device_key = "faults"});
  std::set<std::string> hashes;
  for (const auto& m : rows) hashes.insert(m.arch_hash);
  EXPECT_EQ(rows.size(), 8u);
  EXPECT_EQ(hashes.size(), 8u);
}

// log.csv's step column, in file order.
std::vector<long long> logged_steps(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<long long> steps;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) steps.push_back(std::stoll(line.substr(0, line.find(','))));
  return steps;
}

TEST(StoreFaults, SupernetTrainKilledTwentyTimesKeepsItsCheckpointsAndResumesWithoutDuplicates) {
  TempDir dir("store");
  const auto data = train::test::make_tiny_folder("faults", 160, 40);
  const auto out = dir / "supernet";
  const std::vector<std::string> args{"supernet", "train", "--space", "ofa-mbv3-fmnist", "--data", data.string(),
                                      "--out", out.string(), "--epochs", "4", "--validation-images", "32",
                                      "--batch-size", "4", "--checkpoint-every", "3", "--threads", "1", "--quiet"};
  std::mt19937 rng(21);
  std::int64_t committed = 0;
  int window_ms = 5000;  // loading LibTorch takes a second or two before the first step
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(500, window_ms)(rng));
    const bool finished = run_until(args, delay);
    SCOPED_TRACE(testing::Message() << "kill " << kill_idx << " after " << delay.count() << " ms");
    if (!train::is_supernet_dir(out)) {
      EXPECT_EQ(committed, 0);
      window_ms = next_window(window_ms, false);
      continue;
    }
    const train::LoadedSupernet loaded = train::load_supernet(out);  // info, space and weights all read back
    EXPECT_GE(loaded.info.steps_done, committed);
    committed = loaded.info.steps_done;
    window_ms = next_window(window_ms, committed > 0);
    if (finished) break;
  }
  EXPECT_GT(committed, 0) << "no kill came after a checkpoint: the delays are too short for this machine";
  ASSERT_TRUE(run_until(args, std::chrono::minutes(5)));
  const train::SupernetInfo info = train::read_info(out);
  EXPECT_EQ(info.steps_done, info.steps_total);
  const auto steps = logged_steps(out / "log.csv");
  ASSERT_FALSE(steps.empty());
  for (std::size_t i = 1; i < steps.size(); ++i) EXPECT_LT(steps[i - 1], steps[i]) << "row " << i;
  EXPECT_EQ(steps.back(), info.steps_total);
}

TEST(StoreFaults, StoreFileCutShortAnywhereIsOneInputErrorNeverACrash) {
  TempDir dir("store");
  const auto file = dir / "whole.db";
  {
    auto s = store::open_store(file.string());
    s->put_device(sample_device());
    const std::int64_t run = s->begin_run("hwnas measure ...");
    for (int i = 0; i < 200; ++i) s->put_measurement(sample_arch(i), sample_measurement(sample_arch(i), sample_device().key));
    s->end_run(run, store::RunStatus::complete);
  }
  raw_sql(file, "PRAGMA wal_checkpoint(TRUNCATE)");
  const std::string bytes = read_bytes(file);
  ASSERT_GT(bytes.size(), 16384u);
  std::mt19937 rng(21);
  for (int cut_idx = 0; cut_idx < kKills; ++cut_idx) {
    const auto offset = std::uniform_int_distribution<std::size_t>(1, bytes.size() - 1)(rng);
    SCOPED_TRACE(testing::Message() << "cut at byte " << offset << " of " << bytes.size());
    const auto cut = dir / fmt::format("cut-{}.db", cut_idx);
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, offset);
    try {
      auto s = store::open_store(cut.string());
      s->devices();
      s->runs();
      s->measurements();
      ADD_FAILURE() << "a store file cut short was read as if whole";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(cut.string()), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace hwnas::test
