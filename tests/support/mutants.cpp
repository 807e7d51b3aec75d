#include "mutants.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

namespace hwnas::test {
namespace {

// Values a reader must survive in place of any other: other types, zero, negatives, sizes past
// int, doubles near their limits, an empty and a foreign string.
const std::vector<nlohmann::json>& replacements() {
  static const std::vector<nlohmann::json> values{
      nullptr, true, 0, -1, 2147483648LL, -9223372036854775807LL, 0.5, -1e308, 1e308, "", "x",
      nlohmann::json::array(), nlohmann::json::object(), nlohmann::json::array({1, "x", nullptr})};
  return values;
}

void mutate_below(const nlohmann::json& root, const nlohmann::json::json_pointer& at, std::size_t array_items,
                  std::vector<JsonMutant>& out) {
  const nlohmann::json& node = root.at(at);
  for (const auto& value : replacements()) {
    if (value == node) continue;
    nlohmann::json copy = root;
    copy.at(at) = value;
    out.push_back({at.to_string() + " = " + value.dump(), std::move(copy)});
  }
  if (node.is_object()) {
    for (const auto& [key, child] : node.items()) {
      nlohmann::json copy = root;
      copy.at(at).erase(key);
      out.push_back({(at / key).to_string() + " removed", std::move(copy)});
      mutate_below(root, at / key, array_items, out);
    }
  } else if (node.is_array() && !node.empty()) {
    nlohmann::json shorter = root;
    shorter.at(at).erase(shorter.at(at).begin());
    out.push_back({at.to_string() + " without its first element", std::move(shorter)});
    nlohmann::json longer = root;
    longer.at(at).push_back(node.front());
    out.push_back({at.to_string() + " with one more element", std::move(longer)});
    const std::size_t n = node.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (i >= array_items && i + array_items < n) continue;
      mutate_below(root, at / i, array_items, out);
    }
  }
}

}  // namespace

std::vector<JsonMutant> json_mutants(const nlohmann::json& valid, std::size_t array_items) {
  std::vector<JsonMutant> out;
  mutate_below(valid, nlohmann::json::json_pointer(), array_items, out);
  return out;
}

std::vector<std::string> byte_mutants(const std::string& valid, std::uint64_t seed, std::size_t count,
                                      std::size_t cuts) {
  std::mt19937_64 rng(seed);
  const auto below = [&](std::size_t n) { return n == 0 ? std::size_t{0} : static_cast<std::size_t>(rng() % n); };
  const auto random_bytes = [&](std::size_t n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    return bytes;
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    std::string m = valid;
    const std::size_t at = below(m.size());
    const std::size_t run = 1 + below(16);
    switch (i % 5) {
      case 0: {  // a few flipped bits
        const std::size_t flips = m.empty() ? 0 : 1 + below(4);
        for (std::size_t k = 0; k < flips; ++k) m[below(m.size())] ^= static_cast<char>(1u << below(8));
        break;
      }
      case 1:  // a run overwritten
        m.replace(at, std::min(run, m.size() - at), random_bytes(std::min(run, m.size() - at)));
        break;
      case 2:  // a run inserted
        m.insert(at, random_bytes(run));
        break;
      case 3:  // a run deleted
        m.erase(at, run);
        break;
      default:  // a chunk copied over another place
        m.replace(below(m.size()), run, m.substr(at, run));
        break;
    }
    out.push_back(std::move(m));
  }
  for (std::size_t k = 0; k < cuts; ++k) out.push_back(valid.substr(0, valid.size() * k / cuts));
  return out;
}

std::string read_bytes(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_bytes(const std::string& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace hwnas::test
