// Text and JSON forms of an architecture (docs/architectures.md).
//
// Canonical text: segments joined by '|': "r<resolution>", then "name=<index>" for each space
// variable (if any), then one segment per unit: optional "<width name>:" when the unit has width
// choices, then the unit's block names joined by ','.
//   ofa-mbv3:  r224|e3k3,e6k5|e4k3,e4k3,e6k7|...
//   resnet50:  r224|stem_width=2|stem_out=2|stem_depth=2|C100:B20,B25|...
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hwnas/arch/architecture.hpp"

namespace hwnas::arch {

std::string to_canonical(const space::Space& space, const Architecture& arch);
// Parses and validates; throws InvalidArchitecture naming the bad segment.
Architecture parse_canonical(const space::Space& space, std::string_view text);

nlohmann::json to_json(const space::Space& space, const Architecture& arch);
Architecture from_json(const space::Space& space, const nlohmann::json& json);

// OFA's arch dicts: {"ks","e","d","r"} (MBConv spaces) or {"d","e","w","r"} (resnet50).
Architecture from_ofa_dict(const space::Space& space, const nlohmann::json& dict);
nlohmann::json to_ofa_dict(const space::Space& space, const Architecture& arch);

// BlockProfile's net_str: units joined by '|', blocks by '->', blocks mbconv{2|3}_e{e}_k{k}.
Architecture from_net_str(const space::Space& space, std::string_view net_str, int resolution);
std::string to_net_str(const space::Space& space, const Architecture& arch);

// Any of the above, recognised by its shape: JSON object (hwnas JSON or OFA dict), a net_str
// (contains "->" or "mbconv"), else canonical text.
Architecture parse_any(const space::Space& space, std::string_view text, int default_resolution);

// Stable 64-bit hash of (space name, canonical text), as 16 hex digits.
std::string arch_hash(const space::Space& space, const Architecture& arch);

}  // namespace hwnas::arch
