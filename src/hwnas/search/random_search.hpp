// The baseline every NAS comparison must include: uniform architectures (BlockProfile's sampling,
// arch::sample_uniform), in batches, until the budget ends. The driver's archive is its result.
#pragma once

#include "hwnas/search/algorithm.hpp"

namespace hwnas::search {

class RandomSearch final : public SearchAlgorithm {
 public:
  static constexpr int kBatch = 100;

  RandomSearch(const space::Space& space, std::uint64_t seed) : space_(space), seed_(seed) {}
  std::string_view name() const override { return "random"; }
  std::vector<arch::Architecture> ask() override;
  void tell(std::span<const Trial>) override { ++generation_; }
  int generation() const override { return generation_; }
  nlohmann::json save_state() const override;
  void load_state(const nlohmann::json& state) override;

 private:
  const space::Space& space_;
  std::uint64_t seed_;
  std::uint64_t step_ = 0;
  int generation_ = 0;
};

}  // namespace hwnas::search
