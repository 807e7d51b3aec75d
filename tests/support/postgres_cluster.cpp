#include "postgres_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <fmt/core.h>
#include <pqxx/pqxx>

namespace hwnas::test {
namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin";

// A port nothing listens on now (the kernel's choice for port 0).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("postgres cluster: no free port");
  }
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// initdb and the server refuse to run as root: run them as the postgres system user then.
std::string as_server_user(const std::string& command) {
  return geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("postgres cluster: failed: " + command);
}

}  // namespace

bool PostgresCluster::available() {
  return std::filesystem::exists(kBin + "/initdb") && std::filesystem::exists(kBin + "/pg_ctl") &&
         (geteuid() != 0 || getpwnam("postgres") != nullptr);
}

PostgresCluster& PostgresCluster::shared() {
  static PostgresCluster cluster;
  return cluster;
}

PostgresCluster::PostgresCluster() {
  if (geteuid() == 0) run(fmt::format("chown postgres {}", dir_));
  // A test process that crashes or is killed (a ctest timeout) runs no destructor: a watchdog
  // stops the server and removes the folder once this process is gone.
  const std::string watchdog = fmt::format(
      "(while kill -0 {} 2>/dev/null; do sleep 1; done; {}; rm -rf {}) </dev/null >/dev/null 2>&1 &", getpid(),
      as_server_user(fmt::format("{}/pg_ctl -D {}/data -m immediate stop", kBin, dir_)), dir_);
  run(watchdog);
  run(as_server_user(fmt::format("{}/initdb -D {}/data -U postgres --auth=trust -E UTF8 --locale=C --no-sync >{}/initdb.log 2>&1",
                                 kBin, dir_, dir_)));
  // A taken port (another test process won the race) fails the start: try a few.
  for (int attempt = 0;; ++attempt) {
    port_ = free_port();
    const std::string start = as_server_user(fmt::format(
        "{}/pg_ctl -D {}/data -l {}/server.log -w -t 30 -o \"-h 127.0.0.1 -p {} -k {} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60\" start >/dev/null 2>&1",
        kBin, dir_, dir_, port_, dir_));
    if (std::system(start.c_str()) == 0) break;
    if (attempt == 4) throw std::runtime_error("postgres cluster: cannot start the server, see " + dir_ + "/server.log");
  }
}

PostgresCluster::~PostgresCluster() {
  const std::string stop = as_server_user(fmt::format("{}/pg_ctl -D {}/data -m immediate -w stop >/dev/null 2>&1", kBin, dir_));
  if (std::system(stop.c_str()) != 0) std::fprintf(stderr, "postgres cluster: stopping %s failed\n", dir_.c_str());
}

std::string PostgresCluster::url(const std::string& database, const std::string& user, const std::string& password) const {
  return fmt::format("postgresql://{}{}@127.0.0.1:{}/{}", user, password.empty() ? "" : ":" + password, port_, database);
}

std::string PostgresCluster::create_database() {
  const std::string name = fmt::format("t{}_{}", getpid(), next_database_++);
  sql("postgres", "CREATE DATABASE " + name);
  return url(name);
}

void PostgresCluster::sql(const std::string& database, const std::string& statements) const {
  pqxx::connection c(url(database));
  pqxx::nontransaction t(c);
  t.exec(statements);
}

}  // namespace hwnas::test
