// The measuring loop body with a store: resume skips without building, results land in the store,
// reference checks are interleaved.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <chrono>
#include <thread>

#include "hwnas/measure/record.hpp"
#include "hwnas/measure/session.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::measure {
namespace {

store::ArchRecord arch(int i) {
  return {"ofa-mbv3", "canonical", fmt::format("r224|net{}", i), fmt::format("{:016x}", i + 1), 224};
}

const ProtocolOptions kFast = ProtocolOptions{}.with_warmup(2, 0).with_runs(10, 50);

TEST(MeasureSession, MeasuresStoresAndResumesWithoutBuilding) {
  auto s = store::open_store(":memory:");
  const Fingerprint fp = collect_fingerprint("fake", "1", 1);
  const store::DeviceRecord device{"cpu-fake-t1@test", "fake", {{"threads", 1}}, fp.to_json()};
  int builds = 0;
  auto build = [&] {
    ++builds;
    return RunOnce([] { return 0.004; });
  };
  {
    MeasureSession session(*s, device, kFast, fp, s->begin_run("test"));
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(session.measure(arch(i), build));
    session.finish(store::RunStatus::interrupted);
  }
  EXPECT_EQ(builds, 3);
  const auto m = s->find_measurement(arch(1).hash, device.key);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->median_s, 0.004);
  EXPECT_EQ(m->runs, 10);
  EXPECT_EQ(m->warmup_runs, 2);
  EXPECT_EQ(m->precision_met, true);
  EXPECT_EQ(m->fingerprint["engine"], "fake");
  EXPECT_EQ(m->protocol["min_runs"], 10);

  MeasureSession again(*s, device, kFast, fp, s->begin_run("test again"));
  for (int i = 0; i < 4; ++i) again.measure(arch(i), build);
  EXPECT_EQ(builds, 4);  // only the new one was built
  EXPECT_EQ(again.skipped(), 3u);
  EXPECT_EQ(again.measured(), 1u);
  again.measure(arch(0), build, store::OnExisting::replace);
  EXPECT_EQ(builds, 5);
  EXPECT_EQ(s->measurements().size(), 4u);
}

TEST(MeasureSession, SplitsItsTimeIntoRunningTheNetworkAndItsOwn) {
  auto s = store::open_store(":memory:");
  const Fingerprint fp = collect_fingerprint("fake", "1", 1);
  const store::DeviceRecord device{"cpu-fake-t1@test", "fake", {}, fp.to_json()};
  MeasureSession session(*s, device, kFast, fp, std::nullopt);
  const auto slow_build = [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    return RunOnce([] { return 0.004; });  // no time passes in a run: the protocol's is bookkeeping
  };
  double protocol = 0;
  for (int i = 0; i < 3; ++i) protocol += session.measure(arch(i), slow_build)->wall_seconds;
  EXPECT_GE(session.own_seconds(), 0.09);  // the three builds
  EXPECT_DOUBLE_EQ(session.protocol_seconds(), protocol);
  EXPECT_LT(session.protocol_seconds(), 0.03);  // no build counted as running
  session.measure(arch(0), slow_build);           // skipped: nothing added
  EXPECT_DOUBLE_EQ(session.protocol_seconds(), protocol);
}

TEST(MeasureSession, ReferenceChecksEveryNNetworksPlusBaseline) {
  auto s = store::open_store(":memory:");
  const Fingerprint fp = collect_fingerprint("fake", "1", 1);
  const store::DeviceRecord device{"cpu-fake-t1@test", "fake", {}, fp.to_json()};
  MeasureSession session(*s, device, kFast, fp, std::nullopt);
  double reference_time = 0.010;
  session.monitor_reference({"ref-net", 224, [&] { return reference_time; }}, 2);
  for (int i = 0; i < 5; ++i) {
    reference_time += 0.001;  // a machine slowing down
    session.measure(arch(i), [] { return RunOnce([] { return 0.004; }); });
  }
  const auto checks = s->reference_checks(device.key);
  ASSERT_EQ(checks.size(), 3u);  // baseline, after network 2, after network 4
  EXPECT_DOUBLE_EQ(checks[0].median_s, 0.010);
  EXPECT_DOUBLE_EQ(checks[1].median_s, 0.012);
  EXPECT_DOUBLE_EQ(checks[2].median_s, 0.014);
  EXPECT_EQ(checks[2].repeat, 3);
  EXPECT_EQ(s->find_architecture("@reference:ref-net")->space, store::kReferenceSpace);
  EXPECT_EQ(s->measurements().size(), 5u);
}

}  // namespace
}  // namespace hwnas::measure
