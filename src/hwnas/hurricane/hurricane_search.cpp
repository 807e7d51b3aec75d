#include "hwnas/hurricane/hurricane_search.hpp"

#include <algorithm>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/hurricane/reachability.hpp"
#include "hwnas/hurricane/space_generation.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::hurricane {

search::SposEvolutionSettings spos_evolution_for(int population) {
  search::SposEvolutionSettings evolution;
  evolution.population = population;
  evolution.select = std::max(1, population / 5);
  evolution.mutations = population / 2;
  evolution.crossovers = population / 2;
  return evolution;
}

TwoStageResult hurricane_search(const space::Space& space, metric::MetricSource& latency, double bound,
                                const HurricaneSearchSettings& settings) {
  // Fail before loading data or training when nothing can meet the constraint.
  check_reachable(space, latency, bound, "");
  GenerationOptions top1;
  top1.alpha = settings.alpha;
  top1.keep = 1;
  top1.explore_layers = 0;
  const LayerProfile profile = profile_layers(space, latency, {});
  const arch::Architecture initial = top1_architecture(generate_space(space, profile, top1), space);

  const train::DataFolder data = train::load_data_folder(settings.data);
  FashionMnistOneShot one_shot(settings.supernet, data.train, data.test, settings.split);
  TwoStageOptions options;
  options.t = settings.t;
  options.generations = settings.generations;
  options.evolution = spos_evolution_for(settings.population);
  options.seed = settings.seed;
  options.log = settings.log;
  if (settings.on_initial_winner) settings.on_initial_winner(initial);
  return two_stage_search(space, initial, one_shot, latency, bound, options);
}

nlohmann::json hurricane_result_json(const space::Space& space, const TwoStageResult& result,
                                     const std::string& constraint, int t, std::uint64_t seed) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& st : result.stages) {
    std::vector<int> active;
    for (int i : st.active) active.push_back(i + 1);
    stages.push_back({{"stage", st.stage}, {"active_layers", active}, {"iterations", st.training.iterations},
                      {"final_loss", st.training.final_loss}, {"reached_target_loss", st.training.reached_target},
                      {"train_seconds", st.training.seconds}, {"generations", st.generations},
                      {"paths_evaluated", st.evaluated}, {"paths_scored", st.scored},
                      {"winner", arch::to_canonical(space, st.winner)}, {"validation_accuracy", st.accuracy},
                      {"latency", st.latency}});
  }
  return {{"space", space.name},
          {"constraint", constraint},
          {"t", t},
          {"seed", seed},
          {"winner", arch::to_canonical(space, result.winner)},
          {"validation_accuracy", result.validation_accuracy},
          {"test_accuracy", result.test_accuracy},
          {"latency", result.latency},
          {"iterations", result.iterations},
          {"stages", stages}};
}

}  // namespace hwnas::hurricane
