// latency:<device key> reads medians from the store, refuses what it cannot serve, and measures what
// is missing only when asked — with the device's own engine and protocol settings.
#include <gtest/gtest.h>

#include "../store/store_test_util.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

std::vector<arch::Architecture> small_archs(const space::Space& space, int n) {
  arch::Rng rng(5);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < n; ++i) archs.push_back(arch::sample_uniform(space, rng, 128));
  return archs;
}

TEST(StoreLatencyMetric, NeedsAStoreAndAKnownDevice) {
  EXPECT_THROW(metric::open_metric("latency:cpu-x@h"), InputError);
  TempDir dir("metric");
  const std::string url = "sqlite://" + (dir / "m.db").string();
  try {
    metric::open_metric("latency:nowhere@h", {url, false});
    FAIL() << "an unknown key must be refused";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nowhere@h"), std::string::npos) << e.what();
  }
}

TEST(StoreLatencyMetric, MissingValuesAreGapsUnlessMeasuringIsAllowed) {
  const auto space = space::load_space("ofa-mbv3");
  const auto archs = small_archs(space, 3);
  TempDir dir("metric");
  const std::string url = "sqlite://" + (dir / "m.db").string();
  const std::string key = "test-ts@" + measure::hostname();
  {
    // A quick protocol, recorded with the device: later measure-missing calls must reuse it.
    auto store = store::open_store(url);
    measure::MeasureJob job;
    job.device_key = key;
    job.protocol.with_warmup(1, 0).with_runs(3, 3);
    measure::LatencyMeasurer measurer(*store, job, "test");
    ASSERT_TRUE(measurer.measure(space, archs[0]));
    measurer.finish(store::RunStatus::complete);
  }
  auto read_only = metric::open_metric("latency:" + key, {url, false});
  const auto values = read_only->evaluate(space, archs);
  ASSERT_EQ(values.size(), 3u);
  ASSERT_TRUE(values[0]);
  EXPECT_GT(*values[0], 0.0);
  EXPECT_EQ(read_only->unit(), "ms");
  EXPECT_FALSE(values[1]);
  EXPECT_FALSE(values[2]);

  {
    auto measuring = metric::open_metric("latency:" + key, {url, true});
    const auto filled = measuring->evaluate(space, archs);
    EXPECT_DOUBLE_EQ(*filled[0], *values[0]);  // stored values are read, not re-measured
    ASSERT_TRUE(filled[1]);
    ASSERT_TRUE(filled[2]);
  }
  auto store = store::open_store(url);
  const auto m = store->find_measurement(measure::arch_record(space, archs[2]).hash, key);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->runs, 3);
  EXPECT_EQ(m->protocol.value("min_runs", 0), 3);
}

TEST(StoreLatencyMetric, ReadsTheCompensatedMedianWherePresentAndTheRawOneOnRequest) {
  const auto space = space::load_space("ofa-mbv3");
  const auto archs = small_archs(space, 2);
  TempDir dir("metric");
  const std::string url = "sqlite://" + (dir / "m.db").string();
  {
    auto store = store::open_store(url);
    store->put_device(sample_device("comp@test"));
    for (std::size_t i = 0; i < archs.size(); ++i) {
      const auto rec = measure::arch_record(space, archs[i]);
      auto m = sample_measurement(rec, "comp@test", 0.010);
      if (i == 0) m.compensated_median_s = 0.012;
      store->put_measurement(rec, m);
    }
  }
  const auto read = metric::open_metric("latency:comp@test", {url, false})->evaluate(space, archs);
  const auto raw_source = metric::open_metric("latency:comp@test:raw", {url, false});
  const auto raw = raw_source->evaluate(space, archs);
  EXPECT_DOUBLE_EQ(*read[0], 12.0);
  EXPECT_DOUBLE_EQ(*read[1], 10.0);  // no compensated median: the median
  EXPECT_DOUBLE_EQ(*raw[0], 10.0);
  EXPECT_DOUBLE_EQ(*raw[1], 10.0);
  EXPECT_EQ(raw_source->spec(), "latency:comp@test:raw");
}

TEST(StoreLatencyMetric, MeasuringForAnotherHostIsRefused) {
  TempDir dir("metric");
  const std::string url = "sqlite://" + (dir / "m.db").string();
  const auto space = space::load_space("ofa-mbv3");
  auto source = metric::open_metric("latency:cpu-torchscript-t1@not-" + measure::hostname(), {url, true});
  EXPECT_THROW(source->evaluate(space, small_archs(space, 1)), InputError);
}

TEST(OpenMetric, UnknownSpecListsTheAcceptedForms) {
  try {
    metric::open_metric("speed");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("latency:<device key>"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hwnas::test
