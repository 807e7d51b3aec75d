// The latency table against its source (the simulated MIDAP) on random architectures, merged
// lookups, and the JSON round trip.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <vector>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/s3nas/latency_table.hpp"
#include "hwnas/s3nas/train_fixed.hpp"
#include "hwnas/space/space_digest.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/input_error.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::s3nas {
namespace {

using hwnas::test::input_error_of;

TEST(LatencyTable, MergedKeysIgnoreBranchOrder) {
  EXPECT_EQ(merged_key({5, 3, 0}), "3+5");
  EXPECT_EQ(merged_key({3, 5, 0}), "3+5");
  EXPECT_EQ(merged_key({0, 3, 3}), "3+3");
  EXPECT_EQ(merged_key({0, 0, 0}), "off");
}

TEST(LatencyTable, EstimatesTheSimulatedMidapOnRandomArchitectures) {
  const space::Space space = space::load_space("s3nas-fmnist");
  auto source = metric::open_metric("latency:sim:midap");
  const LatencyTable table = LatencyTable::profile(space, *source);
  arch::Rng rng(5);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < 100; ++i) archs.push_back(arch::sample_uniform(space, rng));
  const auto truth = source->evaluate(space, archs);
  double sum_ape = 0;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    ASSERT_TRUE(truth[i].has_value());
    sum_ape += std::abs(table.estimate(space, archs[i]) - *truth[i]) / *truth[i];
  }
  EXPECT_LT(sum_ape / archs.size(), 0.01);
  // Same-kernel branches merge: k3-k5-x and k5-k3-x are one depthwise pair, one entry.
  EXPECT_EQ(table.entry(1, 1, {3, 5, 0}), table.entry(1, 1, {5, 3, 0}));
  EXPECT_GT(table.entry(1, 1, {5, 5, 7}), table.entry(1, 1, {3, 0, 0}));
  EXPECT_EQ(table.entry(1, 0, {3, 0, 0}), 0.0);  // the reference block is in the base

  const LatencyTable copy = LatencyTable::from_json(table.to_json());
  EXPECT_EQ(copy.to_json(), table.to_json());
  EXPECT_DOUBLE_EQ(copy.estimate(space, archs[0]), table.estimate(space, archs[0]));
}

// Fixed gates of an architecture select it back, and the supernet's expected latency under them is
// the table's estimate: the search's latency and the reported one are the same number.
TEST(LatencyTable, ArchitectureGatesRoundTripAndMatchTheEstimate) {
  const space::Space space = space::load_space("s3nas-fmnist");
  auto source = metric::open_metric("latency:sim:midap");
  const LatencyTable table = LatencyTable::profile(space, *source);
  MixConvSupernet net(space);
  arch::Rng rng(9);
  for (int i = 0; i < 20; ++i) {
    const arch::Architecture a = arch::sample_uniform(space, rng);
    const auto gates = architecture_gates(*net, a);
    EXPECT_EQ(net->to_architecture(gates), a);
    EXPECT_NEAR(table.expected(*net, gates).item<double>(), table.estimate(space, a), 1e-6);
  }
}

// A search's table is reused only for the space (name and content) and source it was profiled for.
TEST(LatencyTable, CachedTableBelongsToItsSpaceAndSource) {
  const auto dir = hwnas::test::process_temp_dir().path() / "hwnas_latency_table_cached";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto file = dir / "latency_table.json";
  const space::Space space = space::load_space("s3nas-fmnist");
  const space::Space constant = space::load_space("s3nas-fmnist-constant");
  auto macs = metric::open_metric("macs");
  const LatencyTable first = LatencyTable::cached(file, space, *macs, false);
  EXPECT_EQ(LatencyTable::cached(file, space, *macs, true).to_json(), first.to_json());
  EXPECT_NO_THROW(first.check_space(space, "t.json"));
  EXPECT_THROW(first.check_space(constant, "t.json"), InputError);
  // The same name with other content (one unit wider) is another space.
  space::Space edited = space;
  edited.units.back().widths.back() += 8;
  EXPECT_NE(space::space_digest(edited), space::space_digest(space));
  EXPECT_NE(input_error_of([&] { first.check_space(edited, "t.json"); }).find("another version of space 's3nas-fmnist'"),
            std::string::npos);
  space::Space described = space;
  described.description += " (edited prose)";
  EXPECT_EQ(space::space_digest(described), space::space_digest(space));
  // A search being resumed refuses another space, content or source, naming the file; the file keeps its table.
  for (const auto& attempt : std::vector<std::function<void()>>{
           [&] { LatencyTable::cached(file, constant, *macs, true); },
           [&] { LatencyTable::cached(file, edited, *macs, true); },
           [&] { LatencyTable::cached(file, space, *metric::open_metric("latency:sim:midap"), true); }})
    EXPECT_NE(input_error_of(attempt).find(file.string()), std::string::npos);
  EXPECT_EQ(LatencyTable::load(file).to_json(), first.to_json());
  // A new search: another space or source is profiled again, and the file then holds the new table.
  const LatencyTable other = LatencyTable::cached(file, constant, *macs, false);
  EXPECT_NO_THROW(other.check_space(constant, "t.json"));
  EXPECT_EQ(LatencyTable::load(file).to_json(), other.to_json());
  auto midap = metric::open_metric("latency:sim:midap");
  EXPECT_EQ(LatencyTable::cached(file, constant, *midap, false).source(), midap->spec());
  std::filesystem::remove(file);
  EXPECT_NE(input_error_of([&] { LatencyTable::cached(file, constant, *midap, true); }).find("is missing"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(LatencyTable, RejectsOtherFiles) {
  EXPECT_THROW(LatencyTable::from_json({{"format", "something-else"}}), InputError);
  // A table written before tables carried the space's digest.
  EXPECT_NE(input_error_of([] { LatencyTable::from_json({{"format", "hwnas-s3nas-latency-table/1"}}); })
                .find("profile again"),
            std::string::npos);
}

}  // namespace
}  // namespace hwnas::s3nas
