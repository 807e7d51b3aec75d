// Damaged copies of a valid input, for readers that libFuzzer cannot build (the LibTorch-linked
// ones, docs/hardening.md): a test feeds every mutant to the reader and accepts only a clean load or
// an InputError, and `scripts/test.sh --sanitize` runs the same tests under ASan + UBSan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::test {

struct JsonMutant {
  std::string where;  // JSON pointer of the changed value and what it became, for the failure message
  nlohmann::json document;
};

// Every value of `valid` (of an array, the first and last `array_items` elements) replaced in turn
// by values of other types and extreme sizes, every object member removed, and every array emptied
// and shortened.
std::vector<JsonMutant> json_mutants(const nlohmann::json& valid, std::size_t array_items = 2);

// `count` seeded byte-level damages of `valid` (bit flips, overwritten, inserted and deleted runs,
// a copied chunk) plus `valid` cut at every one of `cuts` evenly spaced lengths.
std::vector<std::string> byte_mutants(const std::string& valid, std::uint64_t seed, std::size_t count,
                                      std::size_t cuts = 32);

std::string read_bytes(const std::string& file);
void write_bytes(const std::string& file, const std::string& bytes);

}  // namespace hwnas::test
