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
