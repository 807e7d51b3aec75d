// HURRICANE's hardware-aware space generation (HURRICANE §3.1): per layer, rank the candidate ops by
//   score_op(i) = (F_op · P_op)^α / τ(ℓ_i(a) = op)          (eq. 2)
// keep the top p, and in the last `explore_layers` layers add one exploring operator.
//
// The exploring operator: the paper adds it "mainly for better accuracy, its score could be not so
// top ranked" and does not say how it is picked. We take the best-scoring op of a block family
// (sep, mbconv, shuffle, shuffle_xception) that none of the kept ops belongs to — the layer gets one
// structurally different option, as Table 1's MB_3_3 / MB_5_1 / MB_7_1 beside Choice ops — and, when
// the kept ops already cover every family, the (p+1)-th op by score.
#pragma once

#include <string>
#include <vector>

#include "hwnas/hurricane/layer_profile.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::hurricane {

struct GenerationOptions {
  double alpha = 0.0;      // eq. 2's α ≥ 0; 0 ranks by latency alone
  int keep = 4;            // p: operators kept per layer
  int explore_layers = 4;  // last layers that get an exploring operator (0: none)
  std::string name;        // name of the generated space; default "<space>-<device>" (the spec's last part)
};

struct ScoredOperator {
  OperatorMeasure measure;
  double score = 0;
  int rank = 0;  // 1-based within its layer, by score
};

struct LayerChoice {
  LayerSlot slot;
  std::vector<ScoredOperator> ranked;  // every candidate, best score first
  std::vector<int> kept;               // indices into ranked of the top p
  int explorer = -1;                   // index into ranked of the exploring operator, or -1
  // Block indices (of the source space) of the generated layer: kept, then the explorer.
  std::vector<int> blocks() const;
};

struct GeneratedSpace {
  space::Space space;              // the generated space: only the chosen blocks, per-layer lists
  std::vector<LayerChoice> layers;
  GenerationOptions options;
  std::string metric;
};

// eq. 2; F·P of 0 (a parameter-free op) scores 0 for α > 0 and 1/τ for α = 0.
double score(double flops, double params, double latency, double alpha);

// Ranks and selects per layer; InputError for α < 0, p < 1, p larger than some layer's candidate
// count, or more exploring layers than the space has.
GeneratedSpace generate_space(const space::Space& source, const LayerProfile& profile,
                              const GenerationOptions& options);

// The per-stage table in the form of HURRICANE Table 1: output shape, layers, operators. Consecutive
// layers of a unit with the same operator list share a row.
struct StageRow {
  std::string output;  // "56^2 x 64"
  std::string layers;  // "1-4"
  std::vector<std::string> operators;
};
std::vector<StageRow> stage_table(const GeneratedSpace& generated);
std::string format_stage_table(const GeneratedSpace& generated);

// The initial winner of Algorithm 1 (line 4-6): the top-1 op of every layer, as block indices of
// `target` (the generated space, or the space it was generated from).
arch::Architecture top1_architecture(const GeneratedSpace& generated, const space::Space& target);

}  // namespace hwnas::hurricane
