// PgStore: the farm's job queue (contract in job_queue.hpp). Claims take the next pending row with
// SELECT ... FOR UPDATE SKIP LOCKED, so workers on many machines never wait on each other's row
// and no job is handed out twice; every later change is guarded by the worker and its lease.
#include <fmt/core.h>

#include "hwnas/store/pg_connection.hpp"
#include "hwnas/store/pg_store.hpp"
#include "hwnas/store/record_checks.hpp"
#include "hwnas/store/record_queries.hpp"

namespace hwnas::store {

using pg::exec;
using pg::Params;

namespace {

// The server's clock in epoch seconds: every machine's lease is measured on this one clock.
constexpr const char* kPgNow = "extract(epoch FROM clock_timestamp())::double precision";
// A change is allowed only to the worker holding the job under a lease that has not run out.
constexpr const char* kPgHeldByWorker = "id = $1 AND worker = $2 AND state = 'running' AND lease_until >= ";

// Submits at least this large are followed by VACUUM (ANALYZE): PostgreSQL's own threshold for
// an insert-driven autovacuum.
constexpr std::int64_t kBulkSubmit = 1000;

JobRecord read_job(const pqxx::row& r) {
  return {pg::int64(r[0]),
          pg::text(r[1]),
          pg::text(r[2]),
          job_state_from_string(pg::text(r[3])),
          static_cast<int>(pg::int64(r[4])),
          static_cast<int>(pg::int64(r[5])),
          static_cast<int>(pg::int64(r[6])),
          pg::optional_text(r[7]),
          pg::optional_text(r[8]),
          pg::optional_real(r[9]),
          pg::optional_real(r[10])};
}

}  // namespace

SubmitCounts PgStore::submit(const std::vector<JobSpec>& jobs) {
  for (const auto& job : jobs) check_architecture(url_, job.arch);
  const SubmitCounts counts = transact([&](pqxx::work& t) {
    SubmitCounts counts;
    for (const auto& job : jobs) {
      const std::int64_t arch_id = arch_id_for_write(t, job.arch);
      const bool measured = !exec(t,
                                  "SELECT 1 FROM measurements m JOIN devices d ON d.id = m.device_id "
                                  "WHERE m.arch_id = $1 AND d.key = $2 AND m.repeat = 0",
                                  Params(arch_id, job.device_key))
                                 .empty();
      if (measured) {
        ++counts.already_measured;
        continue;
      }
      const auto added = exec(t,
                              fmt::format("INSERT INTO jobs (arch_id, device_key, protocol, priority, state, max_attempts, "
                                          "submitted_at) VALUES ($1, $2, $3, $4, 'pending', $5, {}) "
                                          "ON CONFLICT (arch_id, device_key) DO NOTHING RETURNING id",
                                          kPgNow),
                              Params(arch_id, job.device_key, job.protocol.dump(), job.priority, job.max_attempts));
      ++(added.empty() ? counts.already_queued : counts.added);
    }
    return counts;
  });
  if (counts.added >= kBulkSubmit) {
    // Fresh statistics for the planner, and the visibility map set so that `farm status` counts
    // from the (key, state) index alone, at once rather than after autovacuum's next round. Only
    // the table's owner may; for anyone else the server skips it (a warning, not shown).
    run_in<pqxx::nontransaction>([](auto& t) {
      t.exec("SET client_min_messages = error");
      t.exec("VACUUM (ANALYZE) jobs");
      t.exec("SET client_min_messages = warning");
    });
  }
  return counts;
}

void PgStore::requeue_expired(pqxx::transaction_base& t, std::string_view device_key) {
  // SKIP LOCKED: a row another worker is committing or requeueing right now is left to it.
  pg::exec_prepared(t, "requeue_expired",
                    fmt::format("UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, "
                                "last_error = 'lease expired (worker ' || worker || ')', "
                                "finished_at = CASE WHEN attempts >= max_attempts THEN {0} END, "
                                "worker = CASE WHEN attempts >= max_attempts THEN worker END, lease_until = NULL "
                                "WHERE id IN (SELECT id FROM jobs WHERE device_key = $1 AND state = 'running' AND lease_until < {0} "
                                "FOR UPDATE SKIP LOCKED)",
                                kPgNow),
                    Params(device_key));
}

// The worker's transitions (claim, heartbeat, complete, fail, release, its own row) commit without
// waiting for the server's disk (transact_lazy; docs/farm.md, "Durability"), each in as few round
// trips as it can: one statement, prepared once per connection.

std::optional<Job> PgStore::claim(std::string_view device_key, std::string_view worker, double lease_s) {
  return transact_lazy([&](auto& t) -> std::optional<Job> {
    requeue_expired(t, device_key);
    // The job and its architecture in one statement; the architecture row is read, not locked.
    const auto r = pg::exec_prepared(
        t, "claim",
        fmt::format("UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, worker = $2, lease_until = {0} + $3, "
                    "started_at = {0} FROM architectures a WHERE a.id = j.arch_id AND j.id = (SELECT id FROM jobs "
                    "WHERE device_key = $1 AND state = 'pending' ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                    "RETURNING j.id, j.protocol, j.priority, j.attempts, j.max_attempts, a.space, a.encoding, a.text, a.hash, "
                    "a.resolution",
                    kPgNow),
        Params(device_key, worker, lease_s));
    if (r.empty()) return std::nullopt;
    return Job{pg::int64(r[0][0]),
               {pg::text(r[0][5]), pg::text(r[0][6]), pg::text(r[0][7]), pg::text(r[0][8]),
                static_cast<int>(pg::int64(r[0][9]))},
               std::string(device_key),
               nlohmann::json::parse(pg::text(r[0][1])),
               static_cast<int>(pg::int64(r[0][2])),
               static_cast<int>(pg::int64(r[0][3])),
               static_cast<int>(pg::int64(r[0][4]))};
  });
}

bool PgStore::heartbeat(std::int64_t job_id, std::string_view worker, double lease_s) {
  return transact_lazy([&](auto& t) {
    return !pg::exec_prepared(t, "heartbeat",
                              fmt::format("UPDATE jobs SET lease_until = {0} + $3 WHERE {1}{0} RETURNING id", kPgNow, kPgHeldByWorker),
                              Params(job_id, worker, lease_s))
                .empty();
  });
}

bool PgStore::complete(std::int64_t job_id, std::string_view worker, const ArchRecord& arch,
                       const std::optional<MeasurementRecord>& measurement) {
  if (measurement) check_ordinary_measurement(url_, arch, *measurement);
  return transact_lazy([&](auto& t) {
    // The row stays locked until commit, so the lease cannot be requeued between here and there.
    // One statement also returns what the measurement's row needs: its architecture, device, run.
    const auto r = pg::exec_prepared(
        t, "complete",
        fmt::format("UPDATE jobs j SET state = 'done', finished_at = {0}, lease_until = NULL FROM architectures a "
                    "WHERE a.id = j.arch_id AND j.id = $1 AND j.worker = $2 AND j.state = 'running' AND j.lease_until >= {0} "
                    "RETURNING j.arch_id, a.space, a.encoding, a.text, a.hash, a.resolution, "
                    "(SELECT id FROM devices WHERE key = $3), (SELECT id FROM runs WHERE id = $4)",
                    kPgNow),
        Params(job_id, worker, measurement ? measurement->device_key : std::string(),
               measurement ? measurement->run_id : std::nullopt));
    if (r.empty()) return false;
    if (!measurement) return true;
    check_same_architecture(url_, {pg::text(r[0][1]), pg::text(r[0][2]), pg::text(r[0][3]), pg::text(r[0][4]),
                                   static_cast<int>(pg::int64(r[0][5]))},
                            arch);
    if (r[0][6].is_null()) throw_unknown_device(url_, measurement->device_key);
    if (measurement->run_id && r[0][7].is_null()) throw_unknown_run(url_, *measurement->run_id);
    insert_measurement(t, pg::int64(r[0][0]), pg::int64(r[0][6]), *measurement, true);
    return true;
  });
}

std::optional<JobState> PgStore::fail(std::int64_t job_id, std::string_view worker, const std::string& error) {
  return transact_lazy([&](auto& t) -> std::optional<JobState> {
    const auto r = pg::exec_prepared(
        t, "fail",
        fmt::format("UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, "
                    "last_error = $3, lease_until = NULL, "
                    "finished_at = CASE WHEN attempts >= max_attempts THEN {0} END, "
                    "worker = CASE WHEN attempts >= max_attempts THEN worker END WHERE {1}{0} RETURNING state",
                    kPgNow, kPgHeldByWorker),
        Params(job_id, worker, error));
    if (r.empty()) return std::nullopt;
    return job_state_from_string(pg::text(r[0][0]));
  });
}

bool PgStore::release(std::int64_t job_id, std::string_view worker) {
  return transact_lazy([&](auto& t) {
    return !pg::exec_prepared(t, "release",
                              fmt::format("UPDATE jobs SET state = 'pending', attempts = attempts - 1, worker = NULL, "
                                          "lease_until = NULL WHERE {1}{0} RETURNING id",
                                          kPgNow, kPgHeldByWorker),
                              Params(job_id, worker))
                .empty();
  });
}

std::int64_t PgStore::retry(std::string_view device_key, bool failed_only) {
  return transact([&](pqxx::work& t) {
    return static_cast<std::int64_t>(
        exec(t, fmt::format("UPDATE jobs SET state = 'pending', attempts = 0, worker = NULL, finished_at = NULL "
                            "WHERE device_key = $1 AND state IN ('failed'{})",
                            failed_only ? "" : ", 'cancelled'"),
             Params(device_key))
            .affected_rows());
  });
}

std::int64_t PgStore::cancel(std::string_view device_key, bool failed_jobs) {
  // A failed job keeps the time it failed.
  const std::string sql = failed_jobs ? "UPDATE jobs SET state = 'cancelled' WHERE device_key = $1 AND state = 'failed'"
                                      : fmt::format("UPDATE jobs SET state = 'cancelled', finished_at = {} "
                                                    "WHERE device_key = $1 AND state = 'pending'",
                                                    kPgNow);
  return transact([&](pqxx::work& t) { return static_cast<std::int64_t>(exec(t, sql, Params(device_key)).affected_rows()); });
}

std::int64_t PgStore::unfinished(std::string_view device_key) {
  return transact([&](pqxx::work& t) {
    return pg::int64(
        exec(t, "SELECT COUNT(*) FROM jobs WHERE device_key = $1 AND state IN ('pending', 'running')", Params(device_key))[0][0]);
  });
}

std::vector<JobRecord> PgStore::jobs(std::string_view device_key) {
  return transact([&](pqxx::work& t) {
    std::vector<JobRecord> out;
    for (const auto& r : exec(t, std::string(kJobColumns) + "WHERE $1 = '' OR j.device_key = $1 ORDER BY j.id",
                              Params(device_key))) {
      out.push_back(read_job(r));
    }
    return out;
  });
}

QueueSnapshot PgStore::snapshot(double window_s) {
  return transact([&](pqxx::work& t) {
    QueueSnapshot snap;
    snap.now = pg::real(t.exec(fmt::format("SELECT {}", kPgNow))[0][0]);
    // Two queries, each answered from an index: counts by (key, state), recent ones by (state, time).
    for (const auto& r : t.exec("SELECT device_key, state, COUNT(*) FROM jobs GROUP BY device_key, state "
                                "ORDER BY device_key COLLATE \"C\"")) {
      if (snap.keys.empty() || snap.keys.back().device_key != pg::text(r[0])) snap.keys.push_back({pg::text(r[0])});
      auto& k = snap.keys.back();
      const std::int64_t n = pg::int64(r[2]);
      switch (job_state_from_string(pg::text(r[1]))) {
        case JobState::pending: k.pending = n; break;
        case JobState::running: k.running = n; break;
        case JobState::done: k.done = n; break;
        case JobState::failed: k.failed = n; break;
        case JobState::cancelled: k.cancelled = n; break;
      }
    }
    for (const auto& r : exec(t, "SELECT device_key, COUNT(*) FROM jobs WHERE state = 'done' AND finished_at >= $1 GROUP BY device_key",
                              Params(snap.now - window_s))) {
      for (auto& k : snap.keys) {
        if (k.device_key == pg::text(r[0])) k.done_in_window = pg::int64(r[1]);
      }
    }
    for (const auto& r : t.exec(std::string(kJobColumns) + "WHERE j.state = 'running' ORDER BY j.device_key COLLATE \"C\", j.id")) {
      snap.running.push_back(read_job(r));
    }
    for (const auto& r : t.exec("SELECT id, device_key, host, started_at, heartbeat_at, job_id, jobs_done, stopped FROM workers "
                                "ORDER BY device_key COLLATE \"C\", id COLLATE \"C\"")) {
      snap.workers.push_back({pg::text(r[0]), pg::text(r[1]), pg::text(r[2]), pg::real(r[3]), pg::real(r[4]),
                              pg::optional_int64(r[5]), pg::int64(r[6]), pg::text(r[7]) == "t"});
    }
    return snap;
  });
}

void PgStore::worker_alive(const WorkerRecord& worker) {
  transact_lazy([&](auto& t) {
    pg::exec_prepared(t, "worker_alive",
         fmt::format("INSERT INTO workers (id, device_key, host, started_at, heartbeat_at, job_id, jobs_done, stopped) "
                     "VALUES ($1, $2, $3, {0}, {0}, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET heartbeat_at = {0}, "
                     "job_id = excluded.job_id, jobs_done = excluded.jobs_done, stopped = excluded.stopped",
                     kPgNow),
         Params(worker.id, worker.device_key, worker.host, worker.job_id, worker.jobs_done, worker.stopped));
  });
}

}  // namespace hwnas::store
