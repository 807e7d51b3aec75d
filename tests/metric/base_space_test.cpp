// A reduced space is scored as the architectures of the space it was reduced from: it records that
// space, and its architectures map onto the original's with the same network.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/metric/base_space.hpp"
#include "hwnas/reduce/rules.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::metric {
namespace {

space::Space reduce(const std::string& space_name, const std::string& rules_yaml) {
  return reduce::apply_rules(space::load_space(space_name), reduce::parse_rules(rules_yaml, "test-rules.yaml"));
}

// The same network: equal MACs and params, op by op.
void expect_same_network(const space::Space& a_space, const arch::Architecture& a, const space::Space& b_space,
                         const arch::Architecture& b) {
  const auto ca = cost::count_total(graph::build(a_space, a));
  const auto cb = cost::count_total(graph::build(b_space, b));
  EXPECT_EQ(ca.macs, cb.macs);
  EXPECT_EQ(ca.params, cb.params);
}

TEST(BaseSpace, AReducedSpaceRecordsItsOriginalAcrossAFile) {
  const auto reduced = reduce("ofa-mbv3", "space: ofa-mbv3\nname: r\nrules:\n  - {max_depth: 3}\n");
  EXPECT_EQ(reduced.derived_from, "ofa-mbv3");
  const test::TempDir dir("base-space");
  const auto file = dir / "r.yaml";
  std::ofstream(file) << space::write_space(reduced);
  const auto reread = space::load_space_file(file);
  EXPECT_EQ(reread.derived_from, "ofa-mbv3");
  // Reducing a reduced space keeps the first original; a space read from a file names the file.
  const auto twice = reduce::apply_rules(reread, reduce::parse_rules("space: r\nrules:\n  - {max_depth: 2}\n", "t.yaml"));
  EXPECT_EQ(twice.derived_from, "ofa-mbv3");
  auto copy = reread;
  copy.derived_from.clear();
  EXPECT_EQ(space::reference_to(copy), std::filesystem::absolute(file).lexically_normal().string());
}

TEST(BaseSpace, MapsWidthsAndBlocksByValueToTheSameNetwork) {
  // ResNet50 with two of three widths and a block removed: indices shift, the networks must not.
  const auto reduced = reduce("resnet50", "space: resnet50\nrules:\n  - {widths: [C80, C100]}\n  - {remove: [B20]}\n");
  BaseSpace base;
  const space::Space& original = base.of(reduced);
  ASSERT_EQ(original.name, "resnet50");
  arch::Rng rng(5);
  std::vector<arch::Architecture> archs;
  for (int i = 0; i < 30; ++i) archs.push_back(arch::sample_uniform(reduced, rng));
  const auto mapped = base.map(reduced, archs);
  ASSERT_EQ(mapped.size(), archs.size());
  bool some_width_moved = false;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    expect_same_network(reduced, archs[i], original, mapped[i]);
    for (std::size_t u = 0; u < archs[i].units.size(); ++u) some_width_moved |= mapped[i].units[u].width != archs[i].units[u].width;
  }
  EXPECT_TRUE(some_width_moved);
}

TEST(BaseSpace, AnOriginalIsItsOwnBase) {
  const auto space = space::load_space("ofa-mbv3");
  BaseSpace base;
  EXPECT_EQ(&base.of(space), &space);
}

TEST(BaseSpace, AnOriginalThatDoesNotFitIsAnError) {
  auto reduced = reduce("ofa-mbv3", "space: ofa-mbv3\nrules:\n  - {max_depth: 3}\n");
  reduced.derived_from = "proxyless";
  arch::Rng rng(1);
  const std::vector<arch::Architecture> archs{arch::sample_uniform(reduced, rng)};
  BaseSpace base;
  EXPECT_THROW(base.map(reduced, archs), InputError);
  reduced.derived_from = "/no/such/space.yaml";
  EXPECT_THROW(base.map(reduced, archs), InputError);
}

}  // namespace
}  // namespace hwnas::metric
