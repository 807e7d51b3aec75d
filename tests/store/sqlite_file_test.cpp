// What only the SQLite backend has: URLs, files of other applications, damaged files, schema
// versions and fixtures, several processes, and a writer killed with SIGKILL.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "hwnas/common/error.hpp"
#include "hwnas/store/sqlite_schema.hpp"
#include "hwnas/store/store.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

std::string input_error_of(const std::string& url) {
  try {
    store::open_store(url);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

TEST(SqliteStoreUrl, AbsoluteRelativePlainAndMemoryForms) {
  TempDir dir("store");
  const auto abs = dir / "a.db";
  ASSERT_TRUE(abs.is_absolute());
  store::open_store("sqlite://" + abs.string())->put_device(sample_device());  // sqlite:///tmp/...
  EXPECT_TRUE(store::open_store(abs.string())->find_device(sample_device().key));
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir / "");
  EXPECT_TRUE(store::open_store("sqlite://a.db")->find_device(sample_device().key));
  std::filesystem::current_path(cwd);
  EXPECT_TRUE(store::open_store(":memory:")->devices().empty());
}

TEST(SqliteStoreUrl, BadUrlsNameTheProblem) {
  TempDir dir("store");
  EXPECT_NE(input_error_of("mysql://host/db").find("unknown scheme 'mysql'"), std::string::npos);
  // A server URL goes to the PostgreSQL backend; nothing listens on port 1.
  EXPECT_NE(input_error_of("postgresql://nobody:pw@127.0.0.1:1/db").find("cannot connect"), std::string::npos);
  EXPECT_EQ(input_error_of("postgresql://nobody:pw@127.0.0.1:1/db").find(":pw@"), std::string::npos);
  EXPECT_NE(input_error_of("").find("empty URL"), std::string::npos);
  EXPECT_NE(input_error_of((dir / "missing-dir/x.db").string()).find("does not exist"), std::string::npos);
  EXPECT_NE(input_error_of((dir / "").string()).find("is a directory"), std::string::npos);
}

TEST(SqliteStoreFile, GarbageFileIsInputErrorNamingItAndStaysUntouched) {
  TempDir dir("store");
  const auto file = dir / "garbage.db";
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is not a database, it is a text file\n";
  }
  const std::string before = read_bytes(file);
  const std::string message = input_error_of(file.string());
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not an SQLite database"), std::string::npos) << message;
  EXPECT_EQ(read_bytes(file), before);
}

TEST(SqliteStoreFile, DamagedPagesAreInputError) {
  TempDir dir("store");
  const auto file = dir / "damaged.db";
  {
    auto s = store::open_store(file.string());
    s->put_device(sample_device());
    for (int i = 0; i < 300; ++i) s->put_measurement(sample_arch(i), sample_measurement(sample_arch(i), sample_device().key));
  }
  raw_sql(file, "PRAGMA wal_checkpoint(TRUNCATE)");
  std::string bytes = read_bytes(file);
  ASSERT_GT(bytes.size(), 8192u);
  // Keep the 100-byte header, overwrite the rest of page 1 (the schema) with garbage.
  for (std::size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  const std::string message = input_error_of(file.string());
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("damaged"), std::string::npos) << message;
}

TEST(SqliteStoreFile, ForeignSqliteFileIsRefusedAndNotModified) {
  TempDir dir("store");
  const auto file = dir / "other-app.db";
  raw_sql(file, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada');");
  const std::string before = read_bytes(file);
  const std::string message = input_error_of("sqlite://" + file.string());
  EXPECT_NE(message.find("not an hwnas profile store"), std::string::npos) << message;
  EXPECT_NE(message.find("users"), std::string::npos) << message;
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_EQ(read_bytes(file), before);
  EXPECT_FALSE(std::filesystem::exists(dir / "other-app.db-wal"));
}

TEST(SqliteStoreFile, NewerSchemaVersionIsRefused) {
  TempDir dir("store");
  const auto file = dir / "future.db";
  store::open_store(file.string());
  raw_sql(file, "PRAGMA user_version = 99");
  const std::string message = input_error_of(file.string());
  EXPECT_NE(message.find("schema version 99"), std::string::npos) << message;
  EXPECT_NE(message.find("newer hwnas"), std::string::npos) << message;
}

TEST(SqliteStoreFile, MissingTableIsDamage) {
  TempDir dir("store");
  const auto file = dir / "partial.db";
  store::open_store(file.string());
  raw_sql(file, "DROP TABLE metric_values");
  const std::string message = input_error_of(file.string());
  EXPECT_NE(message.find("table 'metric_values' is missing"), std::string::npos) << message;
}

TEST(SqliteStoreFile, EmptyFileBecomesAStore) {
  TempDir dir("store");
  const auto file = dir / "empty.db";
  std::ofstream{file};
  store::open_store(file.string())->put_device(sample_device());
  EXPECT_EQ(raw_int(file, "PRAGMA application_id"), store::sqlite::kApplicationId);
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), store::sqlite::kSchemaVersion);
  EXPECT_EQ(raw_text(file, "PRAGMA journal_mode"), "wal");
}

// Every released schema version is kept as an SQL dump; each must open (migrating if old) and
// read back its rows.
TEST(SqliteStoreFile, SchemaV1FixtureOpensAndReads) {
  TempDir dir("store");
  const auto file = dir / "v1.db";
  raw_sql(file, read_bytes("tests/store/fixtures/schema_v1.sql"));
  auto s = store::open_store(file.string());
  const auto m = s->find_measurement("0123456789abcdef", "cpu-torchscript-t1@fixture");
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->median_s, 0.0051);
  EXPECT_EQ(m->run_times_s.size(), 3u);
  EXPECT_EQ(s->find_architecture("0123456789abcdef")->text, "r224|e3k3,e4k5|e6k7,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3");
  EXPECT_EQ(s->find_metric("0123456789abcdef", "accuracy:sn1")->value, 75.25);
  EXPECT_EQ(s->runs().at(0).status, store::RunStatus::complete);
  // Rows from before drift compensation read as raw: latency:<key> falls back to the median.
  EXPECT_FALSE(m->compensated_median_s);
  EXPECT_FALSE(m->pair_correlation);
  EXPECT_TRUE(m->reference_times_s.empty());
  EXPECT_DOUBLE_EQ(m->latency_s(), 0.0051);
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), store::sqlite::kSchemaVersion);
  // ... and the migrated store takes baselines and compensated rows.
  const store::ArchRecord ref = sample_arch(7);
  const store::ReferenceBaseline b{"cpu-torchscript-t1@fixture", ref.space, ref.resolution, ref.hash, 0.004};
  EXPECT_TRUE(s->put_reference_baseline(ref, b));
  EXPECT_DOUBLE_EQ(s->find_reference_baseline("cpu-torchscript-t1@fixture", ref.space, ref.resolution)->baseline_s, 0.004);
}

TEST(SqliteStoreFile, SchemaV3FixtureOpensAndReadsAndGetsTheQueue) {
  TempDir dir("store");
  const auto file = dir / "v3.db";
  raw_sql(file, read_bytes("tests/store/fixtures/schema_v3.sql"));
  // A farm worker never migrates; opening it as any other command does.
  EXPECT_THROW(store::open_store(file.string(), store::SchemaAction::refuse), InputError);
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), 3);
  auto s = store::open_store(file.string());
  const auto m = s->find_measurement("fedcba9876543210", "gpu-trtexec@fixture").value();
  EXPECT_DOUBLE_EQ(m.latency_s(), 0.00118);
  EXPECT_EQ(m.tool_stats["tool"], "trtexec");
  ASSERT_EQ(m.layers.size(), 1u);
  EXPECT_EQ(m.layers[0].ir_layers, std::vector<std::string>{"u1.l0"});
  EXPECT_DOUBLE_EQ(s->find_reference_baseline("gpu-trtexec@fixture", "ofa-mbv3", 224)->baseline_s, 0.001);
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), store::sqlite::kSchemaVersion);
  EXPECT_EQ(s->queue().submit({{sample_arch(1), "gpu-trtexec@fixture", {}, 0, 3}}).added, 1);
}

TEST(SqliteStoreFile, SchemaV4FixtureOpensWithItsQueueOnTheNewIndexes) {
  TempDir dir("store");
  const auto file = dir / "v4.db";
  raw_sql(file, read_bytes("tests/store/fixtures/schema_v4.sql"));
  EXPECT_THROW(store::open_store(file.string(), store::SchemaAction::refuse), InputError);
  auto s = store::open_store(file.string());
  EXPECT_EQ(raw_int(file, "PRAGMA user_version"), store::sqlite::kSchemaVersion);
  EXPECT_EQ(raw_int(file, "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('jobs_pending', 'jobs_key_state', 'jobs_claim')"), 2);
  const auto snap = s->queue().snapshot(60);
  ASSERT_EQ(snap.keys.size(), 2u);
  EXPECT_EQ(snap.keys[0].failed, 1);
  EXPECT_EQ(snap.keys[1].done, 1);
  EXPECT_EQ(snap.keys[1].pending, 1);
  ASSERT_EQ(snap.workers.size(), 1u);
  EXPECT_TRUE(snap.workers[0].stopped);
  EXPECT_EQ(s->queue().claim("gpu-trtexec@fixture", "w1", 60).value().arch.hash, "0123456789abcdef");
  EXPECT_EQ(s->queue().retry("cpu-torchscript-t1@fixture", true), 1);
}

TEST(SqliteStoreFile, TwoHandlesOnOneFileReadWhileWriting) {
  TempDir dir("store");
  const auto file = dir / "shared.db";
  auto writer = store::open_store(file.string());
  auto reader = store::open_store(file.string());
  auto second_writer = store::open_store(file.string());
  writer->put_device(sample_device());
  std::size_t last_seen = 0;
  bool monotonic = true;
  std::thread w1([&] {
    for (int i = 0; i < 100; ++i) writer->put_measurement(sample_arch(i), sample_measurement(sample_arch(i), sample_device().key));
  });
  std::thread w2([&] {
    for (int i = 100; i < 200; ++i)
      second_writer->put_measurement(sample_arch(i), sample_measurement(sample_arch(i), sample_device().key));
  });
  for (int i = 0; i < 50; ++i) {
    const std::size_t n = reader->measurements().size();
    monotonic = monotonic && n >= last_seen;
    last_seen = n;
  }
  w1.join();
  w2.join();
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(reader->measurements().size(), 200u);
}

// A measuring process killed with SIGKILL mid-loop: everything it committed is there and whole,
// nothing half-written (an architecture without its measurement, a truncated row) is.
TEST(SqliteStoreFile, SigkillDuringWritesLosesAtMostTheRowInFlight) {
  TempDir dir("store");
  const auto file = dir / "killed.db";
  store::open_store(file.string())->put_device(sample_device());
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    auto s = store::open_store(file.string());
    for (int i = 0;; ++i) {
      auto m = sample_measurement(sample_arch(i), sample_device().key);
      m.run_times_s.assign(500, 0.005);
      m.runs = 500;
      s->put_measurement(sample_arch(i), m);
      const int committed = i + 1;
      if (write(pipe_fds[1], &committed, sizeof(committed)) != sizeof(committed)) _exit(1);
    }
  }
  close(pipe_fds[1]);
  int committed = 0;
  while (committed < 200) ASSERT_EQ(read(pipe_fds[0], &committed, sizeof(committed)), static_cast<ssize_t>(sizeof(committed)));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));

  EXPECT_EQ(raw_text(file, "PRAGMA integrity_check"), "ok");
  auto s = store::open_store(file.string());
  const auto rows = s->measurements();
  EXPECT_GE(rows.size(), static_cast<std::size_t>(committed));
  for (int i = 0; i < committed; ++i) EXPECT_TRUE(s->has_measurement(sample_arch(i).hash, sample_device().key)) << i;
  for (const auto& m : rows) EXPECT_EQ(m.run_times_s.size(), 500u);
  EXPECT_EQ(raw_int(file, "SELECT COUNT(*) FROM architectures"), static_cast<std::int64_t>(rows.size()));
}

}  // namespace
}  // namespace hwnas::test
