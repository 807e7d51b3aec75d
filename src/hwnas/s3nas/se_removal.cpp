#include "hwnas/s3nas/se_removal.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::s3nas {

double se_score(const torch::Tensor& excitations) {
  if (excitations.dim() != 2 || excitations.size(0) < 2)
    throw InputError(fmt::format("SE score needs images × channels excitations of at least 2 images, got {} "
                                 "dimensions of which the first has {}", excitations.dim(), excitations.size(0)));
  return excitations.to(torch::kDouble).std(0, /*unbiased=*/false).mean().item<double>();
}

namespace {

// Channel indices of the branches that `gates` switch on, in the concat's order.
torch::Tensor active_channels(const MixConvBlockImpl& block, const BlockGates& gates) {
  std::vector<std::int64_t> out;
  std::int64_t begin = 0;
  for (std::size_t j = 0; j < kBranches; ++j) {
    const int channels = block.options.branch_channels()[j];
    if (channels > 0 && gates[j].on.item<float>() > 0.5f)
      for (int c = 0; c < channels; ++c) out.push_back(begin + c);
    begin += channels;
  }
  return torch::tensor(out);
}

}  // namespace

std::vector<SeBlockScore> score_se_blocks(MixConvSupernetImpl& net, const std::vector<BlockGates>& gates,
                                          const std::vector<bool>& se, const torch::Tensor& images) {
  net.eval();
  torch::NoGradGuard no_grad;
  std::vector<std::vector<torch::Tensor>> parts(net.blocks().size());
  for (std::int64_t begin = 0; begin < images.size(0); begin += 256) {
    std::vector<torch::Tensor> excitations;
    net.forward(images.slice(0, begin, std::min<std::int64_t>(images.size(0), begin + 256)), gates, se, &excitations);
    for (std::size_t i = 0; i < excitations.size(); ++i)
      if (excitations[i].defined()) parts[i].push_back(excitations[i]);
  }
  std::vector<SeBlockScore> out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) continue;
    const torch::Tensor all = torch::cat(parts[i]);
    const auto& p = net.positions()[i];
    out.push_back({i, {p.unit, p.layer}, se_score(all.index_select(1, active_channels(*net.blocks()[i], gates[i]))),
                   all.mean(0)});
  }
  return out;
}

std::vector<std::size_t> lowest_scores(const std::vector<SeBlockScore>& scores, std::optional<int> count,
                                       std::optional<double> threshold) {
  if (!count && !threshold) throw InputError("SE removal needs a count or a threshold");
  if (count && *count < 0) throw InputError(fmt::format("cannot remove {} SE blocks", *count));
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a].score < scores[b].score; });
  if (threshold)
    order.erase(std::remove_if(order.begin(), order.end(), [&](std::size_t i) { return scores[i].score >= *threshold; }),
                order.end());
  if (count && static_cast<std::size_t>(*count) < order.size()) order.resize(static_cast<std::size_t>(*count));
  return order;
}

void fold_mean_excitation(MixConvBlockImpl& block, const torch::Tensor& mean_excitation) {
  torch::NoGradGuard no_grad;
  // project.weight is out × mid × 1 × 1: scaling input channel c by e_c is scaling column c.
  block.project->weight.mul_(mean_excitation.to(block.project->weight.dtype()).view({1, -1, 1, 1}));
}

}  // namespace hwnas::s3nas
