#include "hwnas/space/space_loader.hpp"

#include <gtest/gtest.h>

namespace hwnas::space {
namespace {

const char* kMinimal = R"(
name: tiny
input: {channels: 3, resolutions: [32, 64]}
classes: 10
blocks:
  - {name: a, kind: mbconv, expand: 3, kernel: 3}
  - {name: b, kind: mbconv, expand: 6, kernel: 5}
stem:
  - {op: conv, out: 16, kernel: 3, stride: 2, act: relu}
units:
  - {name: u1, out: 24, stride: 2, layers: [1, 3], blocks: all}
  - {name: u2, out: 32, stride: 1, layers: 2, layer_blocks: [[a], [a, b]]}
head:
  - {op: global_avg_pool}
  - {op: linear}
)";

std::string error_of(const std::string& yaml) {
  try {
    parse_space(yaml, "bad.yaml");
  } catch (const SpaceError& e) {
    return e.what();
  }
  return "no error";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(SpaceLoader, ParsesUnitsBlocksAndDefaults) {
  const Space s = parse_space(kMinimal, "tiny.yaml");
  EXPECT_EQ(s.name, "tiny");
  EXPECT_EQ(s.resolutions, (std::vector<int>{32, 64}));
  EXPECT_EQ(s.default_resolution, 64);
  ASSERT_EQ(s.units.size(), 2u);
  EXPECT_EQ(s.units[0].min_layers, 1);
  EXPECT_EQ(s.units[0].max_layers, 3);
  EXPECT_EQ(s.units[0].layer_blocks.size(), 3u);
  EXPECT_EQ(s.units[0].layer_blocks[2], (std::vector<int>{0, 1}));
  EXPECT_EQ(s.units[1].min_layers, 2);
  EXPECT_EQ(s.units[1].layer_blocks[0], (std::vector<int>{0}));
  EXPECT_EQ(s.head.back().out.value, 10);  // linear defaults to the class count
  EXPECT_TRUE(s.head.back().bias);
}

TEST(SpaceLoader, ErrorsNameFileLineFieldAndExpectation) {
  EXPECT_EQ(error_of("name: [unclosed").rfind("bad.yaml:1: malformed YAML: ", 0), 0u);
  const std::string unknown_block = error_of(replaced(kMinimal, "[[a], [a, b]]", "[[a], [a, zz]]"));
  EXPECT_NE(unknown_block.find("bad.yaml:12: units[1].layer_blocks[1][1]"), std::string::npos) << unknown_block;
  EXPECT_NE(unknown_block.find("found 'zz'"), std::string::npos) << unknown_block;
  const std::string bad_layers = error_of(replaced(kMinimal, "layers: [1, 3]", "layers: [3, 1]"));
  EXPECT_NE(bad_layers.find("units[0].layers[1]: expected an integer in [3, 64], found '1'"), std::string::npos)
      << bad_layers;
  const std::string bad_kind = error_of(replaced(kMinimal, "kind: mbconv, expand: 3", "kind: mbconvv, expand: 3"));
  EXPECT_NE(bad_kind.find("blocks[0].kind: expected one of mbconv"), std::string::npos) << bad_kind;
  const std::string even_kernel = error_of(replaced(kMinimal, "expand: 6, kernel: 5", "expand: 6, kernel: 4"));
  EXPECT_NE(even_kernel.find("blocks[1].kernel: expected an odd kernel size"), std::string::npos) << even_kernel;
  const std::string typo = error_of(replaced(kMinimal, "stride: 1, layers: 2", "strid: 1, layers: 2"));
  EXPECT_NE(typo.find("units[1].strid: expected one of the keys"), std::string::npos) << typo;
  const std::string wrong_count = error_of(replaced(kMinimal, "[[a], [a, b]]", "[[a]]"));
  EXPECT_NE(wrong_count.find("expected one block list per layer (2 lists)"), std::string::npos) << wrong_count;
  const std::string no_head = error_of(replaced(kMinimal, "  - {op: linear}\n", ""));
  EXPECT_NE(no_head.find("head: expected a head ending with a linear classifier"), std::string::npos) << no_head;
}

TEST(SpaceLoader, WriteThenParseGivesTheSameSpace) {
  for (const auto& name : list_spaces()) {
    const Space original = load_space(name);
    const Space again = parse_space(write_space(original), "rewritten.yaml");
    EXPECT_EQ(write_space(again), write_space(original)) << name;
    ASSERT_EQ(again.units.size(), original.units.size()) << name;
    for (std::size_t u = 0; u < again.units.size(); ++u) {
      EXPECT_EQ(again.units[u].layer_blocks, original.units[u].layer_blocks) << name;
      EXPECT_EQ(again.units[u].widths, original.units[u].widths) << name;
    }
  }
}

TEST(SpaceLoader, ShipsTheSixSpacesOfTheSeeds) {
  const auto names = list_spaces();
  for (const char* expected : {"ofa-mbv3", "proxyless", "resnet50", "spos", "hurricane", "s3nas"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  EXPECT_EQ(load_space("hurricane").blocks.size(), 32u);
  EXPECT_EQ(load_space("s3nas").blocks.size(), 35u);
  EXPECT_THROW(load_space("no-such-space"), SpaceError);
}

TEST(MakeDivisible, MatchesOfaChannelRounding) {
  EXPECT_EQ(make_divisible(16 * 1.2), 24);   // 16 < 0.9·19.2, so one more step
  EXPECT_EQ(make_divisible(112 * 1.2), 136);
  EXPECT_EQ(make_divisible(40 * 1.2), 48);
  EXPECT_EQ(make_divisible(3), 8);
  EXPECT_EQ(make_divisible(72 / 4), 24);     // SE of 72 channels
}

}  // namespace
}  // namespace hwnas::space
