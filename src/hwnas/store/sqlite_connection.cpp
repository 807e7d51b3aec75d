#include "hwnas/store/sqlite_connection.hpp"

#include <filesystem>
#include <stdexcept>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::store::sqlite {
namespace {

// SQLITE_FULL means a full disk, or a damaged file whose page numbers reach SQLite's largest page
// count. With room left on the file's disk, it is the file.
bool disk_has_room(sqlite3* db) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  if (file == nullptr || *file == '\0') return false;
  std::error_code error;
  const auto space = std::filesystem::space(std::filesystem::path(file).parent_path(), error);
  return !error && space.available > (std::uintmax_t{64} << 20);
}

}  // namespace

Connection::Connection(const std::string& path, std::string label) : label_(std::move(label)) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(fmt::format("profile store {}: cannot open: {}", label_, message));
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() { sqlite3_close_v2(db_); }

void Connection::fail(int code, std::string_view what) const {
  const int primary = code & 0xff;
  const std::string message = fmt::format("profile store {}: {}: {}", label_, what,
                                          db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
  // A header SQLite cannot read (an unknown schema format number) is a plain SQLITE_ERROR. SQLITE_NOMEM
  // comes from SQLite's own allocator, which refuses the absurd sizes a damaged record claims (a real
  // shortage of memory would fail hwnas's own allocations first).
  const bool unreadable_header = primary == SQLITE_ERROR && db_ &&
                                 std::string_view(sqlite3_errmsg(db_)) == "unsupported file format";
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT || primary == SQLITE_NOMEM ||
      unreadable_header || (primary == SQLITE_FULL && disk_has_room(db_))) {
    throw InputError(message + " (the file is damaged or not an SQLite database)");
  }
  if (primary == SQLITE_BUSY) throw std::runtime_error(message + " (another process holds the write lock)");
  if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM) throw InputError(message);
  throw std::runtime_error(message);
}

void Connection::exec(std::string_view sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    fail(rc, message);
  }
}

std::int64_t Connection::query_int(std::string_view sql) {
  Statement s(*this, sql);
  if (!s.step()) throw std::runtime_error(fmt::format("profile store {}: '{}' returned no row", label_, sql));
  const std::int64_t value = s.int64(0);
  s.reset();
  return value;
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Connection& db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v3(db_.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt_, nullptr);
  // hwnas's statements compile against every schema hwnas writes (the tests prepare each one), so
  // one that does not compile here met a file whose schema was damaged or written by someone else.
  if ((rc & 0xff) == SQLITE_ERROR) {
    throw InputError(fmt::format("profile store {}: damaged: its schema does not fit hwnas's statements: {}",
                                 db_.label(), sqlite3_errmsg(db_.handle())));
  }
  db_.check(rc, fmt::format("preparing '{}'", sql.substr(0, 60)));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  db_.check(sqlite3_bind_int64(stmt_, index, value), "bind");
  return *this;
}
Statement& Statement::bind(int index, double value) {
  db_.check(sqlite3_bind_double(stmt_, index, value), "bind");
  return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
  db_.check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}
Statement& Statement::bind(int index, const std::optional<double>& value) {
  if (value) return bind(index, *value);
  db_.check(sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}
Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  if (value) return bind(index, *value);
  db_.check(sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}
Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  if (value) return bind(index, std::string_view(*value));
  db_.check(sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    reset();
    return false;
  }
  const std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  db_.fail(rc, fmt::format("running '{}'", sql.substr(0, 60)));
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}
void Statement::damaged(int column, std::string_view why) const {
  const char* name = sqlite3_column_name(stmt_, column);
  throw InputError(fmt::format("profile store {}: damaged: column '{}' does not hold what hwnas wrote there ({})",
                               db_.label(), name ? name : "?", why));
}
std::optional<double> Statement::optional_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}
std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}
std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Transaction::Transaction(Connection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace hwnas::store::sqlite
