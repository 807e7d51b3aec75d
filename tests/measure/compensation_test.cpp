// measure --compensate on a stand-in drifting device (tests/measure/data/drifting_device.sh): its
// latency is the model file's size times a factor that swings by ±30 % over a 20 s period, so two
// networks measured 10 s apart see different factors. Compensated medians must keep the true ratio
// of their sizes; raw medians must not.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <fmt/core.h>

#include "../cli/cli_run.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/compensation.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace hwnas::test {
namespace {

using Clock = std::chrono::system_clock;

double now_seconds() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

std::string device_engine() {
  return "command:sh " + source_dir() + "/tests/measure/data/drifting_device.sh {onnx} 20";
}

// What the stand-in device reads: the size of the ONNX file the command engine writes.
double onnx_bytes(const space::Space& space, const arch::Architecture& a) {
  const graph::Graph g = graph::build(space, a);
  return static_cast<double>(exporting::export_onnx(g, exporting::random_weights(g, 0)).size());
}

// The smallest and the largest of a few samples: sizes far apart, so the ratio is unmistakable.
std::pair<arch::Architecture, arch::Architecture> small_and_large(const space::Space& space) {
  arch::Rng rng(3);
  std::vector<std::pair<double, arch::Architecture>> archs;
  for (int i = 0; i < 6; ++i) {
    auto a = arch::sample_uniform(space, rng, 128);
    archs.emplace_back(onnx_bytes(space, a), a);
  }
  std::sort(archs.begin(), archs.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return {archs.front().second, archs.back().second};
}

void sleep_until(double t) {
  const double wait = t - now_seconds();
  if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
}

TEST(Compensation, RecoversTheTrueRatioOfTwoNetworksMeasuredAtDifferentDrift) {
  const auto space = space::load_space("ofa-mbv3");
  const auto [small, large] = small_and_large(space);
  const double true_ratio = onnx_bytes(space, large) / onnx_bytes(space, small);
  ASSERT_GT(true_ratio, 1.2);

  // Drift phase 5 s (factor 1.3, flat) now; the second network is measured at phase 15 s (0.7).
  const double t0 = now_seconds() - 5.0;
  ASSERT_EQ(setenv("HWNAS_DRIFT_T0", fmt::format("{:.6f}", t0).c_str(), 1), 0);

  auto store = store::open_store(":memory:");
  measure::MeasureJob job;
  job.engine = device_engine();
  job.device_key = "drifting-test";
  job.protocol.with_warmup(2, 0).with_runs(15, 15).with_compensation(true);
  measure::LatencyMeasurer measurer(*store, job, "test");
  ASSERT_TRUE(measurer.measure(space, small));
  ASSERT_LT(now_seconds() - t0, 10.0) << "the machine is too slow for this schedule";
  sleep_until(t0 + 15.0);
  ASSERT_TRUE(measurer.measure(space, large));
  measurer.finish(store::RunStatus::complete);

  const auto a = store->find_measurement(measure::arch_record(space, small).hash, "drifting-test").value();
  const auto b = store->find_measurement(measure::arch_record(space, large).hash, "drifting-test").value();
  ASSERT_TRUE(a.compensated_median_s && b.compensated_median_s);
  const double compensated = *b.compensated_median_s / *a.compensated_median_s;
  const double raw = b.median_s / a.median_s;
  EXPECT_NEAR(compensated / true_ratio, 1.0, 0.01) << "compensated " << compensated << ", true " << true_ratio;
  EXPECT_GT(std::abs(raw / true_ratio - 1.0), 0.2) << "raw " << raw << ", true " << true_ratio;

  // One baseline for (device, space, resolution), stored; both medians were scaled by it.
  const auto baseline = store->find_reference_baseline("drifting-test", "ofa-mbv3", 128);
  ASSERT_TRUE(baseline);
  EXPECT_EQ(baseline->reference_hash, measure::arch_record(space, measure::typical_reference(space, 128)).hash);
  EXPECT_GT(baseline->baseline_s, 0);
  EXPECT_EQ(store->reference_baselines("drifting-test").size(), 1u);
  // The raw row is the network's own runs; the reference's are beside them, one per run.
  EXPECT_EQ(a.run_times_s.size(), 15u);
  EXPECT_EQ(a.reference_times_s.size(), 15u);
  EXPECT_TRUE(a.pair_correlation.has_value());
  EXPECT_LE(*a.compensated_ci_low_s, *a.compensated_median_s);
  EXPECT_GE(*a.compensated_ci_high_s, *a.compensated_median_s);
  unsetenv("HWNAS_DRIFT_T0");
}

TEST(Compensation, ANamedReferenceMustMatchTheStoredBaseline) {
  const auto space = space::load_space("ofa-mbv3");
  const auto [small, large] = small_and_large(space);
  auto store = store::open_store(":memory:");
  measure::MeasureJob job;
  job.engine = device_engine();
  job.device_key = "drifting-named";
  job.protocol.with_warmup(1, 0).with_runs(3, 3).with_compensation(true);
  job.reference = large;
  {
    measure::LatencyMeasurer measurer(*store, job, "test");
    ASSERT_TRUE(measurer.measure(space, small));
    measurer.finish(store::RunStatus::complete);
  }
  EXPECT_EQ(store->find_reference_baseline("drifting-named", "ofa-mbv3", 128)->reference_hash,
            measure::arch_record(space, large).hash);
  job.reference = small;
  measure::LatencyMeasurer other(*store, job, "test");
  EXPECT_THROW(other.measure(space, large), InputError);
  other.finish(store::RunStatus::failed);
}

TEST(CompensationCli, BaselineAndCorrelationAreShownAndExported) {
  TempDir dir("measure");
  const std::string db = " --db sqlite://" + (dir / "m.db").string();
  const std::string engine = " --engine '" + device_engine() + "'";
  const CliResult r = run_cli("measure --space ofa-mbv3 -n 2 --resolution 128 --warmup 1 --min-runs 5 --max-runs 5 "
                              "--reference-every 0 --compensate --device-key drift-cli" + engine + db);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("compensated against T_ref ofa-mbv3 r128"), std::string::npos) << r.output;

  const CliResult show = run_cli("db show --device-key drift-cli" + db);
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("comp. ms"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("drift-cli: T_ref ofa-mbv3 r128"), std::string::npos) << show.output;

  const std::string csv = (dir / "out.csv").string();
  const CliResult exported = run_cli("db export --csv " + csv + db);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  std::ifstream in(csv);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_NE(header.find(",compensated_median_ms,compensated_ci_low_ms,compensated_ci_high_ms,pair_correlation"),
            std::string::npos)
      << header;
  EXPECT_NE(row.back(), ',') << "the correlation column is filled: " << row;

  // The exported file imports back, compensated medians included.
  const std::string db2 = " --db sqlite://" + (dir / "back.db").string();
  const CliResult imported = run_cli("db import --csv " + csv + db2);
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const auto back = store::open_store((dir / "back.db").string())->measurements({});
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(back[0].compensated_median_s && back[0].pair_correlation);
}

}  // namespace
}  // namespace hwnas::test
