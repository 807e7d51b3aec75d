// Reduction rules: a small YAML language that shrinks a design space (docs/reduction.md).
//   space: ofa-mbv3                      # the space the rules are written for
//   name: ofa-mbv3-npu                   # name of the reduced space (optional)
//   rules:
//     - {remove: [e3k7, e4k7, e6k7]}                  # blocks out of every layer ...
//     - {remove: [e3k3], units: [1, 2], layers: [1]}  # ... or only of some units / layers
//     - {max_depth: 3, units: [2, 4, 5]}              # cap a unit's depth
//     - {min_depth: 4, units: [4, 5]}                 # floor it
//     - {resolutions: [192, 224]}                     # keep only these input resolutions
//     - {widths: [C100], units: [3, 4]}               # keep only these unit widths (ResNet50)
// Every rule may carry `why: text`. Rules apply in order. A preset may also say how BlockProfile's
// evolution should search the reduced space:
//   unit_mutation: [0.25, 0.25, 0.25, 0.5, 0.5]   # per unit, the probability a child mutates it
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hwnas/space/space.hpp"

namespace hwnas::reduce {

enum class RuleKind { remove, max_depth, min_depth, resolutions, widths };

struct Rule {
  RuleKind kind = RuleKind::remove;
  std::vector<std::string> blocks;  // remove
  std::vector<std::string> widths;  // widths: names to keep
  std::vector<int> values;          // resolutions to keep
  int depth = 0;                    // max_depth / min_depth
  std::vector<std::string> units;   // 1-based numbers or unit names as written; empty: every unit
  std::vector<int> layers;          // remove: 1-based layers; empty: every layer
  std::string why;
  std::string where;                // "file:line" for messages
};

struct RuleSet {
  std::string space;  // name of the space the rules apply to
  std::string name;   // name of the reduced space; empty: <space>-<file stem>
  std::string description;
  std::vector<Rule> rules;
  std::vector<double> unit_mutation;  // per unit mutation probabilities; empty: the search's default
  std::string source;  // file, for messages
};

// Parses rule YAML; InputError naming the file, line and field on bad input.
RuleSet parse_rules(const std::string& yaml_text, const std::string& source);
// A preset name (rules/<name>.yaml, see list_presets) or a path to a rule file.
RuleSet load_rules(const std::string& name_or_path);
// $HWNAS_RULES_DIR, else <source dir>/rules.
std::filesystem::path rules_dir();
std::vector<std::string> list_presets();

// YAML text that parse_rules reads back to the same rules.
std::string write_rules(const RuleSet& rules);

// One line describing a rule: "remove e3k7, e4k7 (units 1, 2; layers 1)".
std::string describe(const Rule& rule);

// The reduced space. InputError naming the rule when the rules are for another space, name a
// block, unit, width or resolution the space lacks, or leave a layer, a unit or the space empty, or
// when unit_mutation does not give one probability per unit.
space::Space apply_rules(const space::Space& space, const RuleSet& rules);

}  // namespace hwnas::reduce
