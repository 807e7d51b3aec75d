// The benchmark tools' outputs, as their sources print them, read by tool_output/tool_parsers.
// Each sample under data/tool_output/ copies the tool's format; the source line is quoted per test.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"
#include "support/test_paths.hpp"

namespace hwnas::engine {
namespace {

std::string sample(const std::string& name) {
  std::ifstream in(hwnas::test::source_dir() + "/tests/engine/data/tool_output/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ToolReport read(const std::string& name, std::string_view parser = "auto") {
  auto reading = read_tool_output(sample(name), parser);
  EXPECT_TRUE(reading.report) << name << ": " << reading.error;
  return reading.report ? *reading.report : ToolReport{};
}

double stat(const ToolReport& r, const char* key) { return r.stats.value(key, -1.0); }

// sampleReporting.cpp: "Latency: min = … ms, max = …, mean = …, median = …, percentile(90%) = …"
TEST(ToolOutput, TrtexecTakesTheLatencyMedianNotGpuComputeTime) {
  const auto r = read("trtexec_v8.txt");
  EXPECT_EQ(r.tool, "trtexec");
  EXPECT_DOUBLE_EQ(r.seconds, 1.30e-3);
  EXPECT_EQ(r.statistic, "median");
  EXPECT_EQ(r.unit, "ms");
  EXPECT_DOUBLE_EQ(stat(r, "min_s"), 1.20e-3);
  EXPECT_DOUBLE_EQ(stat(r, "max_s"), 1.50e-3);
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 1.31e-3);
  EXPECT_DOUBLE_EQ(stat(r, "p90_s"), 1.40e-3);
  EXPECT_DOUBLE_EQ(stat(r, "p95_s"), 1.42e-3);
  EXPECT_DOUBLE_EQ(stat(r, "p99_s"), 1.48e-3);
  EXPECT_DOUBLE_EQ(stat(r, "gpu_compute_median_s"), 1.25e-3);
  EXPECT_DOUBLE_EQ(stat(r, "throughput_qps"), 763.4);
}

// TensorRT 7: "Latency: min = …, max = …, mean = …, median = …, percentile(99%) = …"; the
// "End-to-End Host Latency" line that follows is not the Latency line.
TEST(ToolOutput, TrtexecOlderBuildsPrintOnlyThe99thPercentile) {
  const auto r = read("trtexec_v7.txt");
  EXPECT_DOUBLE_EQ(r.seconds, 0.106934e-3);
  EXPECT_DOUBLE_EQ(stat(r, "p99_s"), 0.12204e-3);
  EXPECT_FALSE(r.stats.contains("p90_s"));
}

// TensorRT 8.2's Profiler::print (samples/common/sampleReporting.cpp): "=== Profile (" <<
// mUpdatesCount << " iterations ) ===", then setw(nameLength) << p.name, time setprecision(2),
// "Avg. Time (ms)" setprecision(4), "Time %" setprecision(1), and a "Total" row.
TEST(ToolOutput, TrtexecProfileRowsKeepTheirNamesAndAverages) {
  const auto r = read("trtexec_profile_v8_2.txt");
  ASSERT_EQ(r.layers.size(), 4u);  // Total is not a layer
  EXPECT_EQ(r.layers[0].name, "Reformatting CopyNode for Input Tensor 0 to stem.0/conv1");
  EXPECT_EQ(r.layers[1].name, "stem.0/conv1 + PWN(stem.0/activation2)");
  EXPECT_DOUBLE_EQ(r.layers[1].seconds, 0.04e-3);  // 81.92 ms over 2048 iterations, printed 0.0400
  EXPECT_DOUBLE_EQ(r.layers[3].seconds, 0.01e-3);
  EXPECT_DOUBLE_EQ(r.seconds, 0.106934e-3);
}

TEST(ToolOutput, TruncatedOutputIsAFailureNamingTheTool) {
  for (const char* name : {"trtexec_truncated.txt", "tflite_truncated.txt"}) {
    const auto reading = read_tool_output(sample(name));
    EXPECT_FALSE(reading.report) << name;
    EXPECT_TRUE(reading.error.find("trtexec") != std::string::npos ||
                reading.error.find("benchmark_model") != std::string::npos)
        << reading.error;
    EXPECT_NE(reading.error.find("without its summary"), std::string::npos) << reading.error;
  }
  EXPECT_NE(read_tool_output("hello\n").error.find("no latency"), std::string::npos);
}

// benchmark_model.cc: "Inference timings in us: Init: …, First inference: …, Warmup (avg): …,
// Inference (avg): …"; Stat::OutputToStream: "count=… first=… curr=… min=… max=… avg=… std=…",
// newer builds adding "p5=… median=… p95=…". The last count= line is the timed phase's.
TEST(ToolOutput, TfliteTakesTheMedianOfTheTimedPhaseInMicroseconds) {
  const auto r = read("tflite_new.txt");
  EXPECT_EQ(r.tool, "benchmark_model");
  EXPECT_DOUBLE_EQ(r.seconds, 79525e-6);
  EXPECT_EQ(r.statistic, "median");
  EXPECT_EQ(r.unit, "us");
  EXPECT_DOUBLE_EQ(stat(r, "count"), 50);
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 79760.9e-6);
  EXPECT_DOUBLE_EQ(stat(r, "std_s"), 1929e-6);
  EXPECT_DOUBLE_EQ(stat(r, "min_s"), 77385e-6);
  EXPECT_DOUBLE_EQ(stat(r, "p95_s"), 84420e-6);
  EXPECT_DOUBLE_EQ(stat(r, "init_s"), 38467e-6);
}

// Older benchmark_model: "Average inference timings in us: Warmup: …, Init: …, Inference: …", no
// median anywhere: the mean is recorded and the count= line kept.
TEST(ToolOutput, TfliteOlderBuildsGiveTheMean) {
  const auto r = read("tflite_old.txt");
  EXPECT_DOUBLE_EQ(r.seconds, 79760.9e-6);
  EXPECT_EQ(r.statistic, "mean");
  EXPECT_DOUBLE_EQ(stat(r, "count"), 50);
  EXPECT_DOUBLE_EQ(stat(r, "stat_mean_s"), 79732e-6);
  EXPECT_DOUBLE_EQ(stat(r, "max_s"), 88213e-6);
}

// LiteRT's profile summarizer prints the Run Order table blank-separated:
// absl::StrFormat("%30s %10.3f %10.3f %9.3f%% %9.3f%% %10.3f %10d %s\n", node_type, first_ms, avg_ms, …)
TEST(ToolOutput, TfliteRunOrderTableBlankSeparated) {
  const auto r = read("tflite_litert_profile.txt");
  ASSERT_EQ(r.layers.size(), 3u);
  EXPECT_EQ(r.layers[1].name, "u1.l0/conv5 fused");  // the name is the rest of the line
  EXPECT_EQ(r.layers[1].type, "DEPTHWISE_CONV_2D");
  EXPECT_DOUBLE_EQ(r.layers[1].seconds, 0.030e-3);
}

// benchmark_app step 11, LatencyMetrics::write_to_slog (statistics_report.cpp): "\tMedian:     " <<
// … << " ms", "\tAverage:    ", "\tMin:        ", "\tMax:        " ("Avg:" in older releases); with
// -latency_percentile N the first line is "\t" << N << " percentile:    " instead of the median.
TEST(ToolOutput, OpenvinoLatencyBlockOldAndNewAndPercentile) {
  auto r = read("openvino_text.txt");
  EXPECT_EQ(r.tool, "benchmark_app");
  EXPECT_DOUBLE_EQ(r.seconds, 2.95e-3);
  EXPECT_EQ(r.statistic, "median");
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 3.02e-3);
  EXPECT_DOUBLE_EQ(stat(r, "max_s"), 7.36e-3);
  EXPECT_DOUBLE_EQ(stat(r, "count"), 1638);
  r = read("openvino_old.txt");
  EXPECT_DOUBLE_EQ(r.seconds, 35.36e-3);
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 36.12e-3);
  r = read("openvino_percentile.txt");
  EXPECT_EQ(r.statistic, "mean");
  EXPECT_DOUBLE_EQ(r.seconds, 3.02e-3);
  EXPECT_DOUBLE_EQ(stat(r, "p90_s"), 3.31e-3);
}

// StatisticsReportJSON (-json_stats): "execution_results" holds LatencyMetrics::to_json() objects,
// {"data_shape", "latency_median", "latency_average", "latency_min", "latency_max"}, in ms.
TEST(ToolOutput, OpenvinoJsonReport) {
  const auto r = read("openvino_json.txt", "openvino");
  EXPECT_DOUBLE_EQ(r.seconds, 2.95e-3);
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 3.02e-3);
  EXPECT_DOUBLE_EQ(stat(r, "min_s"), 2.81e-3);
  EXPECT_DOUBLE_EQ(stat(r, "max_s"), 7.36e-3);
}

// performance_runner.cpp: "Average inference time cost: " << … << " ms" and, from 1.10,
// "P50 Latency: " << … << " s" — the percentiles are in seconds.
TEST(ToolOutput, OrtPerfTestReadsSecondsAndMilliseconds) {
  auto r = read("ort_perf_new.txt");
  EXPECT_EQ(r.tool, "onnxruntime_perf_test");
  EXPECT_DOUBLE_EQ(r.seconds, 0.0603);
  EXPECT_EQ(r.unit, "s");
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 62.29e-3);
  EXPECT_DOUBLE_EQ(stat(r, "p99_s"), 0.0822561);
  EXPECT_DOUBLE_EQ(stat(r, "count"), 100);
  r = read("ort_perf_old.txt");
  EXPECT_DOUBLE_EQ(r.seconds, 62.29e-3);
  EXPECT_EQ(r.statistic, "mean");
  EXPECT_EQ(r.unit, "ms");
}

// speed_benchmark_torch.cc: "Main run finished. Microseconds per iter: " << micros / iters, and with
// --report_pep: PyTorchObserver {"type": "NET", "unit": "us", "metric": "latency", "value": "…"}.
TEST(ToolOutput, SpeedBenchmarkTorchMedianOfIterationsElseMean) {
  auto r = read("torch_pep.txt");
  EXPECT_EQ(r.tool, "speed_benchmark_torch");
  EXPECT_DOUBLE_EQ(r.seconds, 12300e-6);
  EXPECT_EQ(r.statistic, "median");
  EXPECT_DOUBLE_EQ(stat(r, "mean_s"), 12600e-6);
  EXPECT_DOUBLE_EQ(stat(r, "max_s"), 13900e-6);
  r = read("torch_mean.txt");
  EXPECT_DOUBLE_EQ(r.seconds, 12345.6e-6);
  EXPECT_EQ(r.statistic, "mean");
}

TEST(ToolOutput, PlainFormsKeepTheirJsonFields) {
  auto reading = read_tool_output(R"({"latency_ms": 7.25, "p25_ms": 7.0, "runs": 30})");
  ASSERT_TRUE(reading.report) << reading.error;
  EXPECT_EQ(reading.report->tool, "latency");
  EXPECT_DOUBLE_EQ(reading.report->seconds, 7.25e-3);
  EXPECT_EQ(reading.report->stats["runs"], 30);
  reading = read_tool_output("latency: 850 us\n");
  EXPECT_DOUBLE_EQ(reading.report->seconds, 850e-6);
}

TEST(ToolOutput, AChosenParserReadsOnlyItsTool) {
  const auto reading = read_tool_output(sample("ort_perf_new.txt"), "trtexec");
  EXPECT_FALSE(reading.report);
  EXPECT_NE(reading.error.find("TensorRT trtexec"), std::string::npos) << reading.error;
  // The plain parser alone takes ORT's last "… Latency: X s" line, P999: why tools are tried first.
  EXPECT_DOUBLE_EQ(read("ort_perf_new.txt", "latency").seconds, 0.0839176);
  EXPECT_THROW(read_tool_output("", "tensorrt"), InputError);
}

}  // namespace
}  // namespace hwnas::engine
