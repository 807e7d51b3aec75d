#include "hwnas/s3nas/latency_table.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/common/progress.hpp"
#include "hwnas/space/space_digest.hpp"

namespace hwnas::s3nas {

std::string merged_key(const std::array<int, kBranches>& kernels) {
  std::vector<int> on;
  for (int k : kernels)
    if (k > 0) on.push_back(k);
  std::sort(on.begin(), on.end());
  std::string key;
  for (int k : on) key += (key.empty() ? "" : "+") + std::to_string(k);
  return key.empty() ? "off" : key;
}

namespace {

// One block of the space per merged key, in vocabulary order.
std::map<std::string, int> representatives(const space::Space& space) {
  std::map<std::string, int> out;
  for (std::size_t b = 0; b < space.blocks.size(); ++b)
    out.emplace(merged_key(kernels_of(space.blocks[b])), static_cast<int>(b));
  return out;
}

}  // namespace

LatencyTable LatencyTable::profile(const space::Space& space, metric::MetricSource& source) {
  branch_shapes(space);  // a mixconv space, or InputError
  const int reference_block = block_for_kernels(space, {3, 0, 0});
  if (reference_block < 0) throw InputError(fmt::format("space '{}' has no k3-x-x block", space.name));
  arch::Architecture reference;
  reference.resolution = space.default_resolution;
  for (std::size_t u = 0; u < space.units.size(); ++u) reference.units.push_back({0, {reference_block}});

  // The architectures to evaluate, then one batch through the source.
  const auto keys = representatives(space);
  std::vector<arch::Architecture> archs{reference};
  struct Slot {
    std::size_t unit;
    int position;
    std::string key;
  };
  std::vector<Slot> slots;
  for (std::size_t u = 0; u < space.units.size(); ++u)
    for (const auto& [key, block] : keys) {
      arch::Architecture first = reference;
      first.units[u].blocks[0] = block;
      archs.push_back(first);
      slots.push_back({u, 0, key});
      if (space.units[u].max_layers > 1) {
        arch::Architecture later = reference;
        later.units[u].blocks.push_back(block);
        archs.push_back(later);
        slots.push_back({u, 1, key});
      }
    }
  std::vector<std::optional<double>> values;
  ProgressLine progress("s3nas latency table " + source.spec(), archs.size());
  const std::size_t batch = std::max<std::size_t>(1, source.preferred_batch());
  for (std::size_t begin = 0; begin < archs.size(); begin += batch) {
    const std::size_t count = std::min(batch, archs.size() - begin);
    auto part = source.evaluate(space, std::span(archs).subspan(begin, count));
    values.insert(values.end(), part.begin(), part.end());
    progress.update(values.size());
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!values[i])
      throw InputError(fmt::format("{} gave no latency for {}", source.spec(), i == 0 ? "the reference architecture"
                                                                                      : "a profiling architecture"));
  LatencyTable table;
  table.source_ = source.spec();
  table.space_ = space.name;
  table.space_digest_ = space::space_digest(space);
  table.base_ms_ = *values[0];
  table.entries_.resize(space.units.size());
  for (std::size_t i = 0; i < slots.size(); ++i)
    table.entries_[slots[i].unit][static_cast<std::size_t>(slots[i].position)][slots[i].key] = *values[i + 1] - *values[0];
  return table;
}

double LatencyTable::entry(int unit, int layer, const std::array<int, kBranches>& kernels) const {
  const std::string key = merged_key(kernels);
  if (key == "off") return 0;
  const auto& entries = entries_.at(static_cast<std::size_t>(unit))[layer == 0 ? 0 : 1];
  const auto it = entries.find(key);
  if (it == entries.end())
    throw InputError(fmt::format("latency table ({}) has no entry {} for unit {} layer {}", source_, key, unit + 1, layer + 1));
  // The reference k3-x-x first layer is inside the base: its entry is 0 by construction.
  return it->second;
}

double LatencyTable::estimate(const space::Space& space, const arch::Architecture& a) const {
  double ms = base_ms_;
  for (std::size_t u = 0; u < a.units.size(); ++u)
    for (std::size_t l = 0; l < a.units[u].blocks.size(); ++l)
      ms += entry(static_cast<int>(u), static_cast<int>(l),
                  kernels_of(space.blocks[static_cast<std::size_t>(a.units[u].blocks[l])]));
  return ms;
}

torch::Tensor LatencyTable::expected(const MixConvSupernetImpl& net, const std::vector<BlockGates>& gates) const {
  static constexpr std::array<int, 4> kOption{0, 3, 5, 7};  // order of BranchGates::option_weights
  torch::Tensor total = torch::tensor(base_ms_);
  for (std::size_t i = 0; i < gates.size(); ++i) {
    const auto& position = net.positions()[i];
    std::vector<float> values(64, 0.0f);
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 4; ++b)
        for (int c = 0; c < 4; ++c) {
          const std::array<int, kBranches> kernels{kOption[a], kOption[b], kOption[c]};
          const std::string key = merged_key(kernels);
          const auto& entries = entries_.at(static_cast<std::size_t>(position.unit))[position.layer == 0 ? 0 : 1];
          const auto it = entries.find(key);
          // Combinations the space lacks get no entry; their gate product is 0 for a valid supernet.
          if (it != entries.end()) values[static_cast<std::size_t>(a * 16 + b * 4 + c)] = static_cast<float>(it->second);
        }
    const torch::Tensor weights = (gates[i][0].option_weights().view({4, 1, 1}) *
                                   gates[i][1].option_weights().view({1, 4, 1}) *
                                   gates[i][2].option_weights().view({1, 1, 4})).flatten();
    total = total + (weights * torch::tensor(values)).sum();
  }
  return total;
}

nlohmann::json LatencyTable::to_json() const {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& unit : entries_) units.push_back({{"first", unit[0]}, {"later", unit[1]}});
  return {{"format", "hwnas-s3nas-latency-table/2"}, {"source", source_}, {"space", space_},
          {"space_digest", space_digest_}, {"base_ms", base_ms_}, {"units", units}};
}

LatencyTable LatencyTable::from_json(const nlohmann::json& j) {
  const std::string format = j.value("format", "");
  if (format == "hwnas-s3nas-latency-table/1")
    throw InputError("an S3NAS latency table of format /1, without the space's digest: delete it and profile again");
  if (format != "hwnas-s3nas-latency-table/2")
    throw InputError("not an S3NAS latency table (format hwnas-s3nas-latency-table/2)");
  LatencyTable table;
  table.source_ = j.at("source").get<std::string>();
  table.space_ = j.at("space").get<std::string>();
  table.space_digest_ = j.at("space_digest").get<std::string>();
  table.base_ms_ = j.at("base_ms").get<double>();
  for (const auto& unit : j.at("units"))
    table.entries_.push_back({unit.at("first").get<std::map<std::string, double>>(),
                              unit.at("later").get<std::map<std::string, double>>()});
  return table;
}

void LatencyTable::save(const std::filesystem::path& file) const {
  std::ofstream out(file);
  out << to_json().dump(2) << "\n";
  if (!out) throw InputError("cannot write " + file.string());
}

LatencyTable LatencyTable::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError("cannot read " + file.string());
  try {
    return from_json(nlohmann::json::parse(in));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: {}", file.string(), e.what()));
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", file.string(), e.what()));
  }
}

LatencyTable LatencyTable::cached(const std::filesystem::path& file, const space::Space& space,
                                  metric::MetricSource& source, bool resuming) {
  if (std::filesystem::exists(file)) {
    LatencyTable table = load(file);
    if (table.space_ == space.name && table.space_digest_ == space::space_digest(space) && table.source_ == source.spec())
      return table;
    if (resuming) {
      table.check_space(space, file.string());
      throw InputError(fmt::format("{}: the search being resumed was profiled on {}, not {}; run it with --metric {} "
                                   "or give another --out", file.string(), table.source_, source.spec(), table.source_));
    }
  } else if (resuming) {
    throw InputError(fmt::format("{} is missing: the search being resumed cannot be checked against its space and "
                                 "latency source; give another --out", file.string()));
  }
  LatencyTable table = profile(space, source);
  table.save(file);
  return table;
}

void LatencyTable::check_space(const space::Space& space, const std::string& where) const {
  if (space_ != space.name)
    throw InputError(fmt::format("{}: the latency table was profiled for space '{}', not '{}'", where, space_, space.name));
  if (space_digest_ != space::space_digest(space))
    throw InputError(fmt::format("{}: the latency table was profiled for another version of space '{}' (digest {}, now {})",
                                 where, space_, space_digest_, space::space_digest(space)));
}

}  // namespace hwnas::s3nas
