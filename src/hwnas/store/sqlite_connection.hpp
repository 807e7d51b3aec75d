// A thin RAII layer over the SQLite C API: a connection, prepared statements, transactions. Every
// error names the database file; SQLITE_CORRUPT and SQLITE_NOTADB become InputError (a bad file is
// bad user input), anything else std::runtime_error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "hwnas/common/error.hpp"

namespace hwnas::store::sqlite {

class Connection;

class Statement {
 public:
  Statement(Connection& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index; returns *this for chaining. nullopt binds NULL.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::optional<double>& value);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  Statement& bind(int index, const std::optional<std::string>& value);

  // true: a row is ready; false: done. Resets itself for reuse when done.
  bool step();
  // Runs to completion (for writes) and resets.
  void run();
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<double> optional_real(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;
  // A JSON column read as T; a damaged file's column that does not hold it is an InputError
  // naming the file and the column.
  template <typename T = nlohmann::json>
  T json(int column) const {
    try {
      return nlohmann::json::parse(text(column)).get<T>();
    } catch (const nlohmann::json::exception& e) {
      damaged(column, e.what());
    }
  }

 private:
  [[noreturn]] void damaged(int column, std::string_view why) const;

  Connection& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  // Opens read-write, creating the file when absent. `label` names it in errors.
  Connection(const std::string& path, std::string label);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  // The single integer a PRAGMA or SELECT returns.
  std::int64_t query_int(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  sqlite3* handle() { return db_; }
  const std::string& label() const { return label_; }

  // Throws for a non-OK result code, naming the file and `what`.
  [[noreturn]] void fail(int code, std::string_view what) const;
  void check(int code, std::string_view what) const {
    if (code != SQLITE_OK) fail(code, what);
  }

 private:
  sqlite3* db_ = nullptr;
  std::string label_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() was called. IMMEDIATE takes the write lock
// up front, so two writers wait on busy_timeout instead of deadlocking on a lock upgrade.
class Transaction {
 public:
  explicit Transaction(Connection& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& db_;
  bool done_ = false;
};

}  // namespace hwnas::store::sqlite
