#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli_run.hpp"
#include "support/test_paths.hpp"

namespace hwnas::test {
namespace {

TEST(CliSpaceCommands, SpacesListsShippedSpacesAsJson) {
  const auto r = run_cli("spaces --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  ASSERT_GE(j.size(), 6u);
  bool found = false;
  for (const auto& s : j) found = found || (s["name"] == "ofa-mbv3" && s["size_per_resolution"] == "21758655492572485851");
  EXPECT_TRUE(found) << r.output;
}

TEST(CliSpaceCommands, SizeIsExact) {
  const auto r = run_cli("size --space ofa-mbv3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(r.output)["per_resolution"], "21758655492572485851");  // 7371^5
}

TEST(CliSpaceCommands, SampleWithFixPlacesTheBlock) {
  const auto r = run_cli("sample --space ofa-mbv3 -n 50 --seed 3 --fix 3:4:e6k7 --resolution 192");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::size_t lines = 0, start = 0;
  while (start < r.output.size()) {
    const auto end = r.output.find('\n', start);
    const std::string line = r.output.substr(start, end - start);
    // Third unit: four layers, the fourth e6k7.
    std::size_t seg = 0;
    for (int bars = 0; bars < 3; ++bars) seg = line.find('|', seg) + 1;
    const std::string unit3 = line.substr(seg, line.find('|', seg) - seg);
    EXPECT_EQ(line.substr(0, 5), "r192|");
    EXPECT_EQ(std::count(unit3.begin(), unit3.end(), ','), 3) << line;
    EXPECT_EQ(unit3.substr(unit3.rfind(',') + 1), "e6k7") << line;
    ++lines;
    start = end + 1;
  }
  EXPECT_EQ(lines, 50u);
  EXPECT_EQ(run_cli("sample --space ofa-mbv3 -n 5 --seed 3").output, run_cli("sample --space ofa-mbv3 -n 5 --seed 3").output);
}

TEST(CliSpaceCommands, StatsJsonHasTotalsAndLayers) {
  const auto r = run_cli("stats --space ofa-mbv3 --json --arch "
                         "'{\"ks\":[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3],\"e\":[6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6],"
                         "\"d\":[2,2,2,2,2],\"r\":224}'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["flops"].get<std::int64_t>(), 2 * j["macs"].get<std::int64_t>());
  std::int64_t macs = 0;
  for (const auto& layer : j["layers"]) macs += layer["macs"].get<std::int64_t>();
  EXPECT_EQ(macs, j["macs"].get<std::int64_t>());
  EXPECT_EQ(j["layers"].size(), 2u + 10u + 4u);
}

TEST(CliSpaceCommands, BadInputGivesOneLineAndExitCode2) {
  const std::string valid_units = "|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3";
  const struct {
    std::string args;
    std::string message;
  } cases[] = {
      {"stats --space ofa-mbv3 --arch 'r224|e3k3,zz" + valid_units + "'", "unknown block 'zz'"},
      {"stats --space ofa-mbv3 --arch 'r224|e3k3" + valid_units + "'", "1 layers, the space allows 2 to 4"},
      {"stats --space ofa-mbv3 --arch 'r224|e3k3,e3k3" + valid_units + "' --resolution 100", "resolution 100 is not in space"},
      {"sample --space ofa-mbv3 --resolution 100", "--resolution 100 is not in space"},
      {"sample --space ofa-mbv3 --fix 9:1:e3k3", "unit 9 does not exist"},
      {"size --space nope", "unknown space 'nope'"},
      {"stats --space ofa-mbv3 --arch '{\"ks\": [3'", "architecture JSON does not parse"},
      {"size --space " + hwnas::test::data_dir() + "/malformed_space.yaml", "malformed_space.yaml:"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
}

TEST(CliSpaceCommands, EveryCommandHasHelpWithAnExample) {
  for (const char* cmd : {"spaces", "size", "sample", "stats"}) {
    const auto r = run_cli(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.output.find("Example"), std::string::npos) << cmd << "\n" << r.output;
  }
}

}  // namespace
}  // namespace hwnas::test
