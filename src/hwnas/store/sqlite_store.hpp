// The SQLite backend of the profile store (schema in sqlite_schema.cpp, contract in store.hpp).
// One connection per SqliteStore; a mutex serialises calls so one handle may be shared by threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "hwnas/store/sqlite_connection.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::store {

class SqliteStore final : public Store, public JobQueue {
 public:
  // path: a file path or ":memory:"; url: as the user wrote it, for messages.
  SqliteStore(const std::string& path, std::string url, SchemaAction schema);

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

  // The job queue (sqlite_store_jobs.cpp): claims are immediate transactions, so one process at a
  // time takes the write lock and no job is handed out twice.
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
  // Keeps an existing ordinary measurement (false) or replaces it; inside the caller's transaction.
  bool write_measurement(const ArchRecord& arch, const MeasurementRecord& m, OnExisting on_existing);
  // Returns the key's expired leases to pending, or failed when out of attempts.
  void requeue_expired(std::string_view device_key);
  // Helpers run inside the caller's lock and transaction.
  std::int64_t arch_id_for_write(const ArchRecord& arch);
  std::int64_t device_id(std::string_view key);
  void check_run(const std::optional<std::int64_t>& run_id);
  void insert_measurement(std::int64_t arch_id, std::int64_t device_id, const MeasurementRecord& m);
  std::vector<MeasurementRecord> select_measurements(const std::string& where, const std::vector<std::string>& args,
                                                   const std::string& order = {});

  std::string url_;
  std::mutex mutex_;
  sqlite::Connection db_;
  // Prepared once: the per-network path (resume query + one measurement write) reuses them.
  std::unique_ptr<sqlite::Statement> find_arch_, insert_arch_, find_device_id_, find_run_, has_measurement_,
      find_measurement_id_, delete_measurement_, insert_measurement_, insert_layer_;
};

}  // namespace hwnas::store
