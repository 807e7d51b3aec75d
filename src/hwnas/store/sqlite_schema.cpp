#include "hwnas/store/sqlite_schema.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "hwnas/common/error.hpp"

namespace hwnas::store::sqlite {
namespace {

// Version 1. Times are seconds (REAL), timestamps ISO 8601 UTC text, JSON columns are text.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  command       TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  ended_at      TEXT,
  status        TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted')),
  hwnas_version TEXT NOT NULL
);
CREATE TABLE architectures (
  id         INTEGER PRIMARY KEY,
  space      TEXT NOT NULL,
  encoding   TEXT NOT NULL,
  text       TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE,
  resolution INTEGER NOT NULL
);
CREATE INDEX architectures_space ON architectures (space);
CREATE TABLE devices (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  engine      TEXT NOT NULL,
  settings    TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE measurements (
  id            INTEGER PRIMARY KEY,
  arch_id       INTEGER NOT NULL REFERENCES architectures (id),
  device_id     INTEGER NOT NULL REFERENCES devices (id),
  repeat        INTEGER NOT NULL DEFAULT 0,
  run_id        INTEGER REFERENCES runs (id),
  measured_at   TEXT NOT NULL,
  median_s      REAL NOT NULL,
  mean_s        REAL,
  min_s         REAL,
  max_s         REAL,
  p10_s         REAL,
  p25_s         REAL,
  p75_s         REAL,
  p90_s         REAL,
  iqr_s         REAL,
  cov           REAL,
  ci_low_s      REAL,
  ci_high_s     REAL,
  ci_level      REAL,
  runs          INTEGER NOT NULL,
  warmup_runs   INTEGER,
  precision_met INTEGER,
  stop_reason   TEXT,
  run_times_s   TEXT NOT NULL,
  protocol      TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  UNIQUE (arch_id, device_id, repeat)
);
CREATE INDEX measurements_device ON measurements (device_id);
CREATE TABLE metric_values (
  id          INTEGER PRIMARY KEY,
  arch_id     INTEGER NOT NULL REFERENCES architectures (id),
  source      TEXT NOT NULL,
  value       REAL NOT NULL,
  provenance  TEXT NOT NULL,
  run_id      INTEGER REFERENCES runs (id),
  recorded_at TEXT NOT NULL,
  UNIQUE (arch_id, source)
);
CREATE INDEX metric_values_source ON metric_values (source);
)sql";

constexpr std::array<std::string_view, 9> kTables = {"runs",          "architectures",       "devices",         "measurements",
                                                     "metric_values", "reference_baselines", "layer_latencies", "jobs",
                                                     "workers"};

// Step i brings a store from version i + 1 to i + 2, so a version-1 file runs steps 0.. in order.
// Each step is plain SQL run inside the migration transaction; a fresh store runs them all after
// the version-1 schema.
const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> steps = {
      // 1 -> 2: drift-compensated latency (measure --compensate) and the reference baselines T_ref.
      R"sql(
ALTER TABLE measurements ADD COLUMN compensated_median_s REAL;
ALTER TABLE measurements ADD COLUMN compensated_ci_low_s REAL;
ALTER TABLE measurements ADD COLUMN compensated_ci_high_s REAL;
ALTER TABLE measurements ADD COLUMN pair_correlation REAL;
ALTER TABLE measurements ADD COLUMN reference_times_s TEXT;
CREATE TABLE reference_baselines (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES devices (id),
  space       TEXT NOT NULL,
  resolution  INTEGER NOT NULL,
  arch_id     INTEGER NOT NULL REFERENCES architectures (id),
  baseline_s  REAL NOT NULL,
  ci_low_s    REAL,
  ci_high_s   REAL,
  runs        INTEGER NOT NULL,
  run_id      INTEGER REFERENCES runs (id),
  measured_at TEXT NOT NULL,
  UNIQUE (device_id, space, resolution)
);
)sql",
      // 2 -> 3: what external benchmark tools report (docs/devices-real.md): their own statistics
      // per measurement, and per-layer times mapped back to IR layers.
      R"sql(
ALTER TABLE measurements ADD COLUMN tool_stats TEXT;
CREATE TABLE layer_latencies (
  id             INTEGER PRIMARY KEY,
  measurement_id INTEGER NOT NULL REFERENCES measurements (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  tool_layer     TEXT NOT NULL,
  layer_type     TEXT NOT NULL,
  ir_layers      TEXT NOT NULL,
  seconds        REAL NOT NULL,
  UNIQUE (measurement_id, position)
);
)sql",
      // 3 -> 4: the measurement farm's job queue and its workers (docs/farm.md). Queue times are
      // epoch seconds by the database's clock, so leases compare on one clock.
      R"sql(
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  arch_id      INTEGER NOT NULL REFERENCES architectures (id),
  device_key   TEXT NOT NULL,
  protocol     TEXT NOT NULL,
  priority     INTEGER NOT NULL DEFAULT 0,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  last_error   TEXT,
  worker       TEXT,
  lease_until  REAL,
  submitted_at REAL NOT NULL,
  started_at   REAL,
  finished_at  REAL,
  UNIQUE (arch_id, device_key)
);
CREATE INDEX jobs_claim ON jobs (device_key, state, priority DESC, id);
CREATE INDEX jobs_finished ON jobs (state, finished_at);
CREATE TABLE workers (
  id           TEXT PRIMARY KEY,
  device_key   TEXT NOT NULL,
  host         TEXT NOT NULL,
  started_at   REAL NOT NULL,
  heartbeat_at REAL NOT NULL,
  job_id       INTEGER,
  jobs_done    INTEGER NOT NULL DEFAULT 0,
  stopped      INTEGER NOT NULL DEFAULT 0
);
)sql",
      // 4 -> 5: the queue's indexes for 100,000 jobs (sqlite_schema.hpp).
      kQueueIndexesV5,
  };
  return steps;
}
// Version 1 plus every step: what a fresh store gets.
const std::string& full_ddl() {
  static const std::string ddl = [] {
    std::string text(kSchemaV1);
    for (std::string_view step : migrations()) text += step;
    return text;
  }();
  return ddl;
}

std::vector<std::string> user_tables(Connection& db) {
  Statement s(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.text(0));
  return names;
}

std::vector<std::string> table_columns(Connection& db, std::string_view table) {
  Statement s(db, fmt::format("SELECT name FROM pragma_table_info('{}')", table));
  std::vector<std::string> names;
  while (s.step()) names.push_back(s.text(0));
  return names;
}

// Each table's columns as a fresh store has them: full_ddl() run on a private in-memory database.
const std::vector<std::vector<std::string>>& expected_columns() {
  static const auto columns = [] {
    Connection fresh(":memory:", "(schema)");
    fresh.exec(full_ddl());
    std::vector<std::vector<std::string>> out;
    for (std::string_view t : kTables) out.push_back(table_columns(fresh, t));
    return out;
  }();
  return columns;
}

// Every table and column the statements use, so a damaged or hand-edited file is refused here
// and not by a statement failing halfway through a command.
void check_tables(Connection& db) {
  const auto present = user_tables(db);
  for (std::size_t i = 0; i < kTables.size(); ++i) {
    const std::string_view t = kTables[i];
    if (std::find(present.begin(), present.end(), t) == present.end()) {
      throw InputError(fmt::format("profile store {}: damaged: table '{}' is missing (found: {})", db.label(), t,
                                   fmt::join(present, ", ")));
    }
    const auto columns = table_columns(db, t);
    for (const auto& c : expected_columns()[i]) {
      if (std::find(columns.begin(), columns.end(), c) == columns.end()) {
        throw InputError(fmt::format("profile store {}: damaged: table '{}' has no column '{}'", db.label(), t, c));
      }
    }
  }
}

// Decides inside the write transaction, so two processes creating the same new store cannot both
// create it.
void create_or_migrate(Connection& db) {
  const std::int64_t app_id = db.query_int("PRAGMA application_id");
  const std::int64_t version = db.query_int("PRAGMA user_version");
  if (app_id != kApplicationId) {
    const auto tables = user_tables(db);
    if (app_id != 0 || !tables.empty()) {
      throw InputError(fmt::format(
          "profile store {}: not an hwnas profile store (SQLite application_id {:#x}, expected {:#x}; tables: {}); "
          "refusing to change it — give a new file name",
          db.label(), app_id, kApplicationId, tables.empty() ? std::string("none") : fmt::format("{}", fmt::join(tables, ", "))));
    }
    db.exec(full_ddl());
    db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};", kApplicationId, kSchemaVersion));
    return;
  }
  if (version > kSchemaVersion) {
    throw InputError(fmt::format("profile store {}: schema version {} was written by a newer hwnas; this build ({}) reads versions up to {}",
                                 db.label(), version, HWNAS_VERSION, kSchemaVersion));
  }
  if (version < 1) {
    throw InputError(fmt::format("profile store {}: damaged: hwnas application id but schema version {}", db.label(), version));
  }
  for (std::int64_t v = version; v < kSchemaVersion; ++v) db.exec(migrations().at(static_cast<std::size_t>(v - 1)));
  if (version != kSchemaVersion) db.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
  check_tables(db);
}

}  // namespace

std::string schema_ddl() { return full_ddl(); }

void prepare_schema(Connection& db, bool in_memory, bool may_migrate) {
  db.check(sqlite3_busy_timeout(db.handle(), 10000), "setting busy_timeout");
  // Read-only probe first: a garbage file fails here with SQLITE_NOTADB, before anything is written.
  const std::int64_t app_id = db.query_int("PRAGMA application_id");
  const std::int64_t version = db.query_int("PRAGMA user_version");
  const bool ready = app_id == kApplicationId && version == kSchemaVersion;
  if (!ready && !may_migrate && (app_id == kApplicationId ? version < kSchemaVersion : user_tables(db).empty())) {
    throw InputError(fmt::format("profile store {}: schema version {}, this build ({}) needs {}; run `hwnas db init "
                                 "--db URL` to create or migrate it (workers never migrate)",
                                 db.label(), app_id == kApplicationId ? version : 0, HWNAS_VERSION, kSchemaVersion));
  }
  if (!ready) {
    Transaction t(db);
    create_or_migrate(db);
    t.commit();
  } else {
    check_tables(db);
  }
  db.exec("PRAGMA foreign_keys = ON");
  if (!in_memory) {
    // WAL: readers never block the writer; synchronous=NORMAL keeps every committed transaction
    // through a process crash (kill -9), losing at most the last ones on power loss.
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  }
}

}  // namespace hwnas::store::sqlite
