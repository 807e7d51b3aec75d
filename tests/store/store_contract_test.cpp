// The store contract (src/hwnas/store/store.hpp), written once and run over every backend: add a
// backend to kBackends and it must pass all of these.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <thread>

#include "hwnas/common/error.hpp"
#include "hwnas/store/store.hpp"
#include "store_test_util.hpp"
#include "support/postgres_cluster.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

using store::OnExisting;

struct Backend {
  std::string name;
  // Opens a fresh store; the same dir gives the same store on a second call (for persistence tests).
  std::function<std::unique_ptr<store::Store>(const TempDir&)> open;
  bool persistent;
  bool needs_server = false;  // PostgreSQL: skipped where its binaries are not installed
};
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

// A fresh database of the private cluster per test directory, created with `db init`'s schema.
std::unique_ptr<store::Store> open_postgres(const TempDir& d) {
  static std::map<std::string, std::string> url_of;
  auto [it, fresh] = url_of.emplace((d / "pg").string(), "");
  if (fresh) {
    it->second = PostgresCluster::shared().create_database();
    store::open_store(it->second, store::SchemaAction::migrate);
  }
  return store::open_store(it->second);
}

const std::vector<Backend> kBackends = {
    {"sqlite_memory", [](const TempDir&) { return store::open_store(":memory:"); }, false},
    {"sqlite_file", [](const TempDir& d) { return store::open_store("sqlite://" + (d / "p.db").string()); }, true},
    {"postgresql", open_postgres, true, true},
};

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().needs_server && !PostgresCluster::available()) GTEST_FAIL() << "PostgreSQL 15 is not installed (scripts/install-deps.sh installs it)";
    s = GetParam().open(dir);
    s->put_device(sample_device());
  }
  TempDir dir{"store"};
  std::unique_ptr<store::Store> s;
  const std::string key = sample_device().key;
};

TEST_P(StoreContract, ArchitectureRoundTripAndIdempotence) {
  const auto a = sample_arch(1);
  EXPECT_FALSE(s->find_architecture(a.hash));
  s->put_architecture(a);
  s->put_architecture(a);
  EXPECT_EQ(s->find_architecture(a.hash), a);
  auto other = a;
  other.text = "r224|e6k7";
  EXPECT_THROW(s->put_architecture(other), InputError);
  EXPECT_EQ(s->find_architecture(a.hash), a);
}

TEST_P(StoreContract, DeviceRoundTripAndKeyCollision) {
  const auto d = s->find_device(key);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->engine, "torchscript");
  EXPECT_EQ(d->settings, sample_device().settings);
  EXPECT_EQ(d->fingerprint, sample_device().fingerprint);
  s->put_device(sample_device());  // same again: no-op
  auto changed = sample_device();
  changed.settings["threads"] = 4;
  EXPECT_THROW(s->put_device(changed), InputError);
  EXPECT_EQ(s->devices().size(), 1u);
}

TEST_P(StoreContract, MeasurementRoundTripKeepsEveryField) {
  const auto a = sample_arch(1);
  const std::int64_t run = s->begin_run("hwnas measure --test");
  auto m = sample_measurement(a, key);
  m.run_id = run;
  EXPECT_FALSE(s->has_measurement(a.hash, key));
  EXPECT_TRUE(s->put_measurement(a, m));
  EXPECT_TRUE(s->has_measurement(a.hash, key));
  EXPECT_EQ(s->find_architecture(a.hash), a);
  const auto got = s->find_measurement(a.hash, key);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->median_s, m.median_s);
  EXPECT_EQ(got->mean_s, m.mean_s);
  EXPECT_EQ(got->min_s, m.min_s);
  EXPECT_EQ(got->max_s, m.max_s);
  EXPECT_EQ(got->p10_s, m.p10_s);
  EXPECT_EQ(got->p25_s, m.p25_s);
  EXPECT_EQ(got->p75_s, m.p75_s);
  EXPECT_EQ(got->p90_s, m.p90_s);
  EXPECT_EQ(got->iqr_s, m.iqr_s);
  EXPECT_EQ(got->cov, m.cov);
  EXPECT_EQ(got->ci_low_s, m.ci_low_s);
  EXPECT_EQ(got->ci_high_s, m.ci_high_s);
  EXPECT_EQ(got->ci_level, m.ci_level);
  EXPECT_EQ(got->runs, m.runs);
  EXPECT_EQ(got->warmup_runs, m.warmup_runs);
  EXPECT_EQ(got->precision_met, m.precision_met);
  EXPECT_EQ(got->stop_reason, m.stop_reason);
  EXPECT_EQ(got->run_times_s, m.run_times_s);  // bit-exact: JSON keeps 17 significant digits
  EXPECT_EQ(got->protocol, m.protocol);
  EXPECT_EQ(got->fingerprint, m.fingerprint);
  EXPECT_EQ(got->run_id, run);
  EXPECT_EQ(got->repeat, 0);
  EXPECT_EQ(got->measured_at.size(), 24u) << got->measured_at;  // 2026-11-24T10:31:02.123Z
}

TEST_P(StoreContract, ImportedMeasurementMayCarryOnlyTheMedian) {
  const auto a = sample_arch(2);
  store::MeasurementRecord m;
  m.arch_hash = a.hash;
  m.device_key = key;
  m.median_s = 0.0123;
  ASSERT_TRUE(s->put_measurement(a, m));
  const auto got = s->find_measurement(a.hash, key);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->median_s, 0.0123);
  EXPECT_FALSE(got->mean_s);
  EXPECT_FALSE(got->precision_met);
  EXPECT_TRUE(got->run_times_s.empty());
}

TEST_P(StoreContract, SecondMeasurementIsKeptOrReplacedNeverDuplicated) {
  const auto a = sample_arch(1);
  ASSERT_TRUE(s->put_measurement(a, sample_measurement(a, key, 0.005)));
  EXPECT_FALSE(s->put_measurement(a, sample_measurement(a, key, 0.007)));
  EXPECT_EQ(s->find_measurement(a.hash, key)->median_s, 0.005);
  EXPECT_TRUE(s->put_measurement(a, sample_measurement(a, key, 0.007), OnExisting::replace));
  EXPECT_EQ(s->find_measurement(a.hash, key)->median_s, 0.007);
  EXPECT_EQ(s->measurements().size(), 1u);
}

TEST_P(StoreContract, ResumeQueryIsPerDevice) {
  s->put_device(sample_device("gpu-onnx-t1@test"));
  const auto a = sample_arch(1);
  s->put_measurement(a, sample_measurement(a, key));
  EXPECT_TRUE(s->has_measurement(a.hash, key));
  EXPECT_FALSE(s->has_measurement(a.hash, "gpu-onnx-t1@test"));
  EXPECT_FALSE(s->has_measurement(sample_arch(9).hash, key));
}

TEST_P(StoreContract, BadReferencesAreInputErrorsAndWriteNothing) {
  const auto a = sample_arch(1);
  EXPECT_THROW(s->put_measurement(a, sample_measurement(a, "no-such-device")), InputError);
  auto m = sample_measurement(a, key);
  m.run_id = 4242;
  EXPECT_THROW(s->put_measurement(a, m), InputError);
  m = sample_measurement(a, key, -1.0);
  EXPECT_THROW(s->put_measurement(a, m), InputError);
  m = sample_measurement(sample_arch(2), key);
  EXPECT_THROW(s->put_measurement(a, m), InputError);  // hash mismatch
  EXPECT_FALSE(s->find_architecture(a.hash));          // the failed calls left nothing behind
  EXPECT_TRUE(s->measurements().empty());
  EXPECT_THROW(s->end_run(4242, store::RunStatus::complete), InputError);
}

TEST_P(StoreContract, FiltersAndCounts) {
  s->put_device(sample_device("b-dev"));
  for (int i = 0; i < 3; ++i) s->put_measurement(sample_arch(i), sample_measurement(sample_arch(i), key));
  s->put_measurement(sample_arch(10, "proxyless"), sample_measurement(sample_arch(10, "proxyless"), key));
  s->put_measurement(sample_arch(0), sample_measurement(sample_arch(0), "b-dev"));
  EXPECT_EQ(s->measurements().size(), 5u);
  EXPECT_EQ(s->measurements({.device_key = key}).size(), 4u);
  EXPECT_EQ(s->measurements({.device_key = key, .space = "proxyless"}).size(), 1u);
  EXPECT_EQ(s->measurements({.space = "ofa-mbv3"}).size(), 4u);
  const auto counts = s->counts();
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0].device_key, "b-dev");
  EXPECT_EQ(counts[0].measurements, 1);
  EXPECT_EQ(counts[1].space, "ofa-mbv3");
  EXPECT_EQ(counts[1].measurements, 3);
}

TEST_P(StoreContract, ReferenceChecksAppendAndStayApart) {
  const store::ArchRecord ref{store::kReferenceSpace, "name", "ref-net", "@reference:ref-net", 224};
  EXPECT_EQ(s->add_reference_check(ref, sample_measurement(ref, key, 0.010)), 1);
  EXPECT_EQ(s->add_reference_check(ref, sample_measurement(ref, key, 0.011)), 2);
  const auto checks = s->reference_checks(key);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].median_s, 0.010);
  EXPECT_EQ(checks[1].repeat, 2);
  EXPECT_FALSE(s->has_measurement(ref.hash, key));
  EXPECT_TRUE(s->measurements().empty());
  EXPECT_TRUE(s->counts().empty());
  EXPECT_EQ(s->measurements({.include_reference = true}).size(), 2u);
  EXPECT_THROW(s->put_measurement(ref, sample_measurement(ref, key)), InputError);
  EXPECT_THROW(s->add_reference_check(sample_arch(1), sample_measurement(sample_arch(1), key)), InputError);
}

TEST_P(StoreContract, CompensatedFieldsRoundTrip) {
  const auto a = sample_arch(1);
  auto m = sample_measurement(a, key);
  m.compensated_median_s = 0.0052;
  m.compensated_ci_low_s = 0.0051;
  m.compensated_ci_high_s = 0.0053;
  m.pair_correlation = 0.93;
  m.reference_times_s = {0.004, 0.0041, 0.0042, 0.0043};  // one per run of sample_measurement
  ASSERT_TRUE(s->put_measurement(a, m));
  const auto got = s->find_measurement(a.hash, key).value();
  EXPECT_EQ(got.compensated_median_s, m.compensated_median_s);
  EXPECT_EQ(got.compensated_ci_low_s, m.compensated_ci_low_s);
  EXPECT_EQ(got.compensated_ci_high_s, m.compensated_ci_high_s);
  EXPECT_EQ(got.pair_correlation, m.pair_correlation);
  EXPECT_EQ(got.reference_times_s, m.reference_times_s);
  EXPECT_DOUBLE_EQ(got.latency_s(), 0.0052);
  EXPECT_EQ(got.median_s, m.median_s);  // the raw median stays as it was
  auto uneven = sample_measurement(sample_arch(2), key);
  uneven.reference_times_s = {0.004};
  EXPECT_THROW(s->put_measurement(sample_arch(2), uneven), InputError);
}

TEST_P(StoreContract, ToolStatsAndLayersRoundTripAndAreReplacedWithTheRow) {
  const auto a = sample_arch(1);
  auto m = sample_measurement(a, key);
  m.tool_stats = {{"tool", "trtexec"}, {"statistic", "median"}, {"unit", "ms"}, {"runs", {{{"p99_s", 1.5e-3}}}}};
  m.layers = {{"u1.l0/conv3 + u1.l0/activation4", "", {"u1.l0"}, 0.2e-3},
              {"Reformatting CopyNode", "Reformat", {}, 0.01e-3},
              {"u1.l1/conv7 + u2.l0/add9", "", {"u1.l1", "u2.l0"}, 0.3e-3}};
  ASSERT_TRUE(s->put_measurement(a, m));
  s->put_measurement(sample_arch(2), sample_measurement(sample_arch(2), key));
  const auto got = s->find_measurement(a.hash, key).value();
  EXPECT_EQ(got.tool_stats, m.tool_stats);
  EXPECT_EQ(got.layers, m.layers);
  EXPECT_TRUE(s->find_measurement(sample_arch(2).hash, key)->layers.empty());
  EXPECT_EQ(s->measurements({.device_key = key}).front().layers, m.layers);
  auto shorter = m;
  shorter.layers.resize(1);
  ASSERT_TRUE(s->put_measurement(a, shorter, OnExisting::replace));
  EXPECT_EQ(s->find_measurement(a.hash, key)->layers, shorter.layers);
}

TEST_P(StoreContract, ReferenceBaselineIsWrittenOnceAndKept) {
  const auto ref = sample_arch(3);
  const std::int64_t run = s->begin_run("hwnas measure --compensate");
  const store::ReferenceBaseline b{key, ref.space, ref.resolution, ref.hash, 0.004, 0.0039, 0.0041, 40, run, ""};
  EXPECT_FALSE(s->find_reference_baseline(key, ref.space, ref.resolution));
  EXPECT_TRUE(s->put_reference_baseline(ref, b));
  auto second = b;
  second.baseline_s = 0.009;
  EXPECT_FALSE(s->put_reference_baseline(ref, second));  // T_ref is measured once
  const auto got = s->find_reference_baseline(key, ref.space, ref.resolution).value();
  EXPECT_DOUBLE_EQ(got.baseline_s, 0.004);
  EXPECT_EQ(got.ci_low_s, 0.0039);
  EXPECT_EQ(got.runs, 40);
  EXPECT_EQ(got.run_id, run);
  EXPECT_FALSE(got.measured_at.empty());
  EXPECT_EQ(s->find_architecture(ref.hash), ref);
  EXPECT_FALSE(s->find_reference_baseline(key, ref.space, 160));
  EXPECT_EQ(s->reference_baselines(key).size(), 1u);
  EXPECT_EQ(s->reference_baselines("").size(), 1u);
  EXPECT_TRUE(s->reference_baselines("cpu-other@test").empty());
  auto unknown = b;
  unknown.device_key = "cpu-nowhere@test";
  EXPECT_THROW(s->put_reference_baseline(ref, unknown), InputError);
  auto zero = b;
  zero.resolution = 160;
  zero.baseline_s = 0;
  EXPECT_THROW(s->put_reference_baseline(ref, zero), InputError);
}

TEST_P(StoreContract, MetricValuesRoundTripKeepReplace) {
  const auto a = sample_arch(1);
  store::MetricRecord v{a.hash, "accuracy:sn1", 76.5, {{"epochs", 10}}, std::nullopt, ""};
  EXPECT_TRUE(s->put_metric(a, v));
  v.value = 77.0;
  EXPECT_FALSE(s->put_metric(a, v));
  EXPECT_EQ(s->find_metric(a.hash, "accuracy:sn1")->value, 76.5);
  EXPECT_TRUE(s->put_metric(a, v, OnExisting::replace));
  const auto got = s->find_metric(a.hash, "accuracy:sn1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value, 77.0);
  EXPECT_EQ(got->provenance, v.provenance);
  EXPECT_FALSE(s->find_metric(a.hash, "latency:sim:midap"));
  s->put_metric(sample_arch(2), {sample_arch(2).hash, "accuracy:sn1", 70.0, {}, std::nullopt, ""});
  EXPECT_EQ(s->metrics("accuracy:sn1").size(), 2u);
  EXPECT_EQ(s->find_architecture(sample_arch(2).hash), sample_arch(2));
}

TEST_P(StoreContract, RunsRecordCommandAndStatus) {
  const auto id = s->begin_run("hwnas measure --space ofa-mbv3");
  auto runs = s->runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, store::RunStatus::running);
  EXPECT_FALSE(runs[0].ended_at);
  s->end_run(id, store::RunStatus::interrupted);
  runs = s->runs();
  EXPECT_EQ(runs[0].status, store::RunStatus::interrupted);
  EXPECT_TRUE(runs[0].ended_at);
  EXPECT_EQ(runs[0].command, "hwnas measure --space ofa-mbv3");
  EXPECT_EQ(runs[0].hwnas_version, HWNAS_VERSION);
}

// A persistent backend keeps what it stored across a reopen; the in-memory one starts empty again
// by design, and must not leak rows into the next store either.
TEST_P(StoreContract, ReopenKeepsSnapshotsExactlyWhenPersistent) {
  const auto a = sample_arch(1);
  s->put_measurement(a, sample_measurement(a, key));
  s.reset();
  auto again = GetParam().open(dir);
  EXPECT_EQ(again->has_measurement(a.hash, key), GetParam().persistent);
  EXPECT_EQ(again->find_device(key).has_value(), GetParam().persistent);
  if (GetParam().persistent) EXPECT_EQ(again->find_device(key)->engine, "torchscript");
}

TEST_P(StoreContract, ConcurrentWritersThroughOneHandle) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const auto a = sample_arch(t * 100 + i);
        s->put_measurement(a, sample_measurement(a, key));
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(s->measurements().size(), 100u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace hwnas::test
