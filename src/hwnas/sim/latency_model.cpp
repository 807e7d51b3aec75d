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

// What the model tracks per op, and per-graph working arrays reused across calls so the fast path
// allocates nothing.
struct OpInfo {
  OpClass op_class = OpClass::data_movement;
  bool fallback = false;   // runs on the fallback unit
  bool assigned = false;   // already part of an earlier kernel
  int consumers = 0;       // how many ops read its output
  int only_consumer = -1;  // the single reader, or -1
  int se_group = -1;       // SE subgraph it belongs to, or -1
  int mix_group = -1;      // mixed-kernel depthwise group it belongs to, or -1
};

struct Scratch {
  std::vector<OpInfo> ops;
  struct SeGroup {
    double cycles = 0;
    std::int64_t macs = 0, elements = 0, weights = 0;
    int pool = -1;
  };
  std::vector<SeGroup> groups;
  // A MixConv's branches: slices of one tensor, each a depthwise conv (+ BN, activation), concatenated.
  struct MixGroup {
    int source = -1, concat = -1, first_conv = -1, max_kernel = 0;
    double separate_s = 0;  // what the branches, slices and concat were charged one by one
    int separate_kernels = 0;
  };
  std::vector<MixGroup> mixes;
  std::vector<int> mix_members;
};

thread_local Scratch scratch;

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
           g.shape(at).h == 1 && g.shape(at).w == 1 && s.ops[static_cast<std::size_t>(at)].consumers == 1) {
      chain[length++] = at;
      at = g.op(at).inputs[0];
    }
    const Op& pool = g.op(at);
    if (pool.kind != OpKind::global_avg_pool || pool.inputs[0] != mul.inputs[0] ||
        s.ops[static_cast<std::size_t>(at)].consumers != 1) {
      continue;
    }
    const int id = static_cast<int>(s.groups.size());
    s.groups.push_back({.pool = at});
    s.ops[static_cast<std::size_t>(at)].se_group = id;
    for (std::size_t i = 0; i < length; ++i) s.ops[static_cast<std::size_t>(chain[i])].se_group = id;
    s.ops[m].se_group = id;
  }
}

// Marks every MixConv group: a concat each of whose inputs is a depthwise conv, optionally followed
// by BN and an activation, of a slice of one common tensor, every intermediate read once. Such a
// group can also run as one depthwise pass at its largest kernel over all channels, the smaller
// kernels zero-padded (the superkernel S3NAS searches with); the model charges the cheaper of the
// two schedules, so a mixed-kernel block never costs more than its all-largest-kernel form.
void find_mix_groups(const Graph& g, Scratch& s) {
  for (std::size_t c = 0; c < g.ops.size(); ++c) {
    const Op& concat = g.ops[c];
    if (concat.kind != OpKind::concat || concat.inputs.size() < 2 || s.ops[c].fallback) continue;
    Scratch::MixGroup mix{.concat = static_cast<int>(c)};
    std::vector<int>& members = s.mix_members;
    members.clear();
    bool ok = true;
    for (int at : concat.inputs) {
      auto take = [&](OpKind kind) {
        const auto& info = s.ops[static_cast<std::size_t>(at)];
        if (g.op(at).kind != kind || info.consumers != 1 || info.fallback) return false;
        members.push_back(at);
        at = g.op(at).inputs[0];
        return true;
      };
      if (g.op(at).kind == OpKind::activation && !take(OpKind::activation)) ok = false;
      if (ok && g.op(at).kind == OpKind::batch_norm && !take(OpKind::batch_norm)) ok = false;
      const Op& conv = g.op(at);
      ok = ok && conv.kind == OpKind::conv && detail::classify_op(g, conv) == OpClass::depthwise && take(OpKind::conv);
      if (!ok) break;
      mix.max_kernel = std::max(mix.max_kernel, conv.kernel);
      if (mix.first_conv < 0) mix.first_conv = members.back();
      const Op& slice = g.op(at);
      ok = slice.kind == OpKind::slice && (mix.source < 0 || slice.inputs[0] == mix.source) && take(OpKind::slice);
      if (!ok) break;
      mix.source = slice.inputs[0];
    }
    if (!ok) continue;
    const int id = static_cast<int>(s.mixes.size());
    s.mixes.push_back(mix);
    s.ops[c].mix_group = id;
    for (int m : members) s.ops[static_cast<std::size_t>(m)].mix_group = id;
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

// The device's rates as multipliers, computed once per call instead of once per kernel.
struct Rates {
  explicit Rates(const Device& d)
      : s_per_cycle(1e-9 / d.clock_ghz),
        s_per_dram_byte(1e-9 / d.dram_gb_per_s),
        dram_latency_s(d.dram_latency_us * 1e-6),
        kernel_s(d.kernel_overhead_us * 1e-6),
        bytes(d.element_bytes()),
        on_chip_bytes(d.on_chip_bytes),
        fb_s_per_mac(1e-9 / d.fallback.gmacs_per_s),
        fb_s_per_element(1e-9 / d.fallback.gelements_per_s),
        fb_s_per_byte(1e-9 / d.fallback.transfer_gb_per_s),
        fb_switch_s(d.fallback.switch_us * 1e-6) {}

  // A kernel on the main unit: roofline of compute against DRAM traffic, plus the launch cost.
  // Activations stay on chip when the kernel's whole working set fits; weights always stream.
  double main_kernel(double cycles, std::int64_t activation_elements, std::int64_t weights) const {
    const double weight_bytes = static_cast<double>(weights) * bytes;
    const double working_set = static_cast<double>(activation_elements) * bytes + weight_bytes;
    const double dram_bytes = working_set > on_chip_bytes ? working_set : weight_bytes;
    const double memory_s = dram_bytes * s_per_dram_byte + (dram_bytes > 0 ? dram_latency_s : 0);
    return std::max(cycles * s_per_cycle, memory_s) + kernel_s;
  }
  // A kernel on the fallback unit: its compute, moving its tensors there and back, the hand-over.
  double fallback_kernel(std::int64_t macs, std::int64_t elements, std::int64_t moved_elements) const {
    return static_cast<double>(macs) * fb_s_per_mac + static_cast<double>(elements) * fb_s_per_element +
           static_cast<double>(moved_elements) * bytes * fb_s_per_byte + fb_switch_s;
  }

  double s_per_cycle, s_per_dram_byte, dram_latency_s, kernel_s, bytes, on_chip_bytes;
  double fb_s_per_mac, fb_s_per_element, fb_s_per_byte, fb_switch_s;
};

}  // namespace

SimResult simulate(const Device& d, const Graph& g, int native_resolution, bool per_layer) {
  Scratch& s = scratch;
  const std::size_t n = g.ops.size();
  s.ops.assign(n, OpInfo{});
  s.groups.clear();
  for (std::size_t i = 0; i < n; ++i) {
    OpInfo& info = s.ops[i];
    info.op_class = detail::classify_op(g, g.ops[i]);
    info.fallback = falls_back(d, info.op_class, g.ops[i]);
    for (int in : g.ops[i].inputs) {
      OpInfo& producer = s.ops[static_cast<std::size_t>(in)];
      producer.only_consumer = ++producer.consumers == 1 ? static_cast<int>(i) : -1;
    }
  }
  find_se_groups(g, s);
  s.mixes.clear();
  find_mix_groups(g, s);
  const Rates rates(d);
  const bool se_falls_back = d.fallback.op_classes[static_cast<std::size_t>(OpClass::se)];

  SimResult r;
  r.resolution = g.shape(0).h;
  if (per_layer) r.layer_s.assign(g.layers.size(), 0.0);
  auto charge = [&](int layer, double seconds, bool fallback, int head = -1) {
    if (head >= 0) {
      if (const int mix = s.ops[static_cast<std::size_t>(head)].mix_group; mix >= 0) {
        s.mixes[static_cast<std::size_t>(mix)].separate_s += seconds;
        ++s.mixes[static_cast<std::size_t>(mix)].separate_kernels;
      }
    }
    r.total_s += seconds;
    ++r.kernels;
    if (fallback) ++r.fallback_kernels;
    if (layer < 0) {
      r.fixed_s += seconds;
    } else if (per_layer) {
      r.layer_s[static_cast<std::size_t>(layer)] += seconds;
    }
  };
  // The next op of a fusion chain after `cur` if it can follow it under `token`, else -1.
  auto follower = [&](int cur, const FusionToken& token) {
    const int next = s.ops[static_cast<std::size_t>(cur)].only_consumer;
    if (next < 0) return -1;
    const OpInfo& info = s.ops[static_cast<std::size_t>(next)];
    if (info.se_group >= 0 || info.fallback || !token_matches(token, info.op_class, g.op(next))) return -1;
    return next;
  };

  for (std::size_t i = 0; i < n; ++i) {
    const Op& op = g.ops[i];
    const OpInfo& info = s.ops[i];
    if (op.kind == OpKind::input || info.assigned) continue;
    const OpClass op_class = info.op_class;

    if (const int id = info.se_group; id >= 0) {
      Scratch::SeGroup& grp = s.groups[static_cast<std::size_t>(id)];
      grp.cycles += detail::cycles(d, g, op, op_class);
      grp.macs += detail::macs(g, op);
      grp.elements += detail::elements(g, op);
      grp.weights += detail::weights(g, op);
      if (op.kind != OpKind::multiply) continue;
      // The whole subgraph reads x once and writes x·scale.
      const std::int64_t moved = g.shape(g.op(grp.pool).inputs[0]).elements() + op.out.elements();
      if (se_falls_back) {
        charge(op.layer, rates.fallback_kernel(grp.macs, grp.elements, moved), true);
      } else {
        charge(op.layer, rates.main_kernel(grp.cycles / d.efficiency.se, moved, grp.weights), false);
      }
      continue;
    }

    std::int64_t external_inputs = 0;
    for (int in : op.inputs) external_inputs += g.shape(in).elements();
    if (info.fallback) {
      charge(op.layer,
             rates.fallback_kernel(detail::macs(g, op), detail::elements(g, op), external_inputs + op.out.elements()),
             true);
      continue;
    }

    // The longest fusion chain starting here. Followers run in the head's output pipeline, so
    // they add no cycles, and intermediates never leave the kernel.
    const FusionRule* best = nullptr;
    std::size_t best_length = 1;
    for (const FusionRule& rule : d.fusion) {
      if (!token_matches(rule.front(), op_class, op)) continue;
      std::size_t length = 1;
      for (int cur = static_cast<int>(i); length < rule.size() && (cur = follower(cur, rule[length])) >= 0;) ++length;
      if (length > best_length) {
        best = &rule;
        best_length = length;
      }
    }
    int last = static_cast<int>(i);
    for (std::size_t t = 1; t < best_length; ++t) {
      const int member = follower(last, (*best)[t]);
      s.ops[static_cast<std::size_t>(member)].assigned = true;
      for (int in : g.op(member).inputs) {
        if (in != last) external_inputs += g.shape(in).elements();
      }
      last = member;
    }
    charge(op.layer,
           rates.main_kernel(detail::cycles(d, g, op, op_class), external_inputs + g.shape(last).elements(),
                             detail::weights(g, op)),
           false, static_cast<int>(i));
    if (info.mix_group >= 0 && op.kind == OpKind::concat) {
      // The superkernel schedule: one depthwise pass at the largest kernel over every channel.
      const Scratch::MixGroup& mix = s.mixes[static_cast<std::size_t>(info.mix_group)];
      Op padded = g.op(mix.first_conv);
      padded.inputs = {mix.source};
      padded.kernel = mix.max_kernel;
      padded.out = op.out;
      padded.groups = op.out.c;
      const double padded_s =
          rates.main_kernel(detail::cycles(d, g, padded, OpClass::depthwise),
                            g.shape(mix.source).elements() + op.out.elements(), detail::weights(g, padded) + 2 * op.out.c);
      if (padded_s < mix.separate_s) {
        r.total_s -= mix.separate_s - padded_s;
        if (op.layer < 0) {
          r.fixed_s -= mix.separate_s - padded_s;
        } else if (per_layer) {
          r.layer_s[static_cast<std::size_t>(op.layer)] -= mix.separate_s - padded_s;
        }
        r.kernels -= mix.separate_kernels - 1;
      }
    }
  }

  // An input smaller than the graph's (a template) is padded up by one copy kernel.
  const graph::Shape& input = g.shape(0);
  if (native_resolution > 0 && native_resolution < input.h) {
    const std::int64_t native = std::int64_t{input.c} * native_resolution * native_resolution;
    const std::int64_t tiles = detail::ceil_div(std::int64_t{input.h} * input.w, d.pixel_lanes);
    const double cycles =
        static_cast<double>(detail::ceil_div(input.c, d.vector_lanes) * tiles) / d.efficiency.data_movement;
    const double pad_s = rates.main_kernel(cycles, native + input.elements(), 0) + d.padding_overhead_us * 1e-6;
    r.total_s += pad_s;
    r.fixed_s += pad_s;
    ++r.kernels;
  }
  r.total_s += d.inference_overhead_us * 1e-6;
  r.fixed_s += d.inference_overhead_us * 1e-6;
  return r;
}

}  // namespace hwnas::sim
