// `hwnas hurricane generate`, `distribution` and `search` as a user runs them, on exact cost metrics
// and, for search, on a measured engine.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../cli/cli_run.hpp"
#include "../cli/exported_model_check.hpp"
#include "../predict/synthetic_latency.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = hwnas::test::process_temp_dir().path() / ("hwnas_hurricane_cli_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(HurricaneCli, GenerateWritesASpaceEveryCommandAccepts) {
  const fs::path dir = fresh_dir("generate");
  const fs::path out = dir / "gen.yaml";
  const CliResult r = run_cli("hurricane generate --metric flops --alpha 0.01 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Output shape"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("7^2 x 640"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(dir / "gen.scores.csv"));
  const CliResult size = run_cli("size --space " + out.string());
  ASSERT_EQ(size.exit_code, 0) << size.output;
  // 4^16 · 5^4 architectures, as HURRICANE §3.1 counts.
  EXPECT_NE(size.output.find("2684354560000"), std::string::npos) << size.output;
  const CliResult sample = run_cli("sample --space " + out.string() + " --count 3");
  EXPECT_EQ(sample.exit_code, 0) << sample.output;
}

TEST(HurricaneCli, RandomBackgroundAndBadOptions) {
  const fs::path dir = fresh_dir("random");
  const CliResult r = run_cli("hurricane generate --space spos --metric macs --p 2 --explore 0 --background random "
                              "--samples 5 --out " + (dir / "g.yaml").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("5 random backgrounds"), std::string::npos) << r.output;
  const CliResult bad = run_cli("hurricane generate --space spos --metric macs --p 5 --out " + (dir / "b.yaml").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--p 5"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir / "b.yaml"));
}

TEST(HurricaneCli, DistributionWritesFigureAndCsv) {
  const fs::path dir = fresh_dir("distribution");
  const CliResult r = run_cli("hurricane distribution --metric macs --space spos hurricane --samples 500 --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* f : {"latency-distribution.csv", "latency-summary.csv", "latency-distribution.png", "latency-distribution.gp"}) {
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  }
  EXPECT_NE(r.output.find("median"), std::string::npos) << r.output;
}

TEST(HurricaneCli, UnreachableConstraintExitsTwoWithTheSmallestLatency) {
  const CliResult r = run_cli("hurricane search --space hurricane-fmnist --constraint 'macs<=1e5'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("unreachable"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("smallest reachable latency is"), std::string::npos) << r.output;
  const CliResult bad = run_cli("hurricane search --space hurricane-fmnist --constraint 'macs>=1e5'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

// A tiny real run: both stages train the supernet on Fashion-MNIST and the winner meets the constraint.
TEST(HurricaneCli, TwoStageSearchRunsEndToEnd) {
  const fs::path dir = fresh_dir("search");
  const fs::path gen = dir / "gen.yaml";
  ASSERT_EQ(run_cli("hurricane generate --space hurricane-fmnist --metric macs --p 2 --explore 0 --out " + gen.string()).exit_code, 0);
  const fs::path out = dir / "result.json";
  const CliResult r = run_cli("hurricane search --space " + gen.string() +
                              " --constraint 'macs<=2e6' --t 8 --iters 20 --batch 16 --generations 1 --population 4 "
                              "--train-images 512 --val-images 1000 --search-images 100 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["stages"].size(), 2u);
  EXPECT_EQ(j["stages"][0]["active_layers"].size(), 12u);
  EXPECT_EQ(j["stages"][1]["active_layers"].size(), 8u);
  EXPECT_EQ(j["iterations"], 40);
  EXPECT_LE(j["latency"].get<double>(), 2e6);
  EXPECT_GE(j["test_accuracy"].get<double>(), 0);
}

// HURRICANE's flow on a latency predictor: the generated space and both stage spaces are scored
// by a predictor trained on the space they came from (each records it as derived_from).
TEST(HurricaneCli, SearchOnAPredictorOfTheOriginalSpace) {
  const fs::path dir = fresh_dir("predictor");
  const auto space = space::load_space("hurricane-fmnist");
  predict::LayerContexts contexts(space);
  arch::Rng rng(5);
  std::vector<predict::Sample> samples;
  for (int i = 0; i < 80; ++i) {
    const auto a = arch::sample_uniform(space, rng);
    samples.push_back({a, arch::arch_hash(space, a), synthetic_latency_ms(contexts, a)});
  }
  write_store(dir / "lat.db", space, samples);
  const fs::path model = dir / "ridge.json";
  const CliResult train = run_cli("predictor train --kind ridge --space hurricane-fmnist --device-key " +
                                  std::string(kSyntheticDevice) + " --db " + (dir / "lat.db").string() +
                                  " --out " + model.string());
  ASSERT_EQ(train.exit_code, 0) << train.output;
  const fs::path gen = dir / "gen.yaml";
  ASSERT_EQ(run_cli("hurricane generate --space hurricane-fmnist --metric macs --p 2 --explore 0 --out " + gen.string()).exit_code, 0);
  std::vector<double> values;
  for (const auto& s : samples) values.push_back(s.value);
  std::nth_element(values.begin(), values.begin() + 40, values.end());
  const fs::path out = dir / "result.json";
  const CliResult r = run_cli("hurricane search --space " + gen.string() + " --constraint 'latency:pred:" + model.string() +
                              "<=" + std::to_string(values[40]) + "' --t 8 --iters 4 --batch 16 --generations 1 "
                              "--population 4 --train-images 256 --val-images 1000 --search-images 50 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["stages"].size(), 2u);
  EXPECT_LE(j["latency"].get<double>(), values[40]);
}

// Algorithm 1's last line: the winner retrained from scratch (cosine decay) and tested on t10k.
TEST(HurricaneCli, RetrainTrainsTheWinnerFromScratch) {
  const fs::path dir = fresh_dir("retrain");
  const CliResult sample = run_cli("sample --space hurricane-fmnist -n 1 --seed 4");
  ASSERT_EQ(sample.exit_code, 0) << sample.output;
  const std::string arch = sample.output.substr(0, sample.output.find('\n'));
  const fs::path out = dir / "retrain.json";
  const fs::path saved = dir / "winner";
  const CliResult r = run_cli("hurricane retrain --space hurricane-fmnist --arch '" + arch + "' --iters 40 --batch 32 "
                              "--lr 0.1 --out " + out.string() + " --save " + saved.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["architecture"], arch);
  EXPECT_EQ(j["iterations"], 40);
  EXPECT_GT(j["test_accuracy"].get<double>(), 20.0);  // chance is 10%

  // The winner leaves with its trained weights: ONNX (BN folded) in ONNX Runtime computes what the
  // TorchScript export (BN as trained) computes on the same input.
  const CliResult exported = run_cli("export --supernet " + saved.string() + " --arch @" +
                                     (saved / "architecture.txt").string() + " --onnx " + (dir / "w.onnx").string() +
                                     " --torchscript " + (dir / "w.pt").string());
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("retrained HURRICANE network"), std::string::npos) << exported.output;
  std::string error;
  const double difference = onnx_vs_torchscript(dir / "w.onnx", dir / "w.pt", {1, 1, 28, 28}, error);
  EXPECT_GE(difference, 0) << error;
  EXPECT_LT(difference, 1e-4);
  const CliResult bad = run_cli("hurricane retrain --space hurricane-fmnist --arch 'r28|nonsense' --iters 1");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

std::size_t csv_rows(const fs::path& file) {
  std::ifstream in(file);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) lines += line.empty() ? 0 : 1;
  return lines - 1;  // header
}

// On a measured CPU, --measure-missing lets the search time the candidates the store lacks.
TEST(HurricaneCli, SearchMeasuresMissingCandidatesOnAnEngine) {
  const fs::path dir = fresh_dir("measured");
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  const std::string key = std::string("test-hurricane-ts@") + host;
  const std::string db = " --db sqlite://" + (dir / "m.db").string();
  ASSERT_EQ(run_cli("measure --space hurricane-fmnist -n 1 --warmup 1 --min-runs 3 --max-runs 3 --reference-every 0 "
                    "--device-key " + key + db).exit_code, 0);
  const fs::path gen = dir / "gen.yaml";  // 2 ops per layer keeps the per-layer profile at 40 networks
  ASSERT_EQ(run_cli("hurricane generate --space hurricane-fmnist --metric macs --p 2 --explore 0 --out " + gen.string()).exit_code, 0);
  const CliResult r = run_cli("hurricane search --space " + gen.string() + " --constraint 'latency:" + key +
                              "<=1000' --t 0 --iters 2 --batch 16 --generations 1 --population 3 --train-images 256 "
                              "--val-images 1000 --search-images 50 --measure-missing" + db);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(run_cli("db export --csv " + (dir / "m.csv").string() + db).exit_code, 0);
  EXPECT_GT(csv_rows(dir / "m.csv"), 2u);  // the first network and at least the initial winner and a candidate
}

}  // namespace
}  // namespace hwnas::test
