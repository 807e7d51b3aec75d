// SqliteStore: construction, runs, architectures, devices.
#include "hwnas/store/sqlite_store.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/record_checks.hpp"
#include "hwnas/store/sqlite_schema.hpp"

namespace hwnas::store {

using sqlite::Statement;
using sqlite::Transaction;

SqliteStore::SqliteStore(const std::string& path, std::string url, SchemaAction schema)
    : url_(std::move(url)), db_(path, url_) {
  sqlite::prepare_schema(db_, path == ":memory:", schema != SchemaAction::refuse);
  find_arch_ = std::make_unique<Statement>(db_, "SELECT id, space, encoding, text, resolution FROM architectures WHERE hash = ?1");
  insert_arch_ = std::make_unique<Statement>(
      db_, "INSERT INTO architectures (space, encoding, text, hash, resolution) VALUES (?1, ?2, ?3, ?4, ?5)");
  find_device_id_ = std::make_unique<Statement>(db_, "SELECT id FROM devices WHERE key = ?1");
  find_run_ = std::make_unique<Statement>(db_, "SELECT 1 FROM runs WHERE id = ?1");
  has_measurement_ = std::make_unique<Statement>(
      db_, "SELECT 1 FROM measurements m JOIN architectures a ON a.id = m.arch_id JOIN devices d ON d.id = m.device_id "
           "WHERE a.hash = ?1 AND d.key = ?2 AND m.repeat = 0");
  find_measurement_id_ = std::make_unique<Statement>(
      db_, "SELECT id FROM measurements WHERE arch_id = ?1 AND device_id = ?2 AND repeat = 0");
  delete_measurement_ = std::make_unique<Statement>(db_, "DELETE FROM measurements WHERE id = ?1");
  insert_measurement_ = std::make_unique<Statement>(
      db_,
      "INSERT INTO measurements (arch_id, device_id, repeat, run_id, measured_at, median_s, mean_s, min_s, max_s, "
      "p10_s, p25_s, p75_s, p90_s, iqr_s, cov, ci_low_s, ci_high_s, ci_level, runs, warmup_runs, precision_met, "
      "stop_reason, run_times_s, protocol, fingerprint, compensated_median_s, compensated_ci_low_s, "
      "compensated_ci_high_s, pair_correlation, reference_times_s, tool_stats) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, "
      "?26, ?27, ?28, ?29, ?30, ?31)");
  insert_layer_ = std::make_unique<Statement>(
      db_,
      "INSERT INTO layer_latencies (measurement_id, position, tool_layer, layer_type, ir_layers, seconds) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
}

std::int64_t SqliteStore::begin_run(const std::string& command) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement s(db_, "INSERT INTO runs (command, started_at, status, hwnas_version) VALUES (?1, ?2, 'running', ?3)");
  s.bind(1, std::string_view(command)).bind(2, std::string_view(utc_now())).bind(3, std::string_view(HWNAS_VERSION)).run();
  const std::int64_t id = db_.last_insert_rowid();
  t.commit();
  return id;
}

void SqliteStore::end_run(std::int64_t run_id, RunStatus status) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  check_run(run_id);
  Statement s(db_, "UPDATE runs SET ended_at = ?1, status = ?2 WHERE id = ?3");
  s.bind(1, std::string_view(utc_now())).bind(2, std::string_view(to_string(status))).bind(3, run_id).run();
  t.commit();
}

std::vector<RunRecord> SqliteStore::runs() {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT id, command, started_at, ended_at, status, hwnas_version FROM runs ORDER BY id");
  std::vector<RunRecord> out;
  while (s.step()) {
    out.push_back({s.int64(0), s.text(1), s.text(2), s.optional_text(3), run_status_from_string(s.text(4)), s.text(5)});
  }
  return out;
}

void SqliteStore::check_run(const std::optional<std::int64_t>& run_id) {
  if (!run_id) return;
  find_run_->bind(1, *run_id);
  const bool found = find_run_->step();
  find_run_->reset();
  if (!found) throw_unknown_run(url_, *run_id);
}

std::int64_t SqliteStore::arch_id_for_write(const ArchRecord& arch) {
  check_architecture(url_, arch);
  find_arch_->bind(1, std::string_view(arch.hash));
  if (find_arch_->step()) {
    const ArchRecord stored{find_arch_->text(1), find_arch_->text(2), find_arch_->text(3), arch.hash,
                            static_cast<int>(find_arch_->int64(4))};
    const std::int64_t id = find_arch_->int64(0);
    find_arch_->reset();
    check_same_architecture(url_, stored, arch);
    return id;
  }
  insert_arch_->bind(1, std::string_view(arch.space))
      .bind(2, std::string_view(arch.encoding))
      .bind(3, std::string_view(arch.text))
      .bind(4, std::string_view(arch.hash))
      .bind(5, static_cast<std::int64_t>(arch.resolution))
      .run();
  return db_.last_insert_rowid();
}

void SqliteStore::put_architecture(const ArchRecord& arch) {
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  arch_id_for_write(arch);
  t.commit();
}

std::optional<ArchRecord> SqliteStore::find_architecture(std::string_view hash) {
  std::lock_guard lock(mutex_);
  find_arch_->bind(1, hash);
  if (!find_arch_->step()) return std::nullopt;
  ArchRecord a{find_arch_->text(1), find_arch_->text(2), find_arch_->text(3), std::string(hash),
               static_cast<int>(find_arch_->int64(4))};
  find_arch_->reset();
  return a;
}

std::int64_t SqliteStore::device_id(std::string_view key) {
  find_device_id_->bind(1, key);
  if (!find_device_id_->step()) throw_unknown_device(url_, key);
  const std::int64_t id = find_device_id_->int64(0);
  find_device_id_->reset();
  return id;
}

void SqliteStore::put_device(const DeviceRecord& device) {
  check_device(url_, device);
  std::lock_guard lock(mutex_);
  Transaction t(db_);
  Statement find(db_, "SELECT engine, settings FROM devices WHERE key = ?1");
  find.bind(1, std::string_view(device.key));
  if (find.step()) {
    const DeviceRecord stored{device.key, find.text(0), find.json(1), {}};
    find.reset();
    check_same_device(url_, stored, device);
    return;
  }
  Statement insert(db_, "INSERT INTO devices (key, engine, settings, fingerprint, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, std::string_view(device.key))
      .bind(2, std::string_view(device.engine))
      .bind(3, std::string_view(device.settings.dump()))
      .bind(4, std::string_view(device.fingerprint.dump()))
      .bind(5, std::string_view(utc_now()))
      .run();
  t.commit();
}

std::optional<DeviceRecord> SqliteStore::find_device(std::string_view key) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT key, engine, settings, fingerprint FROM devices WHERE key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  DeviceRecord d{s.text(0), s.text(1), s.json(2), s.json(3)};
  s.reset();
  return d;
}

std::vector<DeviceRecord> SqliteStore::devices() {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT key, engine, settings, fingerprint FROM devices ORDER BY key");
  std::vector<DeviceRecord> out;
  while (s.step()) {
    out.push_back({s.text(0), s.text(1), s.json(2), s.json(3)});
  }
  return out;
}

}  // namespace hwnas::store
