// Retraining the search's winner from scratch (HURRICANE Algorithm 1, line 20): a supernet over the
// space restricted to the winner's op at every layer is that one network, trained with HURRICANE's
// retraining schedule (cosine decay) on every Fashion-MNIST training image and tested on t10k.
#pragma once

#include "hwnas/arch/architecture.hpp"
#include "hwnas/hurricane/supernet.hpp"
#include "hwnas/train/dataset.hpp"

namespace hwnas::hurricane {

struct RetrainResult {
  TrainingReport training;
  double test_accuracy = 0;  // %
  space::Space space;        // the one-path space the winner was trained in
  Supernet network{nullptr}; // its trained weights, BN recalibrated for the winner (trained_network.hpp saves them)
};

// train_all and test as train::load_data_folder reads them (x/255); normalised here with the
// fixed Fashion-MNIST statistics. The winner must be an architecture of `space` with fixed depths.
RetrainResult retrain(const space::Space& space, const arch::Architecture& winner, SupernetOptions options,
                      const train::ImageSet& train_all, const train::ImageSet& test);

}  // namespace hwnas::hurricane
