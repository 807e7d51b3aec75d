// A thin layer over libpqxx 6.4 (Debian 12's) for the PostgreSQL backend: one connection, text
// parameters that may be NULL, field readers, and errors that name the store without its password.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace hwnas::store::pg {

// Positional parameters $1, $2, ... sent as text; nullopt is NULL. Doubles are written in their
// shortest exact form, so a value reads back bit for bit.
class Params {
 public:
  template <typename... T>
  explicit Params(const T&... values) {
    (add(values), ...);
  }
  Params& add(std::int64_t value);
  Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(double value);
  Params& add(bool value);
  Params& add(std::string_view value);
  Params& add(const std::string& value) { return add(std::string_view(value)); }
  Params& add(const char* value) { return add(std::string_view(value)); }
  template <typename T>
  Params& add(const std::optional<T>& value) {
    if (value) return add(*value);
    values_.emplace_back(std::nullopt);
    return *this;
  }
  std::vector<const char*> pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

pqxx::result exec(pqxx::transaction_base& t, const std::string& sql, const Params& params = Params());
// Runs `sql` as the connection's prepared statement `name`: the server parses and plans it once per
// connection (the farm's per-job statements). One name, one statement.
pqxx::result exec_prepared(pqxx::transaction_base& t, const std::string& name, const std::string& sql,
                           const Params& params);

// A read-write transaction whose commit does not wait for the server's disk (SET LOCAL
// synchronous_commit = off, sent with BEGIN in one round trip). Only for the farm queue's own
// transitions: docs/farm.md ("Durability") says why losing the last of them in a server crash is safe.
// It derives from pqxx::work's own base, libpqxx 6.4's only hook for the BEGIN it sends.
class LazyCommitWork final : public pqxx::internal::basic_transaction {
 public:
  explicit LazyCommitWork(pqxx::connection_base& c);
  ~LazyCommitWork() noexcept override;

 private:
  void do_begin() override;
};

std::string text(const pqxx::field& f);
std::int64_t int64(const pqxx::field& f);
double real(const pqxx::field& f);
std::optional<std::string> optional_text(const pqxx::field& f);
std::optional<std::int64_t> optional_int64(const pqxx::field& f);
std::optional<double> optional_real(const pqxx::field& f);

// Connects with a libpq URL (postgresql://user@host:port/db?sslmode=...). The password comes from
// the URL, PGPASSWORD or ~/.pgpass, as libpq finds it. A refused connection is an InputError that
// names `label` (the URL without its password) and libpq's reason.
std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& label);

}  // namespace hwnas::store::pg
