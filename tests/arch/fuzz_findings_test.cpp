// Inputs fuzz/fuzz_arch found to crash the architecture readers, now one InputError each
// (docs/hardening.md).
#include <gtest/gtest.h>

#include "hwnas/arch/arch_argument.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/fuzz_finding.hpp"

namespace hwnas::arch {
namespace {

std::string without_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

TEST(FuzzFindings, OfaDictResolutionBeyondIntIsInvalidNotUndefinedBehaviour) {
  // {"r": 2288...884} in an OFA dict: nlohmann's get<int>() converted the double out of range (UBSan).
  const auto text = without_newline(test::fuzz_finding_text("arch", "ofa-dict-resolution-1e50.txt"));
  EXPECT_THROW(parse_argument(space::load_space("spos"), text, std::nullopt), InvalidArchitecture);
}

TEST(FuzzFindings, NetStrUnitWithMoreLayersThanTheSpaceAllowsIsInvalidNotAnOverflow) {
  // A proxyless net_str with a unit longer than the space allows: the unit's layer_blocks was read
  // past its end (ASan heap-buffer-overflow).
  const auto text = without_newline(test::fuzz_finding_text("arch", "net-str-unit-with-too-many-layers.txt"));
  EXPECT_THROW(parse_argument(space::load_space("proxyless"), text, std::nullopt), InvalidArchitecture);
}

TEST(FuzzFindings, JsonNumbersThatAreNotWholeNumbersInRangeAreInvalid) {
  const auto mbv3 = space::load_space("ofa-mbv3");
  const std::string ks(R"("ks": [3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3])");
  const std::string e(R"("e": [3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3])");
  for (const std::string& d : {R"("d": [2, 2.5, 2, 2, 2])", R"("d": [2, 1e300, 2, 2, 2])",
                               R"("d": [2, 9223372036854775807, 2, 2, 2])", R"("d": [2, -2147483648, 2, 2, 2])"}) {
    const std::string dict = "{" + ks + ", " + e + ", " + d + ", \"r\": 224}";
    EXPECT_THROW(parse_argument(mbv3, dict, std::nullopt), InvalidArchitecture) << dict;
  }
}

}  // namespace
}  // namespace hwnas::arch
