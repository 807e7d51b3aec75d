// `hwnas s3nas` as a user runs it: every subcommand on tiny settings (the simulated MIDAP and the
// tests' tiny IDX data), the files each writes, and the old option spellings refused.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "../cli/exported_model_check.hpp"
#include "../train/train_fixture.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = hwnas::test::process_temp_dir().path() / ("hwnas_s3nas_cli_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The JSON a command printed, after the progress lines it writes to stderr.
nlohmann::json printed_json(const std::string& output) { return nlohmann::json::parse(output.substr(output.find('{'))); }

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

TEST(S3nasCli, LatencyCheckReportsTheTablesErrorAsJson) {
  const CliResult r = run_cli("s3nas latency-check --space s3nas-fmnist --metric latency:sim:midap --samples 20 --seed 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = printed_json(r.output);
  EXPECT_EQ(j["samples"], 20);
  EXPECT_EQ(j["source"], "latency:sim:midap");
  EXPECT_GE(j["mape_percent"].get<double>(), 0.0);
  EXPECT_GE(j["max_ape_percent"].get<double>(), j["mape_percent"].get<double>());
  EXPECT_GT(j["base_ms"].get<double>(), 0.0);
}

TEST(S3nasCli, OldSpellingsAreRefusedNamingTheNewOne) {
  const CliResult latency = run_cli("s3nas latency-check --latency latency:sim:midap --samples 2");
  EXPECT_EQ(latency.exit_code, 2) << latency.output;
  EXPECT_NE(latency.output.find("--latency is now --metric"), std::string::npos) << latency.output;
  const CliResult store = run_cli("s3nas random --target-ms 1 --store x.db");
  EXPECT_EQ(store.exit_code, 2) << store.output;
  EXPECT_NE(store.output.find("--store is now --db"), std::string::npos) << store.output;
}

TEST(S3nasCli, RandomBaselinePrintsArchitecturesInTheWindow) {
  // The window is set around the latency of one draw, so a few hundred draws find two more.
  const CliResult check = run_cli("s3nas latency-check --samples 1 --seed 9 --json");
  ASSERT_EQ(check.exit_code, 0) << check.output;
  const double target = printed_json(check.output)["base_ms"].get<double>() * 3;
  const CliResult r = run_cli("s3nas random --count 2 --tolerance 0.5 --max-draws 5000 --seed 1 --target-ms " +
                              std::to_string(target));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(r.output);
  std::string arch;
  double ms = 0;
  int found = 0;
  while (lines >> arch >> ms) {
    EXPECT_LE(ms, target);
    EXPECT_GE(ms, target * 0.5);
    ++found;
  }
  EXPECT_EQ(found, 2) << r.output;
  const CliResult none = run_cli("s3nas random --count 1 --max-draws 50 --target-ms 1e-9");
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("only 0 of 1 architectures"), std::string::npos) << none.output;
}

TEST(S3nasCli, SearchScaleTrainAndPruneSeChainThroughTheirFiles) {
  const fs::path data = train::test::make_tiny_folder("s3nas_cli", 96, 40);
  const fs::path dir = fresh_dir("chain");
  const CliResult search = run_cli("s3nas search --target-ms 0.05 --warmup-steps 2 --search-steps 3 --batch 16 "
                                   "--checkpoint-every 2 --data " + data.string() + " --out " + (dir / "s").string());
  ASSERT_EQ(search.exit_code, 0) << search.output;
  const auto result = read_json(dir / "s" / "result.json");
  EXPECT_EQ(result["steps"], 5);
  EXPECT_TRUE(result["finished"].get<bool>());
  EXPECT_GT(result["source_ms"].get<double>(), 0.0);
  ASSERT_TRUE(fs::exists(dir / "s" / "latency_table.json"));
  // The folder holds a search to resume: another space there is refused, naming the table.
  const CliResult other_space = run_cli("s3nas search --space s3nas-fmnist-constant --target-ms 0.05 --data " +
                                        data.string() + " --out " + (dir / "s").string());
  EXPECT_EQ(other_space.exit_code, 2) << other_space.output;
  EXPECT_NE(other_space.output.find("latency_table.json: the latency table was profiled for space 's3nas-fmnist'"),
            std::string::npos) << other_space.output;

  const std::string arch = "@" + (dir / "s" / "architecture.txt").string();
  const double target = result["source_ms"].get<double>() * 1.5;
  const CliResult scale = run_cli("s3nas scale --arch " + arch + " --target-ms " + std::to_string(target) +
                                  " --json --out " + (dir / "scaled").string());
  ASSERT_EQ(scale.exit_code, 0) << scale.output;
  const auto report = read_json(dir / "scaled" / "scale.json");
  EXPECT_EQ(report["format"], "hwnas-s3nas-scale/1");
  EXPECT_LE(report["chosen"]["latency_ms"].get<double>(), target);

  const std::string scaled = " --space " + (dir / "scaled" / "space.yaml").string() + " --arch @" +
                             (dir / "scaled" / "architecture.txt").string();
  const CliResult train = run_cli("s3nas train" + scaled + " --steps 3 --batch 16 --json --data " + data.string() +
                                  " --save " + (dir / "trained").string());
  ASSERT_EQ(train.exit_code, 0) << train.output;
  EXPECT_EQ(printed_json(train.output)["test_images"], 40);
  // The trained network leaves with its weights; ONNX (BN folded) in ONNX Runtime computes what the
  // TorchScript export computes.
  const CliResult exported = run_cli("export --supernet " + (dir / "trained").string() + " --arch @" +
                                     (dir / "trained" / "architecture.txt").string() + " --onnx " +
                                     (dir / "t.onnx").string() + " --torchscript " + (dir / "t.pt").string());
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("trained S3NAS network"), std::string::npos) << exported.output;
  const std::string chosen = report["chosen"]["architecture"].get<std::string>();  // "r<resolution>|…"
  const int resolution = std::stoi(chosen.substr(1, chosen.find('|') - 1));
  std::string error;
  const double difference =
      onnx_vs_torchscript(dir / "t.onnx", dir / "t.pt", {1, 1, resolution, resolution}, error);
  EXPECT_GE(difference, 0) << error;
  EXPECT_LT(difference, 1e-4);

  const CliResult no_count = run_cli("s3nas prune-se" + scaled + " --steps 2 --data " + data.string() + " --out " +
                                     (dir / "p0").string());
  EXPECT_EQ(no_count.exit_code, 2) << no_count.output;
  EXPECT_NE(no_count.output.find("give --remove N or --threshold X"), std::string::npos) << no_count.output;
  const CliResult prune = run_cli("s3nas prune-se" + scaled + " --steps 3 --batch 16 --remove 1 --score-images 32 "
                                  "--data " + data.string() + " --out " + (dir / "p").string());
  ASSERT_EQ(prune.exit_code, 0) << prune.output;
  const auto pruned = read_json(dir / "p" / "report.json");
  EXPECT_EQ(pruned["format"], "hwnas-s3nas-prune-se/1");
  int removed = 0;
  for (const auto& b : pruned["se_blocks"]) removed += b["removed"].get<bool>();
  EXPECT_EQ(removed, 1);
  EXPECT_LT(pruned["latency_ms"]["pruned"].get<double>(), pruned["latency_ms"]["se"].get<double>());
  EXPECT_TRUE(fs::exists(dir / "p" / "space.yaml"));
}

// S3NAS's order (ours-M → M+ → XL+ → XL-rmSE+): SE + h-swish first, the SE network scaled, SE removed
// last — prune-se keeps the scaled SE space and removes from the SE the network has.
TEST(S3nasCli, AddSeThenScaleThenPruneSe) {
  const fs::path data = train::test::make_tiny_folder("s3nas_cli_se", 96, 40);
  const fs::path dir = fresh_dir("paper_order");
  const std::string arch = "'r28|k3-x-x|k5-k5-x|k3-x-x|k3-x-k7|k5-k5-k7,k3-x-x'";
  const CliResult add = run_cli("s3nas add-se --arch " + arch + " --out " + (dir / "se").string());
  ASSERT_EQ(add.exit_code, 0) << add.output;
  EXPECT_NE(add.output.find("r28|k3-x-x-se|k5-k5-x-se|"), std::string::npos) << add.output;
  const std::string se = " --space " + (dir / "se" / "space.yaml").string() + " --arch @" +
                         (dir / "se" / "architecture.txt").string();
  const CliResult scale = run_cli("s3nas scale" + se + " --target-ms 0.06 --json --out " +
                                  (dir / "x").string());
  ASSERT_EQ(scale.exit_code, 0) << scale.output;
  const std::string scaled = " --space " + (dir / "x" / "space.yaml").string() + " --arch @" +
                             (dir / "x" / "architecture.txt").string();
  const CliResult prune = run_cli("s3nas prune-se" + scaled + " --steps 2 --batch 16 --remove 2 --score-images 32 "
                                  "--data " + data.string() + " --out " + (dir / "rm").string());
  ASSERT_EQ(prune.exit_code, 0) << prune.output;
  const auto report = read_json(dir / "rm" / "report.json");
  const auto scale_report = read_json(dir / "x" / "scale.json");
  EXPECT_EQ(report["space"], scale_report["chosen"]["space"]) << "prune-se must keep the scaled SE space";
  EXPECT_EQ(report["se_architecture"], scale_report["chosen"]["architecture"]);
  int removed = 0;
  for (const auto& b : report["se_blocks"]) removed += b["removed"].get<bool>();
  EXPECT_EQ(removed, 2);
  const auto& ms = report["latency_ms"];
  EXPECT_LT(ms["plain"].get<double>(), ms["pruned"].get<double>());
  EXPECT_LT(ms["pruned"].get<double>(), ms["se"].get<double>());
  // A network of the SE space with no SE left has nothing to remove.
  const CliResult none = run_cli("s3nas prune-se --space " + (dir / "rm" / "space.yaml").string() + " --arch " +
                                 "'" + report["plain_architecture"].get<std::string>() + "' --steps 1 --remove 1 --data " +
                                 data.string() + " --out " + (dir / "none").string());
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("has no SE layer to remove"), std::string::npos) << none.output;
}

}  // namespace
}  // namespace hwnas::test
