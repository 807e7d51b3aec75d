#include "hwnas/profile/sampling_plan.hpp"

#include <unordered_map>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::profile {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct ArchHash {
  std::size_t operator()(const arch::Architecture& a) const {
    std::uint64_t h = splitmix64(static_cast<std::uint64_t>(a.resolution));
    for (int v : a.variables) h = splitmix64(h ^ static_cast<std::uint64_t>(v));
    for (const auto& u : a.units) {
      h = splitmix64(h ^ (0x100000000ULL + static_cast<std::uint64_t>(u.width)));
      for (int b : u.blocks) h = splitmix64(h ^ (0x200000000ULL + static_cast<std::uint64_t>(b)));
    }
    return static_cast<std::size_t>(h);
  }
};

class Deduplicator {
 public:
  explicit Deduplicator(SamplingPlan& plan) : plan_(plan) {}
  int add(arch::Architecture&& a) {
    const auto [it, inserted] = index_.try_emplace(a, static_cast<int>(plan_.archs.size()));
    if (inserted) plan_.archs.push_back(std::move(a));
    return it->second;
  }

 private:
  SamplingPlan& plan_;
  std::unordered_map<arch::Architecture, int, ArchHash> index_;
};

}  // namespace

std::string_view to_string(Design design) { return design == Design::paired ? "paired" : "independent"; }

Design parse_design(std::string_view text) {
  if (text == "paired") return Design::paired;
  if (text == "independent") return Design::independent;
  throw InputError(fmt::format("--design: expected 'paired' or 'independent', got '{}'", text));
}

std::uint64_t mix_seed(std::uint64_t seed, std::initializer_list<std::uint64_t> parts) {
  std::uint64_t h = splitmix64(seed);
  for (std::uint64_t p : parts) h = splitmix64(h ^ p);
  return h;
}

std::size_t SamplingPlan::requested() const {
  std::size_t n = baseline.size();
  for (const auto& c : cells) n += c.size();
  return n;
}

SamplingPlan make_plan(const space::Space& space, const std::vector<Cell>& cells, Design design, int samples,
                       int resolution, std::uint64_t seed, arch::DepthRule rule) {
  SamplingPlan plan;
  plan.resolution = resolution;
  plan.cells.resize(cells.size());
  Deduplicator dedup(plan);
  const auto k = static_cast<std::size_t>(samples);
  const auto res = static_cast<std::uint64_t>(resolution);

  if (design == Design::independent) {
    arch::Rng base_rng(mix_seed(seed, {res, 0}));
    for (std::size_t j = 0; j < k; ++j) plan.baseline.push_back(dedup.add(arch::sample_uniform(space, base_rng, resolution)));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const Cell& cell = cells[c];
      arch::Rng rng(mix_seed(seed, {res, c + 1}));
      for (std::size_t j = 0; j < k; ++j) {
        arch::Architecture a;
        if (cell.kind == CellKind::block) {
          a = arch::sample_fixed(space, rng, arch::Placement{cell.unit, cell.layer, cell.block}, resolution, rule);
          if (cell.width >= 0) a.units[static_cast<std::size_t>(cell.unit)].width = cell.width;
        } else {
          a = arch::sample_uniform(space, rng, resolution);
          apply_cell(space, cell, a, rng, rule);
        }
        plan.cells[c].push_back(dedup.add(std::move(a)));
      }
    }
    return plan;
  }

  std::vector<arch::Architecture> backgrounds;
  backgrounds.reserve(k);
  for (std::size_t j = 0; j < k; ++j) {
    arch::Rng rng(mix_seed(seed, {res, 1, j}));
    backgrounds.push_back(arch::sample_uniform(space, rng, resolution));
    plan.baseline.push_back(dedup.add(arch::Architecture(backgrounds.back())));
  }
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const Cell& cell = cells[c];
    // Fillers depend on the location only (not on the block or width), so cells at one location pair.
    const auto location = cell.kind == CellKind::block
                              ? static_cast<std::uint64_t>(cell.unit * 1000 + cell.layer)
                              : static_cast<std::uint64_t>(1000000 + cell.unit);
    for (std::size_t j = 0; j < k; ++j) {
      arch::Architecture a = backgrounds[j];
      arch::Rng filler(mix_seed(seed, {res, 2, j, location}));
      apply_cell(space, cell, a, filler, rule);
      plan.cells[c].push_back(dedup.add(std::move(a)));
    }
  }
  return plan;
}

}  // namespace hwnas::profile
