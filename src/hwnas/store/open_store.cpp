// open_store: one URL syntax for every backend (docs/store.md), plus the small shared helpers.
#include <chrono>
#include <ctime>
#include <filesystem>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/pg_store.hpp"
#include "hwnas/store/sqlite_store.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::store {

std::unique_ptr<Store> open_store(std::string_view url, SchemaAction schema) {
  const std::string text(url);
  if (text.empty()) throw InputError("profile store: empty URL; give sqlite:///abs/path.db, a path, :memory: or postgresql://...");
  if (text == ":memory:" || text == "sqlite://:memory:") {
    // A private in-memory store is always new: creating it is not a migration.
    return std::make_unique<SqliteStore>(":memory:", text, SchemaAction::automatic);
  }
  std::string path;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos) {
    path = text;
  } else if (text.compare(0, scheme_end, "postgresql") == 0 || text.compare(0, scheme_end, "postgres") == 0) {
    return std::make_unique<PgStore>(text, schema);
  } else if (text.compare(0, scheme_end, "sqlite") == 0) {
    // sqlite:///abs/path keeps the third slash as the root; sqlite://rel/path is relative.
    path = text.substr(scheme_end + 3);
  } else {
    throw InputError(fmt::format("profile store '{}': unknown scheme '{}'; supported: sqlite:///abs/path.db, "
                                 "sqlite://relative/path.db, a plain path, :memory:, postgresql://user@host/database",
                                 text, text.substr(0, scheme_end)));
  }
  if (path.empty()) throw InputError(fmt::format("profile store '{}': no file path after the scheme", text));
  const std::filesystem::path file(path);
  if (std::filesystem::is_directory(file)) {
    throw InputError(fmt::format("profile store '{}': {} is a directory, expected a database file", text, path));
  }
  if (file.has_parent_path() && !std::filesystem::exists(file.parent_path())) {
    throw InputError(fmt::format("profile store '{}': directory {} does not exist", text, file.parent_path().string()));
  }
  return std::make_unique<SqliteStore>(path, text, schema);
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03d}Z", buffer, static_cast<int>(millis));
}

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::running: return "running";
    case RunStatus::complete: return "complete";
    case RunStatus::failed: return "failed";
    case RunStatus::interrupted: return "interrupted";
  }
  return "unknown";
}

RunStatus run_status_from_string(const std::string& text) {
  if (text == "running") return RunStatus::running;
  if (text == "complete") return RunStatus::complete;
  if (text == "failed") return RunStatus::failed;
  if (text == "interrupted") return RunStatus::interrupted;
  throw InputError(fmt::format("run status '{}': expected running, complete, failed or interrupted", text));
}

}  // namespace hwnas::store
