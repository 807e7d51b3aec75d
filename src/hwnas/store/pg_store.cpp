// PgStore: construction, runs, architectures, devices.
#include "hwnas/store/pg_store.hpp"

#include "hwnas/common/error.hpp"
#include "hwnas/store/pg_connection.hpp"
#include "hwnas/store/pg_schema.hpp"
#include "hwnas/store/record_checks.hpp"
#include "hwnas/store/url_password.hpp"

namespace hwnas::store {

using pg::exec;
using pg::Params;

PgStore::PgStore(const std::string& url, SchemaAction schema) : url_(hide_password(url)), full_url_(url) {
  conn_ = open_connection();
  try {
    pg::prepare_schema(*conn_, url_, schema);
  } catch (const pqxx::sql_error& e) {
    // Typically a role without the rights `db init` needs.
    throw InputError(fmt::format("profile store {}: preparing the schema: {}", url_, e.what()));
  }
}

std::unique_ptr<pqxx::connection> PgStore::open_connection() const { return pg::connect(full_url_, url_); }

void PgStore::reconnect() {
  try {
    conn_ = open_connection();
  } catch (const InputError& e) {
    throw std::runtime_error(e.what());
  }
}

std::int64_t PgStore::begin_run(const std::string& command) {
  return transact([&](pqxx::work& t) {
    // The command line may hold the store URL; its password is never stored.
    return pg::int64(exec(t, "INSERT INTO runs (command, started_at, status, hwnas_version) VALUES ($1, $2, 'running', $3) "
                             "RETURNING id",
                          Params(hide_password(command), utc_now(), HWNAS_VERSION))[0][0]);
  });
}

void PgStore::end_run(std::int64_t run_id, RunStatus status) {
  transact([&](pqxx::work& t) {
    check_run(t, run_id);
    exec(t, "UPDATE runs SET ended_at = $1, status = $2 WHERE id = $3", Params(utc_now(), to_string(status), run_id));
  });
}

std::vector<RunRecord> PgStore::runs() {
  return transact([&](pqxx::work& t) {
    std::vector<RunRecord> out;
    for (const auto& r : exec(t, "SELECT id, command, started_at, ended_at, status, hwnas_version FROM runs ORDER BY id")) {
      out.push_back({pg::int64(r[0]), pg::text(r[1]), pg::text(r[2]), pg::optional_text(r[3]),
                     run_status_from_string(pg::text(r[4])), pg::text(r[5])});
    }
    return out;
  });
}

void PgStore::check_run(pqxx::transaction_base& t, const std::optional<std::int64_t>& run_id) {
  if (run_id && exec(t, "SELECT 1 FROM runs WHERE id = $1", Params(*run_id)).empty()) throw_unknown_run(url_, *run_id);
}

std::int64_t PgStore::arch_id_for_write(pqxx::transaction_base& t, const ArchRecord& arch) {
  check_architecture(url_, arch);
  // ON CONFLICT: another process may insert the same architecture at the same moment.
  exec(t, "INSERT INTO architectures (space, encoding, text, hash, resolution) VALUES ($1, $2, $3, $4, $5) "
          "ON CONFLICT (hash) DO NOTHING",
       Params(arch.space, arch.encoding, arch.text, arch.hash, arch.resolution));
  const auto r = exec(t, "SELECT id, space, encoding, text, resolution FROM architectures WHERE hash = $1", Params(arch.hash));
  const ArchRecord stored{pg::text(r[0][1]), pg::text(r[0][2]), pg::text(r[0][3]), arch.hash,
                          static_cast<int>(pg::int64(r[0][4]))};
  check_same_architecture(url_, stored, arch);
  return pg::int64(r[0][0]);
}

void PgStore::put_architecture(const ArchRecord& arch) {
  transact([&](pqxx::work& t) { arch_id_for_write(t, arch); });
}

std::optional<ArchRecord> PgStore::find_architecture(std::string_view hash) {
  return transact([&](pqxx::work& t) -> std::optional<ArchRecord> {
    const auto r = exec(t, "SELECT space, encoding, text, resolution FROM architectures WHERE hash = $1", Params(hash));
    if (r.empty()) return std::nullopt;
    return ArchRecord{pg::text(r[0][0]), pg::text(r[0][1]), pg::text(r[0][2]), std::string(hash),
                      static_cast<int>(pg::int64(r[0][3]))};
  });
}

std::int64_t PgStore::device_id(pqxx::transaction_base& t, std::string_view key) {
  const auto r = exec(t, "SELECT id FROM devices WHERE key = $1", Params(key));
  if (r.empty()) throw_unknown_device(url_, key);
  return pg::int64(r[0][0]);
}

void PgStore::put_device(const DeviceRecord& device) {
  check_device(url_, device);
  transact([&](pqxx::work& t) {
    exec(t, "INSERT INTO devices (key, engine, settings, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) "
            "ON CONFLICT (key) DO NOTHING",
         Params(device.key, device.engine, device.settings.dump(), device.fingerprint.dump(), utc_now()));
    const auto r = exec(t, "SELECT engine, settings FROM devices WHERE key = $1", Params(device.key));
    check_same_device(url_, {device.key, pg::text(r[0][0]), nlohmann::json::parse(pg::text(r[0][1])), {}}, device);
  });
}

namespace {
DeviceRecord read_device(const pqxx::row& r) {
  return {pg::text(r[0]), pg::text(r[1]), nlohmann::json::parse(pg::text(r[2])), nlohmann::json::parse(pg::text(r[3]))};
}
}  // namespace

std::optional<DeviceRecord> PgStore::find_device(std::string_view key) {
  return transact([&](pqxx::work& t) -> std::optional<DeviceRecord> {
    const auto r = exec(t, "SELECT key, engine, settings, fingerprint FROM devices WHERE key = $1", Params(key));
    if (r.empty()) return std::nullopt;
    return read_device(r[0]);
  });
}

std::vector<DeviceRecord> PgStore::devices() {
  return transact([&](pqxx::work& t) {
    std::vector<DeviceRecord> out;
    for (const auto& r : exec(t, "SELECT key, engine, settings, fingerprint FROM devices ORDER BY key")) {
      out.push_back(read_device(r));
    }
    return out;
  });
}

}  // namespace hwnas::store
