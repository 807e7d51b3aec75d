// The job queue's contract (src/hwnas/store/job_queue.hpp), written once and run over SQLite and
// PostgreSQL: claims, leases, guarded changes, failures, retry and cancel, concurrent claimers.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"
#include "store/store_test_util.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

using store::JobState;

struct Backend {
  std::string name;
  // The URL of a fresh store for this test (schema created as `db init` does).
  std::function<std::string(const TempDir&)> fresh_url;
  bool needs_server = false;
};
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

const std::vector<Backend> kBackends = {
    {"sqlite_file", [](const TempDir& d) { return "sqlite://" + (d / "q.db").string(); }},
    {"postgresql", [](const TempDir&) { return PostgresCluster::shared().create_database(); }, true},
};

store::JobSpec spec(int i, const std::string& key, int priority = 0, int max_attempts = 3) {
  return {sample_arch(i), key, {{"min_runs", 4}}, priority, max_attempts};
}

class JobQueueContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().needs_server && !PostgresCluster::available()) GTEST_FAIL() << "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)";
    url = GetParam().fresh_url(dir);
    s = store::open_store(url, store::SchemaAction::migrate);
    s->put_device(sample_device(key));
    s->put_device(sample_device(other));
  }
  store::JobQueue& q() { return s->queue(); }
  TempDir dir{"farm"};
  std::string url;
  std::unique_ptr<store::Store> s;
  const std::string key = "cpu-a@test";
  const std::string other = "cpu-b@test";
};

TEST_P(JobQueueContract, SubmitCountsNewQueuedAndMeasured) {
  s->put_measurement(sample_arch(2), sample_measurement(sample_arch(2), key));
  const auto first = q().submit({spec(1, key), spec(2, key), spec(3, key), spec(1, other)});
  EXPECT_EQ(first.added, 3);
  EXPECT_EQ(first.already_measured, 1);
  EXPECT_EQ(first.already_queued, 0);
  const auto again = q().submit({spec(1, key), spec(3, key), spec(4, key)});
  EXPECT_EQ(again.added, 1);
  EXPECT_EQ(again.already_queued, 2);
  EXPECT_EQ(q().jobs(key).size(), 3u);
  EXPECT_EQ(q().jobs("").size(), 4u);
  EXPECT_EQ(q().unfinished(key), 3);
}

TEST_P(JobQueueContract, ClaimTakesItsOwnKeyByPriorityThenAge) {
  q().submit({spec(1, key), spec(2, key, 5), spec(3, other, 9), spec(4, key)});
  std::vector<std::string> order;
  while (const auto job = q().claim(key, "w1", 60)) {
    EXPECT_EQ(job->device_key, key);
    EXPECT_EQ(job->attempts, 1);
    EXPECT_EQ(job->protocol, nlohmann::json({{"min_runs", 4}}));
    order.push_back(job->arch.hash);
  }
  EXPECT_EQ(order, (std::vector<std::string>{sample_arch(2).hash, sample_arch(1).hash, sample_arch(4).hash}));
  EXPECT_EQ(q().claim(other, "w2", 60)->arch, sample_arch(3));
  EXPECT_FALSE(q().claim(other, "w2", 60));
}

TEST_P(JobQueueContract, CompleteWritesTheMeasurementAndDoneTogether) {
  q().submit({spec(1, key)});
  const auto job = q().claim(key, "w1", 60).value();
  EXPECT_TRUE(q().heartbeat(job.id, "w1", 60));
  EXPECT_FALSE(q().complete(job.id, "w2", job.arch, sample_measurement(job.arch, key)));  // not its job
  EXPECT_FALSE(s->has_measurement(job.arch.hash, key));
  EXPECT_TRUE(q().complete(job.id, "w1", job.arch, sample_measurement(job.arch, key)));
  EXPECT_TRUE(s->has_measurement(job.arch.hash, key));
  const auto rows = q().jobs(key);
  EXPECT_EQ(rows[0].state, JobState::done);
  EXPECT_EQ(rows[0].worker, "w1");
  EXPECT_TRUE(rows[0].finished_at);
  EXPECT_FALSE(q().complete(job.id, "w1", job.arch, sample_measurement(job.arch, key)));  // once only
  EXPECT_EQ(q().unfinished(key), 0);
}

TEST_P(JobQueueContract, AMeasurementThatCannotBeWrittenLeavesTheJobRunning) {
  q().submit({spec(1, "cpu-unregistered@test")});
  const auto job = q().claim("cpu-unregistered@test", "w1", 60).value();
  EXPECT_THROW(q().complete(job.id, "w1", job.arch, sample_measurement(job.arch, "cpu-unregistered@test")), InputError);
  EXPECT_EQ(q().jobs("cpu-unregistered@test")[0].state, JobState::running);
  EXPECT_EQ(q().fail(job.id, "w1", "unknown device"), JobState::pending);
}

TEST_P(JobQueueContract, AWorkerWhoseLeaseExpiredCannotCommitAndTheJobIsRequeued) {
  q().submit({spec(1, key)});
  const auto job = q().claim(key, "slow", 0.2).value();
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  // Expired but not yet taken by anyone: still no commit, no heartbeat.
  EXPECT_FALSE(q().heartbeat(job.id, "slow", 60));
  EXPECT_FALSE(q().complete(job.id, "slow", job.arch, sample_measurement(job.arch, key, 0.001)));
  const auto again = q().claim(key, "fast", 60).value();
  EXPECT_EQ(again.id, job.id);
  EXPECT_EQ(again.attempts, 2);
  EXPECT_FALSE(q().fail(job.id, "slow", "late"));
  EXPECT_FALSE(q().release(job.id, "slow"));
  EXPECT_TRUE(q().complete(again.id, "fast", again.arch, sample_measurement(again.arch, key, 0.002)));
  EXPECT_EQ(s->find_measurement(job.arch.hash, key)->median_s, 0.002);
  const auto row = q().jobs(key)[0];
  EXPECT_EQ(row.worker, "fast");
  EXPECT_EQ(row.last_error, "lease expired (worker slow)");
}

TEST_P(JobQueueContract, FailingNTimesEndsFailedWithTheErrorAndRetryRequeues) {
  q().submit({spec(1, key, 0, 3)});
  for (int attempt = 1; attempt <= 3; ++attempt) {
    const auto job = q().claim(key, "w1", 60).value();
    EXPECT_EQ(job.attempts, attempt);
    EXPECT_EQ(q().fail(job.id, "w1", fmt::format("engine crashed ({})", attempt)),
              attempt < 3 ? JobState::pending : JobState::failed);
  }
  EXPECT_FALSE(q().claim(key, "w1", 60));
  auto row = q().jobs(key)[0];
  EXPECT_EQ(row.state, JobState::failed);
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.last_error, "engine crashed (3)");
  EXPECT_EQ(q().unfinished(key), 0);
  EXPECT_EQ(q().retry(key, true), 1);
  EXPECT_EQ(q().claim(key, "w1", 60)->attempts, 1);
}

TEST_P(JobQueueContract, ExpiredLeasesUseUpAttemptsToo) {
  q().submit({spec(1, key, 0, 2)});
  q().claim(key, "dead1", 0.05);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  q().claim(key, "dead2", 0.05);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_FALSE(q().claim(key, "w3", 60));
  const auto row = q().jobs(key)[0];
  EXPECT_EQ(row.state, JobState::failed);
  EXPECT_EQ(row.last_error, "lease expired (worker dead2)");
}

TEST_P(JobQueueContract, ReleaseReturnsTheJobWithoutUsingAnAttempt) {
  q().submit({spec(1, key)});
  const auto job = q().claim(key, "w1", 60).value();
  EXPECT_FALSE(q().release(job.id, "w2"));
  EXPECT_TRUE(q().release(job.id, "w1"));
  const auto again = q().claim(key, "w2", 60).value();
  EXPECT_EQ(again.attempts, 1);
}

TEST_P(JobQueueContract, CancelStopsPendingJobsOfOneKey) {
  q().submit({spec(1, key), spec(2, key), spec(3, other)});
  const auto running = q().claim(key, "w1", 60).value();
  EXPECT_EQ(q().cancel(key, false), 1);
  EXPECT_FALSE(q().claim(key, "w2", 60));
  EXPECT_TRUE(q().complete(running.id, "w1", running.arch, std::nullopt));  // the running one finishes
  EXPECT_TRUE(q().claim(other, "w3", 60));
  EXPECT_EQ(q().retry(key, true), 0);
  EXPECT_EQ(q().retry(key, false), 1);
  EXPECT_TRUE(q().claim(key, "w2", 60));
}

// `farm cancel --failed` gives up on failed jobs: pending ones stay, `retry --failed` leaves
// them, a plain retry brings them back.
TEST_P(JobQueueContract, CancelFailedGivesUpOnlyTheFailedJobsOfOneKey) {
  q().submit({spec(1, key, 5, 1), spec(2, key), spec(3, other, 5, 1)});
  for (const auto& k : {key, other}) {
    const auto job = q().claim(k, "w1", 60).value();
    EXPECT_EQ(q().fail(job.id, "w1", "phone unplugged"), JobState::failed);
  }
  EXPECT_EQ(q().cancel(key, true), 1);
  EXPECT_EQ(q().cancel(key, true), 0);
  std::map<std::string, JobState> state_of;
  for (const auto& j : q().jobs("")) state_of[j.arch_hash + j.device_key] = j.state;
  EXPECT_EQ(state_of[sample_arch(1).hash + key], JobState::cancelled);
  EXPECT_EQ(state_of[sample_arch(2).hash + key], JobState::pending);
  EXPECT_EQ(state_of[sample_arch(3).hash + other], JobState::failed);  // another key's
  EXPECT_EQ(q().jobs(key)[0].last_error, "phone unplugged");
  EXPECT_EQ(q().retry(key, true), 0);
  EXPECT_EQ(q().retry(other, true), 1);
  EXPECT_EQ(q().retry(key, false), 1);
  EXPECT_EQ(q().unfinished(key), 2);
}

TEST_P(JobQueueContract, SnapshotCountsPerKeyRunningJobsAndWorkers) {
  q().submit({spec(1, key), spec(2, key), spec(3, key), spec(4, other)});
  const auto a = q().claim(key, "w1", 60).value();
  q().complete(a.id, "w1", a.arch, sample_measurement(a.arch, key));
  q().claim(key, "w1", 60);
  q().worker_alive({"w1", key, "host1", 0, 0, a.id, 1, false});
  q().worker_alive({"w1", key, "host1", 0, 0, std::nullopt, 2, false});
  const auto snap = q().snapshot(600);
  ASSERT_EQ(snap.keys.size(), 2u);
  EXPECT_EQ(snap.keys[0].device_key, key);
  EXPECT_EQ(snap.keys[0].pending, 1);
  EXPECT_EQ(snap.keys[0].running, 1);
  EXPECT_EQ(snap.keys[0].done, 1);
  EXPECT_EQ(snap.keys[0].done_in_window, 1);
  EXPECT_EQ(snap.keys[1].pending, 1);
  ASSERT_EQ(snap.running.size(), 1u);
  EXPECT_EQ(snap.running[0].worker, "w1");
  ASSERT_EQ(snap.workers.size(), 1u);
  EXPECT_EQ(snap.workers[0].jobs_done, 2);
  EXPECT_FALSE(snap.workers[0].job_id);
  EXPECT_NEAR(snap.workers[0].heartbeat_at, snap.now, 5);
}

// Several processes' worth of handles claiming at once: every job is handed out exactly once.
TEST_P(JobQueueContract, ConcurrentClaimersNeverShareAJob) {
  std::vector<store::JobSpec> specs;
  for (int i = 0; i < 120; ++i) specs.push_back(spec(i, key));
  q().submit(specs);
  std::mutex mutex;
  std::multiset<std::int64_t> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      auto own = store::open_store(url);  // a connection of its own, as a separate process has
      const std::string id = fmt::format("w{}", w);
      while (const auto job = own->queue().claim(key, id, 60)) {
        EXPECT_TRUE(own->queue().complete(job->id, id, job->arch, sample_measurement(job->arch, key)));
        std::lock_guard lock(mutex);
        claimed.insert(job->id);
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(claimed.size(), 120u);
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), 120u);
  EXPECT_EQ(s->measurements({.device_key = key}).size(), 120u);
  EXPECT_EQ(q().unfinished(key), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueueContract, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace hwnas::test
