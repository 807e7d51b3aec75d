#include "hwnas/s3nas/train_fixed.hpp"

#include <random>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/lr_schedule.hpp"

namespace hwnas::s3nas {

std::vector<BlockGates> architecture_gates(const MixConvSupernetImpl& net, const arch::Architecture& a) {
  arch::validate(net.space(), a);
  std::vector<BlockGates> gates;
  for (const auto& position : net.positions()) {
    const auto& blocks = a.units[static_cast<std::size_t>(position.unit)].blocks;
    BranchKernels kernels{};
    if (position.layer < static_cast<int>(blocks.size()))
      kernels = kernels_of(net.space().blocks[static_cast<std::size_t>(blocks[static_cast<std::size_t>(position.layer)])]);
    gates.push_back({fixed_gates(kernels[0]), fixed_gates(kernels[1]), fixed_gates(kernels[2])});
  }
  return gates;
}

std::vector<bool> architecture_se(const MixConvSupernetImpl& net, const arch::Architecture& a) {
  arch::validate(net.space(), a);
  std::vector<bool> se;
  for (const auto& position : net.positions()) {
    const auto& blocks = a.units[static_cast<std::size_t>(position.unit)].blocks;
    se.push_back(position.layer < static_cast<int>(blocks.size()) &&
                 net.space().blocks[static_cast<std::size_t>(blocks[static_cast<std::size_t>(position.layer)])].se);
  }
  return se;
}

torch::Tensor at_resolution(const torch::Tensor& images, int resolution) {
  if (images.size(2) == resolution && images.size(3) == resolution) return images;
  namespace F = torch::nn::functional;
  return F::interpolate(images, F::InterpolateFuncOptions()
                                    .size(std::vector<std::int64_t>{resolution, resolution})
                                    .mode(torch::kBilinear)
                                    .align_corners(false));
}

double train_gated(MixConvSupernetImpl& net, const std::vector<BlockGates>& gates, const std::vector<bool>& se,
                   int resolution, const train::ImageSet& train, const FixedTrainOptions& options) {
  if (train.size() < options.batch_size)
    throw InputError(fmt::format("{} training images, fewer than one batch of {}", train.size(), options.batch_size));
  torch::optim::SGD optimiser(net.weight_parameters(), torch::optim::SGDOptions(options.lr).momentum(0.9));
  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<std::int64_t> row(0, train.size() - 1);
  double last = 0;
  net.train();
  for (int step = 0; step < options.steps; ++step) {
    train::set_learning_rate(optimiser, train::scheduled_learning_rate(train::LrSchedule::cosine, options.lr, step, options.steps));
    std::vector<std::int64_t> rows(static_cast<std::size_t>(options.batch_size));
    for (auto& r : rows) r = row(rng);
    const torch::Tensor index = torch::tensor(rows);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        net.forward(at_resolution(train.images.index_select(0, index), resolution), gates, se),
        train.labels.index_select(0, index));
    optimiser.zero_grad();
    loss.backward();
    optimiser.step();
    last = loss.item<double>();
  }
  return last;
}

double test_accuracy(MixConvSupernetImpl& net, const std::vector<BlockGates>& gates, const std::vector<bool>& se,
                     int resolution, const train::ImageSet& test) {
  net.eval();
  torch::NoGradGuard no_grad;
  std::int64_t correct = 0;
  for (std::int64_t begin = 0; begin < test.size(); begin += 256) {
    const std::int64_t count = std::min<std::int64_t>(256, test.size() - begin);
    const train::ImageSet part = test.slice(begin, count);
    correct += net.forward(at_resolution(part.images, resolution), gates, se).argmax(1).eq(part.labels).sum().item<std::int64_t>();
  }
  return test.size() > 0 ? static_cast<double>(correct) / static_cast<double>(test.size()) : 0;
}

FixedTrainResult train_fixed(const space::Space& space, const arch::Architecture& a, const train::ImageSet& train,
                             const train::ImageSet& test, const FixedTrainOptions& options) {
  torch::manual_seed(options.seed);
  MixConvSupernet net(space);
  const auto gates = architecture_gates(*net, a);
  const auto se = architecture_se(*net, a);
  FixedTrainResult result;
  result.last_cross_entropy = train_gated(*net, gates, se, a.resolution, train, options);
  result.test_accuracy = test_accuracy(*net, gates, se, a.resolution, test);
  result.network = net;
  return result;
}

}  // namespace hwnas::s3nas
