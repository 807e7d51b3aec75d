#include "hwnas/search/random_search.hpp"

#include "hwnas/search/rng.hpp"
#include "hwnas/search/state_check.hpp"

namespace hwnas::search {

std::vector<arch::Architecture> RandomSearch::ask() {
  arch::Rng rng = step_rng(seed_, step_++);
  std::vector<arch::Architecture> batch;
  batch.reserve(kBatch);
  for (int i = 0; i < kBatch; ++i) batch.push_back(arch::sample_uniform(space_, rng));
  return batch;
}

nlohmann::json RandomSearch::save_state() const {
  return {{"algorithm", name()}, {"step", step_}, {"generation", generation_}};
}

void RandomSearch::load_state(const nlohmann::json& state) {
  check_state_owner(state, name());
  step_ = state.at("step").get<std::uint64_t>();
  generation_ = state.at("generation").get<int>();
}

}  // namespace hwnas::search
