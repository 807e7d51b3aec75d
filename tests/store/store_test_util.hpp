// Shared by the store tests: sample records, raw SQLite access.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/core.h>
#include <sqlite3.h>

#include "hwnas/store/records.hpp"

namespace hwnas::test {

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline store::ArchRecord sample_arch(int i, const std::string& space = "ofa-mbv3") {
  return {space, "canonical", fmt::format("r224|e3k{}|e4k5", i), fmt::format("{:016x}", 0xabc000 + i), 224};
}

inline store::DeviceRecord sample_device(const std::string& key = "cpu-torchscript-t1@test") {
  return {key, "torchscript", {{"threads", 1}}, {{"cpu_model", "test cpu"}}};
}

inline store::MeasurementRecord sample_measurement(const store::ArchRecord& arch, const std::string& device_key,
                                                   double median = 0.005) {
  store::MeasurementRecord m;
  m.arch_hash = arch.hash;
  m.device_key = device_key;
  m.median_s = median;
  m.mean_s = median * 1.01;
  m.min_s = median * 0.9;
  m.max_s = median * 1.3;
  m.p10_s = median * 0.95;
  m.p25_s = median * 0.98;
  m.p75_s = median * 1.02;
  m.p90_s = median * 1.1;
  m.iqr_s = median * 0.04;
  m.cov = 0.03;
  m.ci_low_s = median * 0.99;
  m.ci_high_s = median * 1.01;
  m.ci_level = 0.958;
  m.run_times_s = {median * 0.9, median, median * 1.3, median * 1.0 + 1e-9};
  m.runs = static_cast<std::int64_t>(m.run_times_s.size());
  m.warmup_runs = 10;
  m.precision_met = true;
  m.stop_reason = "precision_met";
  m.protocol = {{"min_runs", 4}};
  m.fingerprint = {{"hostname", "test"}};
  return m;
}

// Runs SQL on a database file directly, bypassing the store (to build foreign or damaged files).
inline void raw_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("raw_sql: " + message);
}

inline std::int64_t raw_int(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  std::int64_t v = -1;
  if (s && sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

inline std::string raw_text(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
  std::string v;
  if (s && sqlite3_step(s) == SQLITE_ROW) v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

}  // namespace hwnas::test
