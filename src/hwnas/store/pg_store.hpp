// The PostgreSQL backend of the profile store: the same contract (store.hpp) and job queue
// (job_queue.hpp) as SQLite, over one server connection per process. Every call is one
// server-side transaction; a mutex serialises calls so threads may share the handle. The schema
// is created and migrated only by `hwnas db init` (pg_schema.cpp).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <type_traits>

#include <fmt/core.h>
#include <pqxx/pqxx>

#include "hwnas/store/pg_connection.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::store {

class PgStore final : public Store, public JobQueue {
 public:
  // url: a libpq URL (postgresql://...). Messages and url() show it without its password.
  PgStore(const std::string& url, SchemaAction schema);

  const std::string& url() const override { return url_; }

  std::int64_t begin_run(const std::string& command) override;
  void end_run(std::int64_t run_id, RunStatus status) override;
  std::vector<RunRecord> runs() override;

  void put_architecture(const ArchRecord& arch) override;
  std::optional<ArchRecord> find_architecture(std::string_view hash) override;

  void put_device(const DeviceRecord& device) override;
  std::optional<DeviceRecord> find_device(std::string_view key) override;
  std::vector<DeviceRecord> devices() override;

  bool has_measurement(std::string_view arch_hash, std::string_view device_key) override;
  bool put_measurement(const ArchRecord& arch, const MeasurementRecord& m, OnExisting on_existing) override;
  std::optional<MeasurementRecord> find_measurement(std::string_view arch_hash, std::string_view device_key) override;
  std::vector<MeasurementRecord> measurements(const MeasurementFilter& filter) override;

  std::int64_t add_reference_check(const ArchRecord& reference, const MeasurementRecord& m) override;
  std::vector<MeasurementRecord> reference_checks(std::string_view device_key) override;

  bool put_reference_baseline(const ArchRecord& reference, const ReferenceBaseline& baseline) override;
  std::optional<ReferenceBaseline> find_reference_baseline(std::string_view device_key, std::string_view space,
                                                           int resolution) override;
  std::vector<ReferenceBaseline> reference_baselines(std::string_view device_key) override;

  bool put_metric(const ArchRecord& arch, const MetricRecord& value, OnExisting on_existing) override;
  std::optional<MetricRecord> find_metric(std::string_view arch_hash, std::string_view source) override;
  std::vector<MetricRecord> metrics(std::string_view source) override;

  std::vector<CountRow> counts() override;

  JobQueue& queue() override { return *this; }

  SubmitCounts submit(const std::vector<JobSpec>& jobs) override;
  std::optional<Job> claim(std::string_view device_key, std::string_view worker, double lease_s) override;
  bool heartbeat(std::int64_t job_id, std::string_view worker, double lease_s) override;
  bool complete(std::int64_t job_id, std::string_view worker, const ArchRecord& arch,
                const std::optional<MeasurementRecord>& measurement) override;
  std::optional<JobState> fail(std::int64_t job_id, std::string_view worker, const std::string& error) override;
  bool release(std::int64_t job_id, std::string_view worker) override;
  std::int64_t retry(std::string_view device_key, bool failed_only) override;
  std::int64_t cancel(std::string_view device_key, bool failed_jobs) override;
  std::int64_t unfinished(std::string_view device_key) override;
  std::vector<JobRecord> jobs(std::string_view device_key) override;
  QueueSnapshot snapshot(double window_s) override;
  void worker_alive(const WorkerRecord& worker) override;

 private:
  // Runs body(transaction) in one transaction under the mutex and commits; a server error becomes
  // a runtime_error naming the store (InputErrors from the body pass through, rolled back).
  template <typename Body>
  auto transact(Body&& body) {
    return run_in<pqxx::work>(std::forward<Body>(body));
  }
  // The same with a commit that does not wait for the disk: the queue's transitions (docs/farm.md).
  template <typename Body>
  auto transact_lazy(Body&& body) {
    return run_in<pg::LazyCommitWork>(std::forward<Body>(body));
  }
  // Either of the above in a transaction of the given type (pqxx::nontransaction: statements such
  // as VACUUM that may not run inside one).
  template <typename Transaction, typename Body>
  auto run_in(Body&& body) {
    std::lock_guard lock(mutex_);
    try {
      if (!conn_) reconnect();
      Transaction t(*conn_);
      if constexpr (std::is_void_v<decltype(body(t))>) {
        body(t);
        t.commit();
      } else {
        auto result = body(t);
        t.commit();
        return result;
      }
    } catch (const pqxx::broken_connection& e) {
      conn_.reset();
      throw std::runtime_error(fmt::format("profile store {}: connection lost: {}", url_, e.what()));
    } catch (const pqxx::sql_error& e) {
      throw std::runtime_error(fmt::format("profile store {}: {}", url_, e.what()));
    }
  }
  // Helpers run inside the caller's transaction.
  std::int64_t arch_id_for_write(pqxx::transaction_base& t, const ArchRecord& arch);
  std::int64_t device_id(pqxx::transaction_base& t, std::string_view key);
  void check_run(pqxx::transaction_base& t, const std::optional<std::int64_t>& run_id);
  // keep_existing: an ordinary measurement already there is kept and nothing is written (false).
  bool insert_measurement(pqxx::transaction_base& t, std::int64_t arch_id, std::int64_t device_id,
                          const MeasurementRecord& m, bool keep_existing = false);
  // Keeps an existing ordinary measurement (false) or replaces it.
  bool write_measurement(pqxx::dbtransaction& t, const ArchRecord& arch, const MeasurementRecord& m,
                         OnExisting on_existing);
  std::vector<MeasurementRecord> select_measurements(pqxx::transaction_base& t, const std::string& where,
                                                   const std::vector<std::string>& args, const std::string& order);
  // Returns the key's expired leases to pending, or failed when out of attempts.
  void requeue_expired(pqxx::transaction_base& t, std::string_view device_key);

  std::unique_ptr<pqxx::connection> open_connection() const;
  // After a lost connection, each call tries once to open a new one (a server restart, a network
  // outage); failing, it throws runtime_error, not the InputError of a bad URL.
  void reconnect();

  std::string url_;  // without the password
  std::string full_url_;  // as given, to reconnect; never shown
  std::mutex mutex_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace hwnas::store
