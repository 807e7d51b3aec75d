// The profile store: architectures, devices, measurements, metric values, runs and the farm's job
// queue, behind one interface so the backends (SQLite, PostgreSQL) are interchangeable. docs/store.md.
//
// Contract, for every backend (tests/store/store_contract_test.cpp checks it):
// - Every call is atomic: it is fully written or not at all. A process killed mid-call loses at most
//   that call. Calls are safe from several threads; several processes may open the same store.
// - Architectures are identified by hash, devices by key. Writing the same architecture or device
//   again is a no-op; the same hash or key with different content is an InputError.
// - One ordinary measurement per (architecture, device) and one value per (architecture, metric
//   source); OnExisting decides whether a second write keeps or replaces it.
// - Returned records are snapshots; later writes do not change them.
// - Bad input (unknown device key, unknown run id, corrupt or foreign file) is an InputError that
//   names the store and the offending value.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hwnas/store/job_queue.hpp"
#include "hwnas/store/records.hpp"

namespace hwnas::store {

class Store {
 public:
  virtual ~Store() = default;
  // Where this store lives, as given to open_store.
  virtual const std::string& url() const = 0;

  // Runs: one per command that writes; measurements and metrics point at theirs.
  virtual std::int64_t begin_run(const std::string& command) = 0;
  virtual void end_run(std::int64_t run_id, RunStatus status) = 0;
  virtual std::vector<RunRecord> runs() = 0;

  virtual void put_architecture(const ArchRecord& arch) = 0;
  virtual std::optional<ArchRecord> find_architecture(std::string_view hash) = 0;

  virtual void put_device(const DeviceRecord& device) = 0;
  virtual std::optional<DeviceRecord> find_device(std::string_view key) = 0;
  virtual std::vector<DeviceRecord> devices() = 0;

  // The resume query: is there an ordinary measurement of this architecture on this device?
  virtual bool has_measurement(std::string_view arch_hash, std::string_view device_key) = 0;
  // Writes the architecture (if new) and its measurement in one transaction. The device must be
  // registered. Returns whether the measurement was written (false: kept the existing one).
  virtual bool put_measurement(const ArchRecord& arch, const MeasurementRecord& m,
                               OnExisting on_existing = OnExisting::keep) = 0;
  virtual std::optional<MeasurementRecord> find_measurement(std::string_view arch_hash,
                                                            std::string_view device_key) = 0;
  virtual std::vector<MeasurementRecord> measurements(const MeasurementFilter& filter = {}) = 0;

  // A reference check (drift): appended, never replacing, numbered 1, 2, ... per
  // (reference, device). Returns its number.
  virtual std::int64_t add_reference_check(const ArchRecord& reference, const MeasurementRecord& m) = 0;
  // All checks of a device in the order taken.
  virtual std::vector<MeasurementRecord> reference_checks(std::string_view device_key) = 0;

  // The T_ref of a (device, space, resolution): written once, never replaced (false: one exists
  // already, kept). Writes the reference architecture if new; the device must be registered.
  virtual bool put_reference_baseline(const ArchRecord& reference, const ReferenceBaseline& baseline) = 0;
  virtual std::optional<ReferenceBaseline> find_reference_baseline(std::string_view device_key, std::string_view space,
                                                                   int resolution) = 0;
  // A device's baselines, by space and resolution; every device's when device_key is empty.
  virtual std::vector<ReferenceBaseline> reference_baselines(std::string_view device_key) = 0;

  virtual bool put_metric(const ArchRecord& arch, const MetricRecord& value,
                          OnExisting on_existing = OnExisting::keep) = 0;
  virtual std::optional<MetricRecord> find_metric(std::string_view arch_hash, std::string_view source) = 0;
  virtual std::vector<MetricRecord> metrics(std::string_view source) = 0;

  // Ordinary measurements per (space, device key).
  virtual std::vector<CountRow> counts() = 0;

  // The farm's work queue, in the same database (job_queue.hpp).
  virtual JobQueue& queue() = 0;
};

// What opening does with a database whose schema is missing or older than this build's.
enum class SchemaAction {
  automatic,  // SQLite creates or migrates (one file, one user); a server database is refused
  migrate,    // create or migrate: `hwnas db init`
  refuse,     // refuse with a line saying to run `hwnas db init`: farm workers, which never migrate
};

// Opens the store a URL names:
//   sqlite:///abs/path.db   sqlite://rel/path.db   path.db (a plain path)   :memory:
//   postgresql://user@host:port/database?sslmode=verify-full&sslrootcert=ca.crt (any libpq URL)
// An unknown scheme, a corrupt file, a database of another application or a schema `schema` does
// not allow is an InputError; an existing file is never overwritten.
std::unique_ptr<Store> open_store(std::string_view url, SchemaAction schema = SchemaAction::automatic);

// Now as ISO 8601 UTC with milliseconds, e.g. "2026-11-24T10:31:02.123Z".
std::string utc_now();

}  // namespace hwnas::store
