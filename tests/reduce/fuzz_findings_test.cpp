// Inputs fuzz/fuzz_rules_yaml found to crash parse_rules, now one InputError each (docs/hardening.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hwnas/common/error.hpp"
#include "hwnas/reduce/rules.hpp"
#include "support/fuzz_finding.hpp"

namespace hwnas::reduce {
namespace {

TEST(FuzzFindings, RuleWhoseKeyIsNotANameIsAnInputError) {
  // `{!idths: [C100], ...}`: a tagged key that is not a scalar escaped as YAML::TypedBadConversion.
  EXPECT_THROW(parse_rules(test::fuzz_finding_text("reduce", "rules-key-is-not-a-name.yaml"), "finding.yaml"),
               InputError);
}

TEST(FuzzFindings, ListsAndMapsWhereOneValueBelongsAreInputErrors) {
  const std::string rule = "  - {remove: [e3k3]}\n";
  const std::vector<std::string> cases = {"space: [a, b]\nrules:\n" + rule, "space: x\nname: {a: 1}\nrules:\n" + rule,
                                          "space: x\nrules:\n  - {remove: [e3k3], why: [a]}\n",
                                          "space: x\nrules:\n  - {max_depth: 99999999999999999999}\n",
                                          "space: x\nrules:\n  - {remove: [e3k3], layers: [4294967297]}\n"};
  for (const std::string& text : cases) {
    EXPECT_THROW(parse_rules(text, "case.yaml"), InputError) << text;
  }
}

}  // namespace
}  // namespace hwnas::reduce
