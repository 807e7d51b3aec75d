// Grouping ops into kernels and costing each kernel (docs/devices.md, "the model").
#include "hwnas/sim/latency_model.hpp"

#include <algorithm>
#include <array>

#include "hwnas/sim/op_costs.hpp"

namespace hwnas::sim {
namespace {

using graph::Graph;
using graph::Op;
using graph::OpKind;

// Per-graph working arrays, reused across calls so the fast path allocates nothing.
struct Scratch {
  std::vector<int> consumers;      // how many ops read each op's output
  std::vector<int> only_consumer;  // the single reader, or -1
  std::vector<int> se_group;       // SE subgraph an op belongs to, or -1
  std::vector<char> assigned;      // already part of an earlier kernel
  struct SeGroup {
    double cycles = 0;
    std::int64_t macs = 0, elements = 0, weights = 0;
    int pool = -1;
  };
  std::vector<SeGroup> groups;
  void reset(std::size_t n) {
    consumers.assign(n, 0);
    only_consumer.assign(n, -1);
    se_group.assign(n, -1);
    assigned.assign(n, 0);
    groups.clear();
  }
};

// Marks every SE subgraph: a multiply whose scale comes from 1×1-spatial convs and activations
// over a global pool of the multiply's own input, each intermediate read by nothing else.
void find_se_groups(const Graph& g, Scratch& s) {
  for (std::size_t m = 0; m < g.ops.size(); ++m) {
    const Op& mul = g.ops[m];
    if (mul.kind != OpKind::multiply || mul.inputs.size() != 2) continue;
    std::array<int, 8> chain{};
    std::size_t length = 0;
    int at = mul.inputs[1];
    while (length < chain.size() && (g.op(at).kind == OpKind::activation || g.op(at).kind == OpKind::conv) &&
           g.shape(at).h == 1 && g.shape(at).w == 1 && s.consumers[static_cast<std::size_t>(at)] == 1) {
      chain[length++] = at;
      at = g.op(at).inputs[0];
    }
    const Op& pool = g.op(at);
    if (pool.kind != OpKind::global_avg_pool || pool.inputs[0] != mul.inputs[0] ||
        s.consumers[static_cast<std::size_t>(at)] != 1) {
      continue;
    }
    const int id = static_cast<int>(s.groups.size());
    s.groups.push_back({.pool = at});
    s.se_group[static_cast<std::size_t>(at)] = id;
    for (std::size_t i = 0; i < length; ++i) s.se_group[static_cast<std::size_t>(chain[i])] = id;
    s.se_group[m] = id;
  }
}

bool falls_back(const Device& d, OpClass op_class, const Op& op) {
  if (d.fallback.op_classes[static_cast<std::size_t>(op_class)]) return true;
  return op.kind == OpKind::activation && d.fallback.activations[static_cast<std::size_t>(op.act)];
}

bool token_matches(const FusionToken& t, OpClass op_class, const Op& op) {
  if (t.any_conv) return op_class == OpClass::conv || op_class == OpClass::pointwise || op_class == OpClass::depthwise;
  if (t.op_class != op_class) return false;
  return t.activation < 0 || static_cast<int>(op.act) == t.activation;
}

// A kernel on the main unit: roofline of compute against DRAM traffic, plus the launch cost.
// Activations stay on chip when the kernel's whole working set fits; weights always stream.
double main_kernel_s(const Device& d, double cycles, std::int64_t activation_elements, std::int64_t weights) {
  const double bytes = static_cast<double>(d.element_bytes());
  const double weight_bytes = static_cast<double>(weights) * bytes;
  const double working_set = static_cast<double>(activation_elements) * bytes + weight_bytes;
  const double dram_bytes = working_set > d.on_chip_bytes ? working_set : weight_bytes;
  const double memory_s = dram_bytes / (d.dram_gb_per_s * 1e9) + (dram_bytes > 0 ? d.dram_latency_us * 1e-6 : 0);
  const double compute_s = cycles / (d.clock_ghz * 1e9);
  return std::max(compute_s, memory_s) + d.kernel_overhead_us * 1e-6;
}

// A kernel on the fallback unit: its compute, moving its tensors there and back, the hand-over.
double fallback_kernel_s(const Device& d, std::int64_t macs, std::int64_t elements, std::int64_t moved_elements) {
  const Fallback& f = d.fallback;
  return static_cast<double>(macs) / (f.gmacs_per_s * 1e9) + static_cast<double>(elements) / (f.gelements_per_s * 1e9) +
         static_cast<double>(moved_elements * d.element_bytes()) / (f.transfer_gb_per_s * 1e9) + f.switch_us * 1e-6;
}

thread_local Scratch scratch;

}  // namespace

SimResult simulate(const Device& d, const Graph& g, int native_resolution, bool per_layer) {
  Scratch& s = scratch;
  const std::size_t n = g.ops.size();
  s.reset(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (int in : g.ops[i].inputs) {
      const auto j = static_cast<std::size_t>(in);
      s.only_consumer[j] = ++s.consumers[j] == 1 ? static_cast<int>(i) : -1;
    }
  }
  find_se_groups(g, s);

  SimResult r;
  r.resolution = g.shape(0).h;
  if (per_layer) r.layer_s.assign(g.layers.size(), 0.0);
  auto charge = [&](int layer, double seconds, bool fallback) {
    r.total_s += seconds;
    ++r.kernels;
    if (fallback) ++r.fallback_kernels;
    if (layer < 0) {
      r.fixed_s += seconds;
    } else if (per_layer) {
      r.layer_s[static_cast<std::size_t>(layer)] += seconds;
    }
  };

  for (std::size_t i = 0; i < n; ++i) {
    const Op& op = g.ops[i];
    if (op.kind == OpKind::input || s.assigned[i]) continue;
    const OpClass op_class = classify(g, op);

    if (const int id = s.se_group[i]; id >= 0) {
      Scratch::SeGroup& grp = s.groups[static_cast<std::size_t>(id)];
      grp.cycles += op_cycles(d, g, op);
      grp.macs += op_macs(g, op);
      grp.elements += op_elements(g, op);
      grp.weights += op_weights(g, op);
      if (op.kind != OpKind::multiply) continue;
      // The whole subgraph reads x once and writes x·scale.
      const std::int64_t x = g.shape(g.op(grp.pool).inputs[0]).elements();
      if (d.fallback.op_classes[static_cast<std::size_t>(OpClass::se)]) {
        charge(op.layer, fallback_kernel_s(d, grp.macs, grp.elements, x + op.out.elements()), true);
      } else {
        charge(op.layer, main_kernel_s(d, grp.cycles / d.efficiency.se, x + op.out.elements(), grp.weights), false);
      }
      continue;
    }

    std::int64_t external_inputs = 0;
    for (int in : op.inputs) external_inputs += g.shape(in).elements();
    if (falls_back(d, op_class, op)) {
      charge(op.layer, fallback_kernel_s(d, op_macs(g, op), op_elements(g, op), external_inputs + op.out.elements()),
             true);
      continue;
    }

    // Longest fusion chain starting here; followers run in the head's output pipeline, so they add
    // no cycles, and intermediates never leave the kernel.
    std::array<int, 8> best{};
    std::size_t best_length = 1;
    for (const FusionRule& rule : d.fusion) {
      if (!token_matches(rule.front(), op_class, op)) continue;
      std::array<int, 8> chain{};
      std::size_t length = 1;
      int cur = static_cast<int>(i);
      chain[0] = cur;
      for (std::size_t t = 1; t < rule.size() && length < chain.size(); ++t) {
        const int next = s.only_consumer[static_cast<std::size_t>(cur)];
        if (next < 0) break;
        const Op& nop = g.op(next);
        const OpClass next_class = classify(g, nop);
        if (s.se_group[static_cast<std::size_t>(next)] >= 0 || falls_back(d, next_class, nop) ||
            !token_matches(rule[t], next_class, nop)) {
          break;
        }
        chain[length++] = cur = next;
      }
      if (length > best_length) {
        best = chain;
        best_length = length;
      }
    }
    int last = static_cast<int>(i);
    for (std::size_t k = 1; k < best_length; ++k) {
      const int member = best[k];
      s.assigned[static_cast<std::size_t>(member)] = 1;
      for (int in : g.op(member).inputs) {
        if (in != last) external_inputs += g.shape(in).elements();
      }
      last = member;
    }
    charge(op.layer, main_kernel_s(d, op_cycles(d, g, op), external_inputs + g.shape(last).elements(), op_weights(g, op)),
           false);
  }

  // An input smaller than the graph's (a template) is padded up by one copy kernel.
  const graph::Shape& input = g.shape(0);
  if (native_resolution > 0 && native_resolution < input.h) {
    const std::int64_t native = std::int64_t{input.c} * native_resolution * native_resolution;
    const std::int64_t tiles = (std::int64_t{input.h} * input.w + d.pixel_lanes - 1) / d.pixel_lanes;
    const double cycles =
        static_cast<double>((input.c + d.vector_lanes - 1) / d.vector_lanes * tiles) / d.efficiency.data_movement;
    const double pad_s = main_kernel_s(d, cycles, native + input.elements(), 0);
    r.total_s += pad_s;
    r.fixed_s += pad_s;
    ++r.kernels;
  }
  r.total_s += d.inference_overhead_us * 1e-6;
  r.fixed_s += d.inference_overhead_us * 1e-6;
  return r;
}

}  // namespace hwnas::sim
