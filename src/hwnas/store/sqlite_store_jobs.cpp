// SqliteStore: the farm's job queue (contract in job_queue.hpp). Every change is one immediate
// transaction, which takes SQLite's write lock first: two local workers never claim the same job.
#include <fmt/core.h>

#include "hwnas/store/record_checks.hpp"
#include "hwnas/store/sqlite_store.hpp"
#include "hwnas/store/record_queries.hpp"

namespace hwnas::store {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

// The database's clock in epoch seconds (julianday keeps milliseconds).
constexpr const char* kSqliteNow = "((julianday('now') - 2440587.5) * 86400.0)";
// A change is allowed only to the worker holding the job under a lease that has not run out.
constexpr const char* kSqliteHeldByWorker = "id = ?1 AND worker = ?2 AND state = 'running' AND lease_until >= ";

JobRecord read_job(const Statement& s) {
  JobRecord j;
  j.id = s.int64(0);
  j.arch_hash = s.text(1);
  j.device_key = s.text(2);
  j.state = job_state_from_string(s.text(3));
  j.priority = static_cast<int>(s.int64(4));
  j.attempts = static_cast<int>(s.int64(5));
  j.max_attempts = static_cast<int>(s.int64(6));
  j.last_error = s.optional_text(7);
  j.worker = s.optional_text(8);
  j.started_at = s.optional_real(9);
  j.finished_at = s.optional_real(10);
  return j;
}

}  // namespace

SubmitCounts SqliteStore::submit(const std::vector<JobSpec>& jobs) {
  for (const auto& job : jobs) check_architecture(url_, job.arch);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement measured(db_,
                     "SELECT 1 FROM measurements m JOIN devices d ON d.id = m.device_id "
                     "WHERE m.arch_id = ?1 AND d.key = ?2 AND m.repeat = 0");
  Statement insert(db_, fmt::format("INSERT INTO jobs (arch_id, device_key, protocol, priority, state, max_attempts, "
                                    "submitted_at) VALUES (?1, ?2, ?3, ?4, 'pending', ?5, {}) "
                                    "ON CONFLICT (arch_id, device_key) DO NOTHING",
                                    kSqliteNow));
  SubmitCounts counts;
  for (const auto& job : jobs) {
    const std::int64_t arch_id = arch_id_for_write(job.arch);
    measured.bind(1, arch_id).bind(2, std::string_view(job.device_key));
    const bool done = measured.step();
    measured.reset();
    if (done) {
      ++counts.already_measured;
      continue;
    }
    insert.bind(1, arch_id).bind(2, std::string_view(job.device_key)).bind(3, std::string_view(job.protocol.dump()));
    insert.bind(4, static_cast<std::int64_t>(job.priority)).bind(5, static_cast<std::int64_t>(job.max_attempts)).run();
    if (sqlite3_changes(db_.handle()) == 1) {
      ++counts.added;
    } else {
      ++counts.already_queued;
    }
  }
  t.commit();
  return counts;
}

void SqliteStore::requeue_expired(std::string_view device_key) {
  Statement s(db_, fmt::format("UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, "
                               "last_error = 'lease expired (worker ' || worker || ')', "
                               "finished_at = CASE WHEN attempts >= max_attempts THEN {0} END, "
                               "worker = CASE WHEN attempts >= max_attempts THEN worker END, lease_until = NULL "
                               "WHERE device_key = ?1 AND state = 'running' AND lease_until < {0}",
                               kSqliteNow));
  s.bind(1, device_key).run();
}

std::optional<Job> SqliteStore::claim(std::string_view device_key, std::string_view worker, double lease_s) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  requeue_expired(device_key);
  Statement next(db_,
                 "SELECT j.id, a.space, a.encoding, a.text, a.hash, a.resolution, j.protocol, j.priority, j.attempts, "
                 "j.max_attempts FROM jobs j JOIN architectures a ON a.id = j.arch_id "
                 "WHERE j.device_key = ?1 AND j.state = 'pending' ORDER BY j.priority DESC, j.id LIMIT 1");
  next.bind(1, device_key);
  if (!next.step()) {
    t.commit();  // the requeued leases stay requeued
    return std::nullopt;
  }
  Job job{next.int64(0),
          {next.text(1), next.text(2), next.text(3), next.text(4), static_cast<int>(next.int64(5))},
          std::string(device_key),
          next.json(6),
          static_cast<int>(next.int64(7)),
          static_cast<int>(next.int64(8)) + 1,
          static_cast<int>(next.int64(9))};
  next.reset();
  Statement take(db_, fmt::format("UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = ?2, "
                                  "lease_until = {0} + ?3, started_at = {0} WHERE id = ?1",
                                  kSqliteNow));
  take.bind(1, job.id).bind(2, worker).bind(3, lease_s).run();
  t.commit();
  return job;
}

bool SqliteStore::heartbeat(std::int64_t job_id, std::string_view worker, double lease_s) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement s(db_, fmt::format("UPDATE jobs SET lease_until = {0} + ?3 WHERE {1}{0}", kSqliteNow, kSqliteHeldByWorker));
  s.bind(1, job_id).bind(2, worker).bind(3, lease_s).run();
  const bool held = sqlite3_changes(db_.handle()) == 1;
  t.commit();
  return held;
}

bool SqliteStore::complete(std::int64_t job_id, std::string_view worker, const ArchRecord& arch,
                           const std::optional<MeasurementRecord>& measurement) {
  if (measurement) check_ordinary_measurement(url_, arch, *measurement);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement done(db_, fmt::format("UPDATE jobs SET state = 'done', finished_at = {0}, lease_until = NULL WHERE {1}{0}",
                                  kSqliteNow, kSqliteHeldByWorker));
  done.bind(1, job_id).bind(2, worker).run();
  if (sqlite3_changes(db_.handle()) != 1) return false;  // rolled back: the lease is lost
  if (measurement) write_measurement(arch, *measurement, OnExisting::keep);
  t.commit();
  return true;
}

std::optional<JobState> SqliteStore::fail(std::int64_t job_id, std::string_view worker, const std::string& error) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement s(db_, fmt::format("UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, "
                               "last_error = ?3, lease_until = NULL, "
                               "finished_at = CASE WHEN attempts >= max_attempts THEN {0} END, "
                               "worker = CASE WHEN attempts >= max_attempts THEN worker END WHERE {1}{0} RETURNING state",
                               kSqliteNow, kSqliteHeldByWorker));
  s.bind(1, job_id).bind(2, worker).bind(3, std::string_view(error));
  if (!s.step()) return std::nullopt;
  const JobState state = job_state_from_string(s.text(0));
  s.reset();
  t.commit();
  return state;
}

bool SqliteStore::release(std::int64_t job_id, std::string_view worker) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement s(db_, fmt::format("UPDATE jobs SET state = 'pending', attempts = attempts - 1, worker = NULL, "
                               "lease_until = NULL WHERE {1}{0}",
                               kSqliteNow, kSqliteHeldByWorker));
  s.bind(1, job_id).bind(2, worker).run();
  const bool held = sqlite3_changes(db_.handle()) == 1;
  t.commit();
  return held;
}

std::int64_t SqliteStore::retry(std::string_view device_key, bool failed_only) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement s(db_, fmt::format("UPDATE jobs SET state = 'pending', attempts = 0, worker = NULL, finished_at = NULL "
                               "WHERE device_key = ?1 AND state IN ('failed'{})",
                               failed_only ? "" : ", 'cancelled'"));
  s.bind(1, device_key).run();
  const std::int64_t n = sqlite3_changes(db_.handle());
  t.commit();
  return n;
}

std::int64_t SqliteStore::cancel(std::string_view device_key, bool failed_jobs) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  // A failed job keeps the time it failed.
  Statement s(db_, failed_jobs ? "UPDATE jobs SET state = 'cancelled' WHERE device_key = ?1 AND state = 'failed'"
                               : fmt::format("UPDATE jobs SET state = 'cancelled', finished_at = {} "
                                             "WHERE device_key = ?1 AND state = 'pending'",
                                             kSqliteNow));
  s.bind(1, device_key).run();
  const std::int64_t n = sqlite3_changes(db_.handle());
  t.commit();
  return n;
}

std::int64_t SqliteStore::unfinished(std::string_view device_key) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT COUNT(*) FROM jobs WHERE device_key = ?1 AND state IN ('pending', 'running')");
  s.bind(1, device_key);
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

std::vector<JobRecord> SqliteStore::jobs(std::string_view device_key) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kJobColumns) + "WHERE ?1 = '' OR j.device_key = ?1 ORDER BY j.id");
  s.bind(1, device_key);
  std::vector<JobRecord> out;
  while (s.step()) out.push_back(read_job(s));
  return out;
}

QueueSnapshot SqliteStore::snapshot(double window_s) {
  std::lock_guard lock(mutex_);
  QueueSnapshot snap;
  {
    Statement now(db_, fmt::format("SELECT {}", kSqliteNow));
    now.step();
    snap.now = now.real(0);
    now.reset();
  }
  // Two queries, each answered from an index: counts by (key, state), recent ones by (state, time).
  Statement counts(db_, "SELECT device_key, state, COUNT(*) FROM jobs GROUP BY device_key, state ORDER BY device_key");
  while (counts.step()) {
    if (snap.keys.empty() || snap.keys.back().device_key != counts.text(0)) snap.keys.push_back({counts.text(0)});
    auto& k = snap.keys.back();
    const std::int64_t n = counts.int64(2);
    switch (job_state_from_string(counts.text(1))) {
      case JobState::pending: k.pending = n; break;
      case JobState::running: k.running = n; break;
      case JobState::done: k.done = n; break;
      case JobState::failed: k.failed = n; break;
      case JobState::cancelled: k.cancelled = n; break;
    }
  }
  Statement recent(db_, "SELECT device_key, COUNT(*) FROM jobs WHERE state = 'done' AND finished_at >= ?1 GROUP BY device_key");
  recent.bind(1, snap.now - window_s);
  while (recent.step()) {
    for (auto& k : snap.keys) {
      if (k.device_key == recent.text(0)) k.done_in_window = recent.int64(1);
    }
  }
  Statement running(db_, std::string(kJobColumns) + "WHERE j.state = 'running' ORDER BY j.device_key, j.id");
  while (running.step()) snap.running.push_back(read_job(running));
  Statement workers(db_, "SELECT id, device_key, host, started_at, heartbeat_at, job_id, jobs_done, stopped FROM workers "
                         "ORDER BY device_key, id");
  while (workers.step()) {
    snap.workers.push_back({workers.text(0), workers.text(1), workers.text(2), workers.real(3), workers.real(4),
                            workers.optional_int64(5), workers.int64(6), workers.int64(7) != 0});
  }
  return snap;
}

void SqliteStore::worker_alive(const WorkerRecord& worker) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement s(db_, fmt::format("INSERT INTO workers (id, device_key, host, started_at, heartbeat_at, job_id, jobs_done, stopped) "
                               "VALUES (?1, ?2, ?3, {0}, {0}, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
                               "heartbeat_at = {0}, job_id = excluded.job_id, jobs_done = excluded.jobs_done, "
                               "stopped = excluded.stopped",
                               kSqliteNow));
  s.bind(1, std::string_view(worker.id)).bind(2, std::string_view(worker.device_key)).bind(3, std::string_view(worker.host));
  s.bind(4, worker.job_id).bind(5, worker.jobs_done).bind(6, static_cast<std::int64_t>(worker.stopped ? 1 : 0)).run();
  t.commit();
}

}  // namespace hwnas::store
