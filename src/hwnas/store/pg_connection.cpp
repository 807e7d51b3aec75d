#include "hwnas/store/pg_connection.hpp"

#include <cstdlib>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/url_password.hpp"

namespace hwnas::store::pg {

Params& Params::add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}
Params& Params::add(double value) {
  values_.emplace_back(fmt::format("{}", value));  // fmt's default is the shortest round-trip form
  return *this;
}
Params& Params::add(bool value) {
  values_.emplace_back(value ? "true" : "false");
  return *this;
}
Params& Params::add(std::string_view value) {
  values_.emplace_back(std::string(value));
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

pqxx::result exec(pqxx::transaction_base& t, const std::string& sql, const Params& params) {
  const auto pointers = params.pointers();
  return t.exec_params(sql, pqxx::prepare::make_dynamic_params(pointers));
}

pqxx::result exec_prepared(pqxx::transaction_base& t, const std::string& name, const std::string& sql,
                           const Params& params) {
  t.conn().prepare(name, sql);  // registers it; prepared on the server at its first use
  const auto pointers = params.pointers();
  return t.exec_prepared(name, pqxx::prepare::make_dynamic_params(pointers));
}

LazyCommitWork::LazyCommitWork(pqxx::connection_base& c)
    : pqxx::internal::namedclass("LazyCommitWork"),
      basic_transaction(c, pqxx::isolation_traits<pqxx::read_committed>::name(), pqxx::read_write) {
  Begin();
}

LazyCommitWork::~LazyCommitWork() noexcept { End(); }

void LazyCommitWork::do_begin() { direct_exec("BEGIN; SET LOCAL synchronous_commit = off"); }

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
std::int64_t int64(const pqxx::field& f) { return std::strtoll(f.c_str(), nullptr, 10); }
double real(const pqxx::field& f) { return std::strtod(f.c_str(), nullptr); }
std::optional<std::string> optional_text(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return text(f);
}
std::optional<std::int64_t> optional_int64(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return int64(f);
}
std::optional<double> optional_real(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return real(f);
}

std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& label) {
  try {
    auto c = std::make_unique<pqxx::connection>(url);
    // Shortest exact float output and UTC, whatever the server's defaults are.
    pqxx::nontransaction setup(*c);
    setup.exec("SET extra_float_digits = 3; SET TIME ZONE 'UTC'; SET client_min_messages = warning");
    return c;
  } catch (const pqxx::broken_connection& e) {
    // libpq's message never contains the password; the label has it removed.
    throw InputError(fmt::format("profile store {}: cannot connect: {}", label, hide_password(e.what())));
  }
}

}  // namespace hwnas::store::pg
