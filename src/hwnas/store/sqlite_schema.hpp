// The SQLite schema of the profile store, its version, and the migrations from older versions.
// docs/store.md documents every table; tests/store/fixtures/ keeps a dump of each released version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hwnas/store/sqlite_connection.hpp"

namespace hwnas::store::sqlite {

// PRAGMA application_id of every hwnas store: "hwns" in ASCII. Tells our files from other SQLite files.
inline constexpr std::int64_t kApplicationId = 0x68776e73;
// PRAGMA user_version of the schema this build writes; PostgreSQL stores carry the same number.
inline constexpr std::int64_t kSchemaVersion = 5;

// Step 4 -> 5, the same SQL for both backends: a claim reads its key's pending jobs from a partial
// index and `farm status` counts by (key, state) from a narrow one, so neither reads every row's
// priority with 100,000 jobs queued (docs/farm.md, "Benchmarks").
inline constexpr std::string_view kQueueIndexesV5 = R"sql(
DROP INDEX jobs_claim;
CREATE INDEX jobs_pending ON jobs (device_key, priority DESC, id) WHERE state = 'pending';
CREATE INDEX jobs_key_state ON jobs (device_key, state);
)sql";

// The current schema, complete (what a fresh store gets: version 1 and every migration).
std::string schema_ddl();

// Makes `db` a store of the current schema: creates it in an empty database, migrates an older
// one, and refuses (InputError) a newer version, a file of another application, or a store with
// tables missing. Never changes a file it refuses. Without may_migrate, a store that is not
// current is refused with a line saying to run `hwnas db init` (farm workers).
void prepare_schema(Connection& db, bool in_memory, bool may_migrate = true);

}  // namespace hwnas::store::sqlite
