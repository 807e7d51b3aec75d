#include "hwnas/hurricane/retrain.hpp"

#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/hurricane/two_stage_search.hpp"

namespace hwnas::hurricane {

RetrainResult retrain(const space::Space& space, const arch::Architecture& winner, SupernetOptions options,
                      const train::ImageSet& train_all, const train::ImageSet& test) {
  // No layer active: every layer offers the winner's op alone.
  space::Space one_path = stage_space(space, winner, {}, 0);
  one_path.name = space.name + "-retrain";
  const train::ImageSet train = train::normalise(train_all, kFashionMnistNormalisation);
  Supernet network(one_path, options);
  RetrainResult result;
  result.training = network->fit(train);
  result.test_accuracy =
      network->accuracy(std::span(&winner, 1), train, train::normalise(test, kFashionMnistNormalisation)).front();
  result.space = std::move(one_path);
  result.network = network;
  return result;
}

}  // namespace hwnas::hurricane
