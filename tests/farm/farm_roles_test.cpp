// docs/farm-roles.sql: the worker role measures and moves jobs along but cannot delete, drop or
// alter anything; the owner role creates the schema with `db init`.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"
#include "store/store_test_util.hpp"
#include "support/postgres_cluster.hpp"
#include "support/test_paths.hpp"

namespace hwnas::test {
namespace {

// Runs one statement as `url`'s role; returns the server's error, empty when it succeeded.
std::string try_sql(const std::string& url, const std::string& statement) {
  try {
    pqxx::connection c(url);
    pqxx::work t(c);
    t.exec(statement);
    t.commit();
    return "";
  } catch (const pqxx::sql_error& e) {
    return e.what();
  }
}

TEST(FarmRoles, TheWorkerRoleMeasuresButCannotDeleteDropOrAlter) {
  if (!PostgresCluster::available()) GTEST_FAIL() << "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)";
  auto& cluster = PostgresCluster::shared();
  cluster.sql("postgres", "CREATE ROLE hwnas_owner LOGIN; CREATE ROLE hwnas_worker LOGIN");
  cluster.sql("postgres", "CREATE DATABASE farm OWNER hwnas_owner");
  const std::string owner_url = cluster.url("farm", "hwnas_owner");
  const std::string worker_url = cluster.url("farm", "hwnas_worker");
  auto owner = store::open_store(owner_url, store::SchemaAction::migrate);
  EXPECT_EQ(try_sql(owner_url, read_bytes(std::filesystem::path(source_dir()) / "docs" / "farm-roles.sql")), "");
  owner->queue().submit({{sample_arch(1), "k", {}, 0, 3}, {sample_arch(2), "k", {}, 0, 3}});

  // Everything a worker does (measure::LatencyMeasurer and farm::Worker) works as the worker role.
  auto worker = store::open_store(worker_url, store::SchemaAction::refuse);
  worker->put_device(sample_device("k"));
  const std::int64_t run = worker->begin_run("hwnas farm worker");
  worker->queue().worker_alive({"w1", "k", "host", 0, 0, std::nullopt, 0, false});
  const auto job = worker->queue().claim("k", "w1", 60).value();
  EXPECT_TRUE(worker->queue().heartbeat(job.id, "w1", 60));
  auto m = sample_measurement(job.arch, "k");
  m.run_id = run;
  EXPECT_TRUE(worker->queue().complete(job.id, "w1", job.arch, m));
  const auto second = worker->queue().claim("k", "w1", 60).value();
  EXPECT_EQ(worker->queue().fail(second.id, "w1", "engine failed"), store::JobState::pending);
  const store::ArchRecord ref{store::kReferenceSpace, "name", "ref", "@reference:ref", 224};
  EXPECT_EQ(worker->add_reference_check(ref, sample_measurement(ref, "k")), 1);
  worker->end_run(run, store::RunStatus::complete);
  EXPECT_TRUE(worker->has_measurement(job.arch.hash, "k"));

  // What it must not do.
  for (const std::string statement :
       {"DELETE FROM measurements", "TRUNCATE measurements", "UPDATE measurements SET median_s = 0",
        "DELETE FROM jobs", "DROP TABLE measurements", "ALTER TABLE measurements ADD COLUMN x integer",
        "UPDATE runs SET command = 'x'", "DELETE FROM architectures", "UPDATE devices SET engine = 'x'",
        "CREATE TABLE mine (x integer)"}) {
    const std::string error = try_sql(worker_url, statement);
    EXPECT_TRUE(error.find("permission denied") != std::string::npos || error.find("must be owner") != std::string::npos)
        << statement << ": " << (error.empty() ? "allowed" : error);
  }
  EXPECT_EQ(owner->measurements().size(), 1u);
  // A worker never migrates; it cannot create the schema either.
  cluster.sql("postgres", "CREATE DATABASE farm2 OWNER hwnas_owner");
  EXPECT_THROW(store::open_store(cluster.url("farm2", "hwnas_worker"), store::SchemaAction::refuse), InputError);
}

}  // namespace
}  // namespace hwnas::test
