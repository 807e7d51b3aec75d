// hwnas db end to end: BlockProfile CSV in, hwnas CSV out and back, errors as exit code 2.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

constexpr const char* kNetStr =
    "mbconv3_e3_k3->mbconv3_e4_k3->mbconv3_e6_k7|mbconv3_e4_k7->mbconv3_e4_k7|mbconv3_e6_k5->mbconv3_e3_k5->mbconv3_e4_k3|"
    "mbconv3_e6_k5->mbconv3_e4_k5|mbconv3_e6_k3->mbconv3_e4_k5";

TEST(DbCli, BlockProfileImportExportRoundTrip) {
  TempDir dir("store");
  const auto bp = dir / "bp.csv";
  std::ofstream(bp) << "net_id,net_str,device,resolution,lat unit,end-to-end lat\n0," << kNetStr << ",pixel1_cpu,224,ms,20.5\n";
  const std::string db = "sqlite://" + (dir / "p.db").string();
  auto r = run_cli("db import --db " + db + " --csv " + bp.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 written"), std::string::npos) << r.output;
  r = run_cli("db import --db " + db + " --csv " + bp.string());
  EXPECT_NE(r.output.find("0 written, 1 already stored and kept"), std::string::npos) << r.output;

  r = run_cli("db show --db " + db + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = nlohmann::json::parse(r.output);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["space"], "ofa-mbv3");
  EXPECT_EQ(rows[0]["arch"], "r224|e3k3,e4k3,e6k7|e4k7,e4k7|e6k5,e3k5,e4k3|e6k5,e4k5|e6k3,e4k5");
  EXPECT_DOUBLE_EQ(rows[0]["median_s"].get<double>(), 0.0205);
  EXPECT_EQ(rows[0]["protocol"]["net_str"], kNetStr);

  const auto bp_out = dir / "bp_out.csv";
  ASSERT_EQ(run_cli("db export --db " + db + " --csv " + bp_out.string() + " --format blockprofile").exit_code, 0);
  EXPECT_EQ(read_bytes(bp_out), read_bytes(bp));

  const auto out = dir / "out.csv";
  ASSERT_EQ(run_cli("db export --db " + db + " --csv " + out.string()).exit_code, 0);
  const std::string db2 = (dir / "q.db").string();
  r = run_cli("db import --db " + db2 + " --csv " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto out2 = dir / "out2.csv";
  ASSERT_EQ(run_cli("db export --db " + db2 + " --csv " + out2.string()).exit_code, 0);
  EXPECT_EQ(read_bytes(out2), read_bytes(out));

  r = run_cli("db list --db " + db + " --json");
  const auto list = nlohmann::json::parse(r.output);
  EXPECT_EQ(list["counts"][0]["measurements"], 1);
  EXPECT_EQ(list["runs"].size(), 2u);
  EXPECT_EQ(list["runs"][0]["status"], "complete");
}

TEST(DbCli, CsvFilesWrittenBeforeCompensationStillImport) {
  TempDir dir("store");
  const auto old = dir / "old.csv";
  std::ofstream(old) << "arch_hash,space,encoding,arch,resolution,device,median_ms,mean_ms,min_ms,max_ms,p10_ms,p25_ms,"
                        "p75_ms,p90_ms,iqr_ms,cov,ci_low_ms,ci_high_ms,ci_level,runs,warmup_runs,precision_met,"
                        "stop_reason,measured_at,run_id\n"
                        "0123456789abcdef,ofa-mbv3,canonical,r224|e3k3,224,cpu-old@h,5.1,5.2,5,6,5,5,5.2,5.5,0.2,0.02,"
                        "5,5.2,0.95,40,10,1,precision_met,2026-11-01T10:00:00.000Z,\n";
  const std::string db = "sqlite://" + (dir / "p.db").string();
  const auto r = run_cli("db import --db " + db + " --csv " + old.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 written"), std::string::npos) << r.output;
  const auto out = dir / "out.csv";
  ASSERT_EQ(run_cli("db export --db " + db + " --csv " + out.string()).exit_code, 0);
  // Written back with the compensation columns, empty: it was never compensated.
  EXPECT_NE(read_bytes(out).find(",compensated_median_ms,compensated_ci_low_ms,compensated_ci_high_ms,pair_correlation\n"),
            std::string::npos);
  EXPECT_NE(read_bytes(out).find(",,,,\n"), std::string::npos) << read_bytes(out);
}

TEST(DbCli, BadInputExitsTwoWithOneLine) {
  TempDir dir("store");
  const auto bad = dir / "bad.csv";
  std::ofstream(bad) << "net_id,net_str,device,resolution,lat unit,end-to-end lat\n0," << kNetStr << ",dev,224,ms,abc\n";
  auto r = run_cli("db import --db " + (dir / "p.db").string() + " --csv " + bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("bad.csv line 2: column 'end-to-end lat': expected a number, got 'abc'"), std::string::npos) << r.output;
  const auto foreign = dir / "foreign.db";
  raw_sql(foreign, "CREATE TABLE t (x)");
  r = run_cli("db list --db " + foreign.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("not an hwnas profile store"), std::string::npos) << r.output;
  EXPECT_EQ(run_cli("db show --db " + (dir / "p.db").string() + " --drift").exit_code, 2);
}

TEST(DbCli, EveryDbCommandHasHelpWithAnExample) {
  for (const char* sub : {"db", "db list", "db show", "db export", "db import"}) {
    const auto r = run_cli(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.output.find("Example"), std::string::npos) << sub;
  }
}

}  // namespace
}  // namespace hwnas::test
