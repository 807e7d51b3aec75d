// `hwnas search` and `hwnas front` as a user runs them (real metric sources: macs, params).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// params stands in for accuracy (a proxy, labelled as one) until accuracy sources exist.
const std::string kProxyTask =
    "search --space ofa-mbv3 --objective max:params --objective min:macs --no-plot "
    "--hv-box max:params=1.2e7:3e6 --hv-box min:macs=5e7:6e8 ";

TEST(SearchCli, WritesEvaluatedSetFrontAndCheckpoint) {
  const TempDir dir("search-cli");
  const fs::path out = dir / "outputs";
  const CliResult r = run_cli(kProxyTask + "--algo nsga2 --budget 300 --seed 3 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("hv "), std::string::npos) << "progress shows the hypervolume";
  for (const char* f : {"evaluated.csv", "front.csv", "front.json", "checkpoint.json"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
  const auto front = nlohmann::json::parse(read(out / "front.json"));
  EXPECT_EQ(front["objectives"][0]["unit"], "params");
  EXPECT_EQ(front["objectives"][1]["unit"], "MACs");
  EXPECT_EQ(front["hv_box"]["source"], "given");
  EXPECT_GT(front["hypervolume"].get<double>(), 0);
  EXPECT_FALSE(front["points"].empty());
  EXPECT_EQ(front["evaluated"], 300);
  // 300 rows plus the header.
  const std::string csv = read(out / "evaluated.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 301);
}

TEST(SearchCli, InfeasibleConstraintIsACleanErrorWithExitCode2) {
  const TempDir dir("search-cli");
  const fs::path out = dir / "infeasible";
  const CliResult r = run_cli("search --space ofa-mbv3 --objective max:params --constraint 'macs<=1' "
                              "--algo ofa-evolution --budget 10000000 --no-plot --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no feasible architecture among the first 1000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("macs<=1"), std::string::npos) << r.output;
}

// Every algorithm resumes identically from a mid-run checkpoint (algorithm_contract_test.cpp);
// this checks the CLI's side: the checkpoint file, the restored cache and the output files.
TEST(SearchCli, ResumeFinishesLikeAnUninterruptedRun) {
  const TempDir dir("search-cli");
  const fs::path straight = dir / "straight";
  const fs::path resumed = dir / "resumed";
  const std::string args = kProxyTask + "--algo random --seed 5 ";
  ASSERT_EQ(run_cli(args + "--budget 700 --out " + straight.string()).exit_code, 0);
  // A shorter run ending on a batch boundary (random asks 100 at a time) stands in for an
  // interrupted one; the budget is not part of a run's identity.
  ASSERT_EQ(run_cli(args + "--budget 300 --out " + resumed.string()).exit_code, 0);
  const CliResult again = run_cli(args + "--budget 700 --out " + resumed.string());
  EXPECT_EQ(again.exit_code, 2) << "an existing checkpoint needs --resume";
  const CliResult r = run_cli(args + "--budget 700 --resume --out " + resumed.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("resumed from"), std::string::npos) << r.output;
  EXPECT_TRUE(read(straight / "front.csv") == read(resumed / "front.csv"));
  EXPECT_TRUE(read(straight / "evaluated.csv") == read(resumed / "evaluated.csv"));
}

// The canonical text of every row of evaluated.csv (its last column, quoted), with its generation.
std::vector<std::pair<int, std::string>> evaluated_archs(const fs::path& out) {
  std::ifstream in(out / "evaluated.csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::pair<int, std::string>> rows;
  while (std::getline(in, line)) {
    const auto open = line.find('"');
    const auto first_comma = line.find(',');
    rows.emplace_back(std::stoi(line.substr(first_comma + 1)), line.substr(open + 1, line.rfind('"') - open - 1));
  }
  return rows;
}

// BlockProfile's runs are counted in generations (Mills et al., CIKM'21 §5): 100 + 3 x 200 and
// 20 + 4 x 50 evaluations, every generation a full one.
TEST(SearchCli, GenerationsRunExactlyThatManyOfThePapersSize) {
  const TempDir dir("search-cli");
  const fs::path pareto = dir / "generations_pareto";
  CliResult r = run_cli(kProxyTask + "--algo blockprofile-pareto --generations 3 --seed 2 --out " + pareto.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto front = nlohmann::json::parse(read(pareto / "front.json"));
  EXPECT_EQ(front["evaluated"], 700);
  EXPECT_EQ(front["generations"], 3);
  EXPECT_EQ(evaluated_archs(pareto).back().first, 3);

  const fs::path maxacc = dir / "generations_maxacc";
  r = run_cli("search --space ofa-mbv3 --objective max:params --no-plot --algo blockprofile-maxacc --generations 4 "
              "--seed 2 --out " + maxacc.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  front = nlohmann::json::parse(read(maxacc / "front.json"));
  EXPECT_EQ(front["evaluated"], 220);

  for (const char* both : {"--generations 2 --budget 300", ""}) {
    r = run_cli(kProxyTask + "--algo blockprofile-pareto " + both + " --out " + (dir / "generations_bad").string());
    EXPECT_EQ(r.exit_code, 2) << both << ": " << r.output;
    EXPECT_NE(r.output.find("give one of --budget N"), std::string::npos) << r.output;
  }
}

TEST(SearchCli, FixedResolutionEvaluatesOnlyThatResolution) {
  const TempDir dir("search-cli");
  const fs::path out = dir / "resolution";
  const CliResult r = run_cli(kProxyTask + "--algo blockprofile-pareto --generations 1 --resolution 224 --seed 4 --out " +
                              out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = evaluated_archs(out);
  ASSERT_EQ(rows.size(), 300U);
  for (const auto& [generation, arch] : rows) ASSERT_EQ(arch.rfind("r224|", 0), 0U) << arch;

  const CliResult bad = run_cli(kProxyTask + "--algo random --budget 10 --resolution 225 --out " + (dir / "res_bad").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("225"), std::string::npos) << bad.output;
}

// Unit widths are searched: ResNet50's children carry width tuples (the C65–C100 code of every
// unit) that no network of the initial population had. Without width mutation every child would
// copy its one parent's tuple (BlockProfile's evolution has no crossover).
TEST(SearchCli, ResNet50SearchMutatesUnitWidths) {
  const TempDir dir("search-cli");
  const fs::path out = dir / "resnet50_widths";
  const CliResult r = run_cli("search --space resnet50 --objective max:params --no-plot --algo blockprofile-maxacc "
                              "--generations 4 --resolution 224 --seed 3 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto widths = [](const std::string& arch) {
    std::string tuple;
    for (std::size_t at = arch.find("|C"); at != std::string::npos; at = arch.find("|C", at + 1)) {
      tuple += arch.substr(at + 1, arch.find(':', at) - at - 1) + ' ';
    }
    return tuple;
  };
  std::set<std::string> initial, children;
  for (const auto& [generation, arch] : evaluated_archs(out)) (generation == 0 ? initial : children).insert(widths(arch));
  ASSERT_FALSE(initial.empty());
  std::size_t fresh = 0;
  for (const auto& w : children) fresh += initial.count(w) == 0 ? 1 : 0;
  EXPECT_GT(fresh, 0U) << "no child has a width tuple the initial population lacked";
}

TEST(FrontCli, CompareAndAttainment) {
  const TempDir dir("search-cli");
  const fs::path a = dir / "cmp_a";
  const fs::path b = dir / "cmp_b";
  ASSERT_EQ(run_cli(kProxyTask + "--algo random --budget 200 --seed 1 --out " + a.string()).exit_code, 0);
  ASSERT_EQ(run_cli(kProxyTask + "--algo nsga2 --budget 200 --seed 1 --out " + b.string()).exit_code, 0);
  const CliResult r = run_cli("front compare " + (a / "front.json").string() + " " + (b / "front.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("recorded in both files"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("B - A: "), std::string::npos) << r.output;
  const CliResult att = run_cli("front attainment " + (a / "front.json").string() + " " +
                                (b / "front.json").string() + " --level 1");
  ASSERT_EQ(att.exit_code, 0) << att.output;
  EXPECT_NE(att.output.find("max:params,min:macs"), std::string::npos) << att.output;
  const CliResult bad = run_cli("front compare " + (a / "evaluated.csv").string() + " " + (b / "front.json").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

}  // namespace
}  // namespace hwnas::test
