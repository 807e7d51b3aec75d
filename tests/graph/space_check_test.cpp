// A space whose shapes cannot fit is refused when it is loaded, naming the file, unit, layer and
// block (graph/register_space_check.cpp), and every shipped space passes the check.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

namespace fs = std::filesystem;

std::string spos_with_second_unit_width(int width) {
  return "name: spos-odd\n"
         "input: {channels: 3, resolutions: [224], default_resolution: 224}\n"
         "classes: 1000\n"
         "blocks:\n"
         "  - {name: Choice_3, kind: shuffle, kernel: 3}\n"
         "  - {name: ChoiceX, kind: shuffle_xception, kernel: 3}\n"
         "stem:\n"
         "  - {op: conv, out: 16, kernel: 3, stride: 2, act: relu}\n"
         "units:\n"
         "  - {name: s1, out: 64, stride: 2, act: relu, layers: 2, blocks: all}\n"
         "  - {name: s2, out: " + std::to_string(width) + ", stride: 2, act: relu, layers: 2, blocks: all}\n"
         "head:\n"
         "  - {op: global_avg_pool}\n"
         "  - {op: linear, out: 1000, bias: false}\n";
}

TEST(SpaceCheck, AShuffleUnitOfWidthNotDivisibleByFourIsRefusedNamingTheLayer) {
  const TempDir dir("space-check");
  const fs::path file = dir / "spos-odd.yaml";
  std::ofstream(file) << spos_with_second_unit_width(162);
  try {
    space::load_space(file.string());
    FAIL() << "a space whose shuffle widths cannot work was loaded";
  } catch (const space::SpaceError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find("unit 2 ('s2'), layer 2: block 'Choice_3'"), std::string::npos) << message;
    EXPECT_NE(message.find("divisible by 4"), std::string::npos) << message;
  }
  std::ofstream(file) << spos_with_second_unit_width(160);
  EXPECT_NO_THROW(space::load_space(file.string()));
}

TEST(SpaceCheck, EveryShippedSpacePasses) {
  for (const auto& name : space::list_spaces()) EXPECT_NO_THROW(space::load_space(name)) << name;
}

}  // namespace
}  // namespace hwnas::test
