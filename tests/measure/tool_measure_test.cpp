// hwnas measure through the benchmark tools users run: stand-ins under tests/engine/data/tools/
// (on PATH here) print each tool's format; the store must hold the printed median in the right
// unit, the tool's statistics, the phone's facts for adb presets, and per-layer rows mapped onto
// the IR layers of a network of every shipped space.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/export/batch_norm_folding.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace hwnas::measure {
namespace {

namespace fs = std::filesystem;

const std::string kTools = hwnas::test::source_dir() + "/tests/engine/data/tools";

class ToolsOnPath : public ::testing::Test {
 protected:
  void SetUp() override {
    old_path_ = std::getenv("PATH");
    setenv("PATH", (kTools + ":" + old_path_).c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", old_path_.c_str(), 1);
    for (const char* v : {"FAKE_TOOL_FORMAT", "FAKE_TOOL_PROFILE", "FAKE_ADB_LOG", "FAKE_ADB_ROOT"}) unsetenv(v);
  }

  // One network of `space` measured with 3 timed runs; returns its stored row.
  store::MeasurementRecord measure(const std::string& engine, const std::string& space_name = "proxyless-fmnist",
                                   engine::EngineOptions options = {}, const arch::Architecture* given = nullptr) {
    const space::Space s = space::load_space(space_name);
    arch::Rng rng(1);
    const arch::Architecture a = given ? *given : arch::sample_uniform(s, rng, s.default_resolution);
    MeasureJob job;
    job.engine = engine;
    job.engine_options = std::move(options);
    job.protocol.with_warmup(1, 0).with_runs(3, 3);
    job.device_key = "test-device";
    store_ = store::open_store(":memory:");
    LatencyMeasurer measurer(*store_, job, "test");
    EXPECT_TRUE(measurer.measure(s, a));
    measurer.finish(store::RunStatus::complete);
    auto row = store_->find_measurement(arch_record(s, a).hash, "test-device");
    EXPECT_TRUE(row);
    return row ? *row : store::MeasurementRecord{};
  }

  test::TempDir dir_{"tools"};
  std::string old_path_;
  std::unique_ptr<store::Store> store_;
};

struct Format {
  const char* command;
  const char* variant;
  double median_s;
  const char* tool;
  const char* statistic;
};

TEST_F(ToolsOnPath, EveryFormatStoresThePrintedFigureInSeconds) {
  const std::vector<Format> formats = {
      {"trtexec --onnx={onnx}", "v8", 1.30e-3, "trtexec", "median"},
      {"trtexec --onnx={onnx}", "v7", 0.106934e-3, "trtexec", "median"},
      {"benchmark_model --graph={onnx}", "new", 79525e-6, "benchmark_model", "median"},
      {"benchmark_model --graph={onnx}", "old", 79760.9e-6, "benchmark_model", "mean"},
      {"benchmark_app -m {onnx}", "text", 2.95e-3, "benchmark_app", "median"},
      {"benchmark_app -m {onnx}", "old", 35.36e-3, "benchmark_app", "median"},
      {"benchmark_app -m {onnx}", "json", 2.95e-3, "benchmark_app", "median"},
      {"onnxruntime_perf_test -I {onnx}", "new", 0.0603, "onnxruntime_perf_test", "median"},
      {"onnxruntime_perf_test -I {onnx}", "old", 62.29e-3, "onnxruntime_perf_test", "mean"},
      {"speed_benchmark_torch --model={ptl}", "pep", 12300e-6, "speed_benchmark_torch", "median"},
      {"speed_benchmark_torch --model={ptl}", "mean", 12345.6e-6, "speed_benchmark_torch", "mean"},
  };
  for (const auto& f : formats) {
    SCOPED_TRACE(std::string(f.command) + " / " + f.variant);
    setenv("FAKE_TOOL_FORMAT", f.variant, 1);
    const auto row = measure(std::string("command:") + f.command);
    EXPECT_DOUBLE_EQ(row.median_s, f.median_s);
    EXPECT_EQ(row.tool_stats.value("tool", ""), f.tool);
    EXPECT_EQ(row.tool_stats.value("statistic", ""), f.statistic);
    ASSERT_EQ(row.tool_stats["runs"].size(), 3u);  // the timed runs' own summaries, warm-up excluded
  }
  setenv("FAKE_TOOL_FORMAT", "v8", 1);
  const auto trt = measure("command:trtexec --onnx={onnx}");
  EXPECT_DOUBLE_EQ(trt.tool_stats["runs"][0]["p99_s"].get<double>(), 1.48e-3);
  EXPECT_DOUBLE_EQ(trt.tool_stats["runs"][0]["gpu_compute_median_s"].get<double>(), 1.25e-3);
  EXPECT_EQ(trt.tool_stats["unit"], "ms");
}

TEST_F(ToolsOnPath, TruncatedOutputFailsTheRunNamingTheToolWithItsTail) {
  setenv("FAKE_TOOL_FORMAT", "truncated", 1);
  try {
    measure("command:trtexec --onnx={onnx}");
    FAIL() << "a truncated trtexec log was accepted";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("TensorRT trtexec output without its summary"), std::string::npos) << message;
    EXPECT_NE(message.find("Unsupported SM"), std::string::npos) << message;  // the output's tail
  }
}

TEST_F(ToolsOnPath, AdbPresetsPushPinAndRecordThePhone) {
  const std::string log = (dir_ / "adb.log").string();
  setenv("FAKE_ADB_LOG", log.c_str(), 1);
  setenv("FAKE_ADB_ROOT", (dir_ / "phone").c_str(), 1);
  setenv("FAKE_TOOL_FORMAT", "new", 1);
  engine::EngineOptions options;
  options.adb_serial = "R5CT10ABCD";
  const auto tflite = measure("tflite-adb", "proxyless-fmnist", options);
  EXPECT_DOUBLE_EQ(tflite.median_s, 79525e-6);
  const auto& phone = tflite.fingerprint["device"];
  EXPECT_EQ(phone["model"], "Pixel 7");
  EXPECT_EQ(phone["soc"], "GS201");
  EXPECT_EQ(phone["android"], "14");
  EXPECT_EQ(phone["governor"], "schedutil");
  std::ifstream in(log);
  std::stringstream commands;
  commands << in.rdbuf();
  const std::string text = commands.str();
  EXPECT_NE(text.find("adb -s R5CT10ABCD push "), std::string::npos) << text;
  EXPECT_NE(text.find(" /data/local/tmp/hwnas_model.tflite"), std::string::npos) << text;
  EXPECT_NE(text.find("shell taskset f0 /data/local/tmp/benchmark_model --graph=/data/local/tmp/hwnas_model.tflite"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("shell cat /sys/devices/system/cpu/cpu4/cpufreq/scaling_governor"), std::string::npos);
  EXPECT_EQ(text.find("adb push"), std::string::npos) << "a command without the serial: " << text;

  setenv("FAKE_TOOL_FORMAT", "pep", 1);
  const auto torch = measure("pytorch-mobile-adb", "proxyless-fmnist", options);
  EXPECT_DOUBLE_EQ(torch.median_s, 12300e-6);
  EXPECT_GT(fs::file_size(dir_ / "phone/data/local/tmp/hwnas_model.ptl"), 1000u);
}

// The ONNX node names of the network's export, with the IR layer each node's op belongs to. Node
// names number ops of the exported graph, which has its batch norms folded into the convolutions.
std::vector<std::pair<std::string, std::string>> nodes_and_layers(const graph::Graph& network) {
  const auto weights = exporting::random_weights(network, 0);
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(exporting::export_onnx(network, weights)));
  const graph::Graph g = exporting::fold_batch_norms(network, weights).graph;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& node : model.graph().node()) {
    // The op index is the number ending the node name's op part ("u1.l2/conv17" or "…/mul9/gate").
    const std::string& name = node.name();
    std::size_t end = name.find_last_of("0123456789");
    std::size_t begin = end;
    while (begin > 0 && std::isdigit(static_cast<unsigned char>(name[begin - 1]))) --begin;
    const int idx = std::stoi(name.substr(begin, end - begin + 1));
    const int layer = g.op(idx).layer;
    out.emplace_back(name, layer >= 0 ? g.layers[static_cast<std::size_t>(layer)].name : std::string());
  }
  return out;
}

TEST_F(ToolsOnPath, PerLayerRowsMapOntoIrLayersInEveryShippedSpace) {
  for (const auto& space_name : space::list_spaces()) {
    SCOPED_TRACE(space_name);
    const space::Space s = space::load_space(space_name);
    arch::Rng rng(2);
    const arch::Architecture a = arch::sample_uniform(s, rng, s.default_resolution);
    const auto nodes = nodes_and_layers(graph::build(s, a));
    ASSERT_GT(nodes.size(), 2u);
    // TensorRT-style rows: pairs of nodes fused into one ("a + b"), each with its own time.
    const std::string profile = (dir_ / "profile.tsv").string();
    std::vector<std::set<std::string>> expected;
    {
      std::ofstream out(profile);
      for (std::size_t i = 0; i < nodes.size(); i += 2) {
        std::string row = nodes[i].first;
        std::set<std::string> layers = {nodes[i].second};
        if (i + 1 < nodes.size()) {
          row += " + " + nodes[i + 1].first;
          layers.insert(nodes[i + 1].second);
        }
        layers.erase("");
        out << row << "\t" << 0.001 * static_cast<double>(i + 1) << "\n";
        expected.push_back(layers);
      }
    }
    setenv("FAKE_TOOL_PROFILE", profile.c_str(), 1);
    const auto row = measure("command:trtexec --onnx={onnx} --dumpProfile", space_name, {}, &a);
    ASSERT_EQ(row.layers.size(), expected.size());
    for (std::size_t r = 0; r < expected.size(); ++r) {
      const std::set<std::string> got(row.layers[r].ir_layers.begin(), row.layers[r].ir_layers.end());
      EXPECT_EQ(got, expected[r]) << row.layers[r].tool_layer;
      EXPECT_NEAR(row.layers[r].seconds, 1e-6 * static_cast<double>(2 * r + 1), 1e-9) << row.layers[r].tool_layer;
    }
  }
}

TEST_F(ToolsOnPath, TfliteAndOpenvinoProfilesMapToo) {
  const space::Space s = space::load_space("ofa-mbv3-fmnist");
  arch::Rng rng(3);
  const arch::Architecture a = arch::sample_uniform(s, rng, s.default_resolution);
  const auto nodes = nodes_and_layers(graph::build(s, a));
  const std::string profile = (dir_ / "profile.tsv").string();
  {
    std::ofstream out(profile);
    for (std::size_t i = 0; i < nodes.size(); ++i) out << nodes[i].first << "\t" << 0.5 << "\n";
  }
  setenv("FAKE_TOOL_PROFILE", profile.c_str(), 1);
  for (const std::string engine : {"command:benchmark_model --graph={onnx} --enable_op_profiling=true",
                                   "command:benchmark_app -m {onnx} -report_type detailed_counters -report_folder {dir} "
                                   "&& cat {dir}/benchmark_detailed_counters_report.csv"}) {
    SCOPED_TRACE(engine);
    const auto row = measure(engine, s.name, {}, &a);
    ASSERT_EQ(row.layers.size(), nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const std::vector<std::string> want = nodes[i].second.empty() ? std::vector<std::string>{}
                                                                    : std::vector<std::string>{nodes[i].second};
      EXPECT_EQ(row.layers[i].ir_layers, want) << row.layers[i].tool_layer;
      EXPECT_DOUBLE_EQ(row.layers[i].seconds, 0.5e-3);
    }
  }
}

}  // namespace
}  // namespace hwnas::measure
