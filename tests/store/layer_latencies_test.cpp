// Schema version 3: a benchmark tool's statistics and per-layer rows stored with a measurement,
// read back by every query, replaced with it, and kept by a file through reopening.
#include <gtest/gtest.h>

#include "hwnas/store/store.hpp"
#include "store_test_util.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

store::MeasurementRecord profiled(const store::ArchRecord& arch, double scale) {
  auto m = sample_measurement(arch, sample_device().key);
  const nlohmann::json run = {{"p99_s", 1.48e-3 * scale}};
  m.tool_stats = {{"tool", "trtexec"}, {"statistic", "median"}, {"unit", "ms"}, {"runs", nlohmann::json::array({run})}};
  m.layers = {{"u1.l0/conv3 + u1.l0/activation4", "", {"u1.l0"}, 0.2e-3 * scale},
              {"Reformatting CopyNode for Input Tensor 0", "Reformat", {}, 0.01e-3 * scale},
              {"u1.l1/conv7 + u2.l0/add9", "", {"u1.l1", "u2.l0"}, 0.3e-3 * scale}};
  return m;
}

TEST(LayerLatencies, RoundTripReplaceAndReopen) {
  TempDir dir("store");
  const std::string file = (dir / "layers.db").string();
  const auto arch = sample_arch(1);
  {
    auto s = store::open_store(file);
    s->put_device(sample_device());
    ASSERT_TRUE(s->put_measurement(arch, profiled(arch, 1)));
    const auto m = s->find_measurement(arch.hash, sample_device().key);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->layers, profiled(arch, 1).layers);
    EXPECT_EQ(m->tool_stats, profiled(arch, 1).tool_stats);
    ASSERT_TRUE(s->put_measurement(arch, profiled(arch, 2), store::OnExisting::replace));
  }
  auto s = store::open_store(file);
  const auto all = s->measurements();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].layers, profiled(arch, 2).layers);  // the replaced rows are gone, not appended
  EXPECT_EQ(raw_int(dir / "layers.db", "SELECT COUNT(*) FROM layer_latencies"), 3);
  // A measurement of an in-process engine has neither.
  const auto plain_arch = sample_arch(2);
  s->put_measurement(plain_arch, sample_measurement(plain_arch, sample_device().key));
  const auto plain = s->find_measurement(plain_arch.hash, sample_device().key);
  EXPECT_TRUE(plain->layers.empty());
  EXPECT_TRUE(plain->tool_stats.empty());
}

}  // namespace
}  // namespace hwnas::test
