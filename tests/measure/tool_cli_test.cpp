// The benchmark-tool back-ends end to end through the CLI: `hwnas engines`, `hwnas measure` with a
// stand-in trtexec on PATH, `hwnas db layers`, and `--engine ort` on this machine's CPU.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <algorithm>

#include "../cli/cli_run.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

class ToolCli : public ::testing::Test {
 protected:
  void SetUp() override {
    old_path_ = std::getenv("PATH");
    setenv("PATH", (source_dir() + "/tests/engine/data/tools:" + old_path_).c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", old_path_.c_str(), 1);
    unsetenv("FAKE_TOOL_PROFILE");
  }
  std::string db() const { return "sqlite://" + (dir_ / "t.db").string(); }

  std::string old_path_;
  TempDir dir_{"tool-cli"};
};

TEST_F(ToolCli, EnginesListsEveryPresetNameFirst) {
  const auto r = run_cli("engines");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> lines;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (const std::string name : {"trtexec", "tflite-adb", "openvino", "ort-perf", "pytorch-mobile-adb", "ort"}) {
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return l.rfind(name + " ", 0) == 0; }))
        << name << " in:\n" << r.output;
  }
  EXPECT_NE(r.output.find("needs: node"), std::string::npos) << r.output;
}

TEST_F(ToolCli, MeasureStoresTrtexecsMedianAndDbLayersShowsItsProfile) {
  std::ofstream(dir_ / "profile.tsv") << "Reformatting CopyNode for Input Tensor 0\t0.0125\n";
  setenv("FAKE_TOOL_PROFILE", (dir_ / "profile.tsv").c_str(), 1);
  auto r = run_cli("measure --space proxyless-fmnist -n 2 --engine 'command:trtexec --onnx={onnx} --dumpProfile' "
                   "--parser trtexec --warmup 0 --min-runs 3 --max-runs 3 --reference-every 0 --device-key trt-test "
                   "--json --db " + db());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  ASSERT_EQ(summary["rows"].size(), 2u);
  for (const auto& row : summary["rows"]) EXPECT_DOUBLE_EQ(row["median_ms"].get<double>(), 1.30);

  r = run_cli("db layers --device-key trt-test --json --db " + db());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto nets = nlohmann::json::parse(r.output);
  ASSERT_EQ(nets.size(), 2u);
  EXPECT_EQ(nets[0]["tool"], "trtexec");
  ASSERT_EQ(nets[0]["layers"].size(), 1u);
  EXPECT_EQ(nets[0]["layers"][0]["tool_layer"], "Reformatting CopyNode for Input Tensor 0");
  EXPECT_TRUE(nets[0]["layers"][0]["ir_layers"].empty());
  EXPECT_NEAR(nets[0]["layers"][0]["seconds"].get<double>(), 0.0125e-3, 1e-12);
}

// The whole path: trtexec's per-layer rows (every ONNX node, 0.01 ms each) stored and mapped, listed
// by db layers, then a lookup table trained from them and reported against the end-to-end medians.
TEST_F(ToolCli, LutFromStoredLayersThroughTheCli) {
  setenv("FAKE_TOOL_PROFILE", "from-model", 1);
  auto r = run_cli("measure --space proxyless-fmnist -n 6 --engine 'command:trtexec --onnx={onnx} --dumpProfile' "
                   "--warmup 0 --min-runs 3 --max-runs 3 --reference-every 0 --device-key trt-test --db " + db());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_cli("db layers --device-key trt-test --json --db " + db());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto nets = nlohmann::json::parse(r.output);
  ASSERT_EQ(nets.size(), 6u);
  for (const auto& net : nets) {
    ASSERT_GT(net["layers"].size(), 10u);
    for (const auto& row : net["layers"]) EXPECT_FALSE(row["ir_layers"].empty()) << row.dump();
    EXPECT_NEAR(net["layers_sum_s"].get<double>(), 0.01e-3 * static_cast<double>(net["layers"].size()), 1e-12);
  }
  const std::string lut = (dir_ / "lut.json").string();
  r = run_cli("predictor train --kind lut --from layers --space proxyless-fmnist --device-key trt-test --db " + db() +
              " --out " + lut);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("lut"), std::string::npos) << r.output;  // the evaluation row against end-to-end latency
  nlohmann::json saved;
  std::ifstream(lut) >> saved;
  EXPECT_EQ(saved["model"]["measured_with"]["source"], "per-layer rows stored with the measurements");
  EXPECT_GT(saved["model"]["entries_ms"].size(), 5u);
}

TEST_F(ToolCli, AWrongParserFailsNamingTheToolItExpected) {
  const auto r = run_cli("measure --space proxyless-fmnist -n 1 --engine 'command:trtexec --onnx={onnx}' "
                         "--parser ort-perf --warmup 0 --min-runs 3 --max-runs 3 --reference-every 0 --db " + db());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("onnxruntime_perf_test output without its summary"), std::string::npos) << r.output;
  EXPECT_NE(run_cli("measure --space proxyless-fmnist -n 1 --engine 'command:trtexec --onnx={onnx}' --parser nvidia "
                    "--db " + db()).output.find("unknown parser 'nvidia'"),
            std::string::npos);
}

TEST_F(ToolCli, OrtMeasuresOnThisCpuThroughOnnxRuntime) {
  ASSERT_TRUE(fs::exists(fs::path(source_dir()) / "build-deps" / "ort" / "node_modules" / "onnxruntime-node"))
      << "ONNX Runtime for node is missing: run scripts/install-deps.sh";
  const auto r = run_cli("measure --space proxyless-fmnist -n 1 --engine ort --warmup 0 --min-runs 3 --max-runs 3 "
                         "--reference-every 0 --json --db " + db());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_EQ(summary["device_key"].get<std::string>().rfind("cpu-ort-t1@", 0), 0u) << summary.dump();
  const double ms = summary["rows"][0]["median_ms"].get<double>();
  EXPECT_GT(ms, 0.0);
  EXPECT_LT(ms, 1000.0);
  const auto show = nlohmann::json::parse(run_cli("db show --json --db " + db()).output);
  EXPECT_EQ(show[0]["tool_stats"]["tool"], "latency");
  EXPECT_TRUE(show[0]["tool_stats"]["runs"][0].contains("ort"));  // ort_bench.mjs names its ONNX Runtime version
}

}  // namespace
}  // namespace hwnas::test
