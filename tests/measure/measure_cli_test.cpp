// `hwnas measure` says where a run's time went: running the networks, or hwnas's own work.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

TEST(MeasureCli, SummarySplitsRunningTheNetworksFromHwnasOwnTime) {
  const TempDir dir("measure-cli");
  const std::string common = "measure --space ofa-mbv3 -n 2 --resolution 128 --warmup 1 --min-runs 3 --max-runs 3 "
                             "--reference-every 0 --device-key test-split --db sqlite://" + (dir / "m.db").string();
  const CliResult text = run_cli(common);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("of hwnas's own (export, engine build, store)"), std::string::npos) << text.output;

  const CliResult json = run_cli("measure --space ofa-mbv3 -n 3 --resolution 128 --warmup 1 --min-runs 3 "
                                 "--max-runs 3 --reference-every 0 --device-key test-split --json --db sqlite://" +
                                 (dir / "m.db").string());
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto summary = nlohmann::json::parse(json.output.substr(json.output.find('{')));
  EXPECT_EQ(summary["measured"], 1);  // the first two are stored already
  EXPECT_GT(summary["protocol_seconds"].get<double>(), 0);
  EXPECT_GT(summary["own_seconds"].get<double>(), 0);  // at least the engine build
}

TEST(MeasureCli, SummaryStatesHowFarApartThisRunsReferenceChecksAre) {
  const TempDir dir("measure-cli-drift");
  const std::string db = " --db sqlite://" + (dir / "m.db").string();
  const CliResult r = run_cli("measure --space ofa-mbv3 -n 2 --resolution 128 --warmup 1 --min-runs 3 --max-runs 3 "
                              "--reference-every 1 --device-key test-drift" + db);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // A baseline check and one after each network.
  EXPECT_NE(r.output.find("this run's 3 reference checks: medians within ±1% of their median"), std::string::npos)
      << r.output;
  const CliResult show = run_cli("db show --device-key test-drift --drift" + db);
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("3 reference checks: medians within ±1%"), std::string::npos) << show.output;
}

}  // namespace
}  // namespace hwnas::test
