// Every layer of an architecture as a predictor sees it: which block (or stem/head part), the
// tensor shapes around it, its stride, its MACs and its lookup-table key. Shapes of a searchable
// layer depend only on its position and the architecture's "frame" (resolution, widths, variables),
// never on the other blocks, so LayerContexts computes each (frame, unit, layer, block) once and
// then answers by lookup: predictors built on it predict millions of networks per second.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/graph/graph.hpp"

namespace hwnas::predict {

struct LayerToken {
  graph::LayerRole role = graph::LayerRole::block;
  int block = -1;  // Space::blocks index of a searchable layer; -1 for stem and head parts
  int unit = -1;   // searchable layers: 0-based unit and layer within it
  int index = -1;
  graph::Shape in, out;
  int stride = 1;
  std::int64_t macs = 0;
  int id = 0;          // dense id, unique within one LayerContexts: predictors index tables by it
  std::string key;     // lookup-table key in OFA's naming, e.g. expanded_conv-input:...
  graph::Graph graph;  // the layer alone at its input shape: what a lookup table measures
};

class LayerContexts {
 public:
  explicit LayerContexts(const space::Space& space);

  // The layers of `arch` in network order (stem, blocks, head). Pointers stay valid for the life of
  // this object. The architecture must be valid for the space (not re-checked on the fast path).
  void layers(const arch::Architecture& arch, std::vector<const LayerToken*>& out);
  std::vector<const LayerToken*> layers(const arch::Architecture& arch);

  // Every distinct layer any architecture of this frame can contain (stem, head, and each block at
  // each position): the configurations a lookup table needs.
  std::vector<const LayerToken*> frame_layers(const arch::Architecture& arch);

  const space::Space& space() const { return space_; }
  // Tokens created so far (ids are 0 .. token_count() - 1).
  int token_count() const { return next_id_; }

 private:
  struct Frame {
    std::vector<LayerToken> stem, head;
    std::vector<std::vector<std::vector<LayerToken>>> slots;  // [unit][layer][block]
  };
  const Frame& frame(const arch::Architecture& arch);
  std::unique_ptr<Frame> build_frame(const arch::Architecture& arch);

  const space::Space& space_;
  std::map<std::vector<int>, std::unique_ptr<Frame>> frames_;
  std::vector<int> last_key_;
  const Frame* last_frame_ = nullptr;
  int next_id_ = 0;
};

// The lookup-table key of a single-layer graph (its only layer), in OFA's Note10 naming:
// depthwise-separable blocks are expanded_conv-input:HxWxC-output:HxWxC-expand:<mid>-kernel:K-
// stride:S-idskip:0|1-se:0|1-hs:0|1; a stem conv is Conv-...; head parts are Conv_1 (first conv),
// AvgPool2D, Conv_2 (second conv) and Logits-input:1x1xC-output:N. head_ordinal counts head convs.
std::string layer_key(const graph::Graph& single_layer, int head_conv_ordinal);

// The ops of one layer of `graph` as a graph of their own, fed by an input of the layer's input shape.
graph::Graph extract_layer(const graph::Graph& graph, int layer);

}  // namespace hwnas::predict
