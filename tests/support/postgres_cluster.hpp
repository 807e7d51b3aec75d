// A private PostgreSQL 15 server for the tests of one process: initdb into a temporary folder (as
// the `postgres` system user when the tests run as root, since initdb refuses root), pg_ctl on
// 127.0.0.1 at a free port, stopped and removed when the process ends. Nothing depends on a system
// service. Every test takes a fresh database of its own from it.
#pragma once

#include <string>

#include "temp_dir.hpp"

namespace hwnas::test {

class PostgresCluster {
 public:
  // Whether the PostgreSQL 15 server binaries are installed (tests skip without them).
  static bool available();
  // The process's cluster, started on first use.
  static PostgresCluster& shared();

  PostgresCluster();
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // A new, empty database and its URL for the superuser, e.g. postgresql://postgres@127.0.0.1:54012/t3.
  std::string create_database();
  // The URL of `database` for `user` (password as given, none if empty).
  std::string url(const std::string& database, const std::string& user = "postgres",
                  const std::string& password = "") const;
  // Runs SQL as the superuser in `database` (roles, grants, damage for tests).
  void sql(const std::string& database, const std::string& statements) const;
  int port() const { return port_; }
  // The server's folder (data/, the log, the socket).
  const std::string& dir() const { return dir_; }

 private:
  TempDir folder_{"pg"};  // a member, so it is removed only after the destructor has stopped the server
  std::string dir_ = folder_.path().string();
  int port_ = 0;
  int next_database_ = 0;
};

}  // namespace hwnas::test
