// TLS between workers and the server: the private server with ssl=on and a certificate signed by
// a throwaway CA this test makes with openssl. A client with sslmode=verify-full and that CA
// connects and measures; one trusting another CA is refused with libpq's reason.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <fmt/core.h>
#include <pqxx/pqxx>

#include "cli/cli_run.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

void sh(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

// A CA (ca.crt) under `dir`, and with `server` a key and certificate it signs for 127.0.0.1.
void make_ca(const std::filesystem::path& dir, bool server) {
  const std::string d = dir.string();
  std::filesystem::create_directories(dir);
  sh(fmt::format("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=hwnas-test-ca -keyout {0}/ca.key "
                 "-out {0}/ca.crt 2>/dev/null",
                 d));
  if (!server) return;
  sh(fmt::format("openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout {0}/server.key -out {0}/server.csr "
                 "2>/dev/null && printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > {0}/san.ext && "
                 "openssl x509 -req -in {0}/server.csr -CA {0}/ca.crt -CAkey {0}/ca.key -CAcreateserial -days 2 "
                 "-extfile {0}/san.ext -out {0}/server.crt 2>/dev/null",
                 d));
}

// Turns TLS on in the running cluster with the server certificate of `ca_dir`.
void enable_tls(PostgresCluster& cluster, const std::filesystem::path& ca_dir) {
  const std::string target = cluster.dir();
  sh(fmt::format("cp {0}/server.crt {0}/server.key {1}/ && chmod 600 {1}/server.key", ca_dir.string(), target));
  if (geteuid() == 0) sh(fmt::format("chown postgres {0}/server.crt {0}/server.key", target));
  // ALTER SYSTEM runs outside a transaction: one statement at a time.
  for (const std::string statement :
       {fmt::format("ALTER SYSTEM SET ssl_cert_file = '{}/server.crt'", target),
        fmt::format("ALTER SYSTEM SET ssl_key_file = '{}/server.key'", target), std::string("ALTER SYSTEM SET ssl = on"),
        std::string("SELECT pg_reload_conf()")}) {
    cluster.sql("postgres", statement);
  }
}

TEST(FarmTls, VerifyFullWithTheRightCaMeasuresAndAnotherCaIsRefused) {
  if (!PostgresCluster::available()) GTEST_FAIL() << "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)";
  if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_FAIL() << "openssl is not installed (scripts/install-deps.sh installs it)";
  TempDir dir("farm");
  make_ca(dir / "right", true);
  make_ca(dir / "other", false);
  auto& cluster = PostgresCluster::shared();
  enable_tls(cluster, dir / "right");
  const std::string plain = cluster.create_database();
  ASSERT_EQ(run_cli("db init --db " + plain).exit_code, 0);
  const std::string right = plain + "?sslmode=verify-full&sslrootcert=" + (dir / "right" / "ca.crt").string();
  const std::string other = plain + "?sslmode=verify-full&sslrootcert=" + (dir / "other" / "ca.crt").string();

  // The server reload is asynchronous: wait until it speaks TLS.
  for (int i = 0; i < 50; ++i) {
    try {
      pqxx::connection c(right);
      break;
    } catch (const std::exception&) {
      usleep(100000);
    }
  }
  auto s = store::open_store(right);
  {
    pqxx::connection c(right);
    pqxx::nontransaction t(c);
    EXPECT_EQ(t.exec("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0][0].as<std::string>(), "t");
  }
  // A worker over TLS measures a job end to end.
  const auto submit = run_cli("farm submit --db '" + right + "' --space ofa-mbv3-fmnist -n 2 --seed 3 --device-key tls "
                              "--warmup 1 --min-runs 2 --max-runs 2");
  ASSERT_EQ(submit.exit_code, 0) << submit.output;
  const auto worked = run_cli("farm worker --db '" + right + "' --device-key tls --engine 'command:echo latency: 1 ms {onnx}' "
                              "--reference-every 0 --exit-when-empty --lease-s 10");
  EXPECT_EQ(worked.exit_code, 0) << worked.output;
  EXPECT_EQ(s->measurements({.device_key = "tls"}).size(), 2u);

  // Another CA: refused before anything is sent, with libpq's reason.
  try {
    store::open_store(other);
    ADD_FAILURE() << "a server certificate of another CA was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("certificate verify failed"), std::string::npos) << e.what();
  }
  const auto refused = run_cli("farm worker --db '" + other + "' --device-key tls --engine 'command:true {onnx}' --exit-when-empty");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("certificate verify failed"), std::string::npos) << refused.output;
}

}  // namespace
}  // namespace hwnas::test
