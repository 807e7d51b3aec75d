#include "hwnas/predict/lut_predictor.hpp"

#include <cmath>
#include <map>

#include <fmt/core.h>

#include "hwnas/common/progress.hpp"
#include "hwnas/common/thread_cpu_time.hpp"
#include "hwnas/engine/engine.hpp"
#include "hwnas/export/weights.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/predict/layer_context.hpp"
#include "hwnas/predict/linear_predictors.hpp"
#include "hwnas/predict/ofa_lut_yaml.hpp"

namespace hwnas::predict {
namespace {

class LutPredictor final : public Predictor {
 public:
  LutPredictor(const space::Space& space, Provenance provenance, std::map<std::string, double> entries, double scale,
               double offset, nlohmann::json measured_with)
      : space_(space), contexts_(space_), entries_(std::move(entries)), scale_(scale), offset_(offset),
        measured_with_(std::move(measured_with)) {
    provenance_ = std::move(provenance);
  }

  // Sum of the table over the network's layers, before calibration.
  double raw_sum(const arch::Architecture& a) {
    contexts_.layers(a, layers_);
    double total = 0;
    for (const LayerToken* t : layers_) {
      if (static_cast<std::size_t>(t->id) >= by_id_.size()) by_id_.resize(static_cast<std::size_t>(contexts_.token_count()), std::nan(""));
      double& v = by_id_[static_cast<std::size_t>(t->id)];
      if (std::isnan(v)) {
        const auto it = entries_.find(t->key);
        if (it == entries_.end()) {
          throw InputError(fmt::format("lookup table has no entry for layer '{}' (measure it: retrain the lut at "
                                       "this resolution)",
                                       t->key));
        }
        v = it->second;
      }
      total += v;
    }
    return total;
  }

  std::vector<double> predict(std::span<const arch::Architecture> archs) override {
    std::vector<double> out;
    out.reserve(archs.size());
    for (const auto& a : archs) out.push_back(scale_ * raw_sum(a) + offset_);
    return out;
  }

  void save(const std::filesystem::path& file) const override {
    write_predictor_file(file, provenance_,
                         {{"entries_ms", entries_},
                          {"calibration", {{"scale", scale_}, {"offset_ms", offset_}}},
                          {"measured_with", measured_with_}});
  }

  void set_calibration(double scale, double offset) {
    scale_ = scale;
    offset_ = offset;
  }

 private:
  space::Space space_;
  LayerContexts contexts_;
  std::map<std::string, double> entries_;
  double scale_, offset_;
  nlohmann::json measured_with_;
  std::vector<const LayerToken*> layers_;
  std::vector<double> by_id_;  // table value per token id, NaN until looked up
};

// option from=layers: the table is what the device's benchmark tool measured per layer inside the
// training networks (stored per-layer rows), not layers measured alone. A fused row's time is split
// evenly over its IR layers; rows of no IR layer (the tool's reformat copies) are left to the
// calibration's offset. Each key's entry is its mean over every occurrence.
std::map<std::string, double> entries_from_layers(const TrainingInput& input, LayerContexts& contexts) {
  std::map<std::string, std::pair<double, int>> sums;
  std::size_t profiled = 0;
  for (const auto& s : input.train) {
    if (s.layers.empty()) continue;
    ++profiled;
    const graph::Graph g = graph::build(input.space, s.arch);
    const auto tokens = contexts.layers(s.arch);
    // Tokens come in network order, one per graph layer; the stored rows name graph layers.
    const auto same = [&](std::size_t i) {
      return tokens[i]->role == g.layers[i].role && tokens[i]->unit == g.layers[i].unit &&
             tokens[i]->index == g.layers[i].index;
    };
    for (std::size_t i = 0; i < std::max(tokens.size(), g.layers.size()); ++i) {
      if (i >= tokens.size() || i >= g.layers.size() || !same(i)) {
        throw std::logic_error(fmt::format("lut: the layer tokens of network {} do not follow its {} graph layers",
                                           s.hash, g.layers.size()));
      }
    }
    std::map<std::string, double> ms_of_layer;
    for (const auto& row : s.layers) {
      for (const auto& layer : row.ir_layers) {
        ms_of_layer[layer] += row.seconds * 1e3 / static_cast<double>(row.ir_layers.size());
      }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      auto& [sum, count] = sums[tokens[i]->key];
      const auto it = ms_of_layer.find(g.layers[i].name);
      sum += it == ms_of_layer.end() ? 0.0 : it->second;
      ++count;
    }
  }
  if (profiled == 0) {
    throw InputError("lut --from layers: none of the training networks has per-layer times stored (measure them "
                     "with a tool that profiles: trtexec --dumpProfile, benchmark_model --enable_op_profiling, "
                     "benchmark_app -report_type detailed_counters)");
  }
  std::map<std::string, double> entries;
  for (const auto& [key, sc] : sums) entries[key] = sc.first / sc.second;
  return entries;
}

std::unique_ptr<Predictor> calibrated(const TrainingInput& input, std::map<std::string, double> entries,
                                      const nlohmann::json& measured_with) {
  Provenance p = input.provenance;
  p.kind = "lut";
  auto lut = std::make_unique<LutPredictor>(input.space, p, std::move(entries), 1.0, 0.0, measured_with);
  std::vector<double> sums, targets;
  for (const auto& s : input.train) {
    sums.push_back(lut->raw_sum(s.arch));
    targets.push_back(s.value);
  }
  const auto [scale, offset] = fit_line(sums, targets);
  lut->set_calibration(scale, offset);
  lut->provenance().settings["calibration"] = {{"scale", scale}, {"offset_ms", offset}};
  return lut;
}

}  // namespace

std::unique_ptr<Predictor> train_lut(const TrainingInput& input) {
  if (input.options.value("from", std::string("engine")) == "layers") {
    LayerContexts contexts(input.space);
    auto entries = entries_from_layers(input, contexts);
    const nlohmann::json measured_with = {{"source", "per-layer rows stored with the measurements"},
                                          {"layers", entries.size()}};
    return calibrated(input, std::move(entries), measured_with);
  }
  if (input.engine.empty()) throw InputError("the lut kind measures layers on the device's engine: no engine given");
  LayerContexts contexts(input.space);
  // Every layer configuration any network of the training frames (resolutions, widths) can contain.
  std::map<std::string, const LayerToken*> todo;
  for (const auto& s : input.train) {
    for (const LayerToken* t : contexts.frame_layers(s.arch)) todo.emplace(t->key, t);
  }
  measure::ProtocolOptions options;
  options.with_warmup(10, 0.1).with_runs(input.options.value("min_runs", 20), input.options.value("max_runs", 200))
      .with_max_seconds(5).with_target(0.01);
  auto engine = engine::make_engine(input.engine, input.threads);
  // A one-thread engine computes on this thread, so its CPU time is the layer's own time even while
  // other jobs share the core; wall time counts their slices too. The calibration maps to wall time.
  const bool thread_cpu = input.threads == 1 && input.options.value("timing", std::string("thread_cpu")) == "thread_cpu";
  std::map<std::string, double> entries;
  std::optional<ProgressLine> progress;
  if (!input.quiet) progress.emplace("lut: measuring layers on " + input.engine, todo.size());
  for (const auto& [key, token] : todo) {
    engine->build(token->graph, exporting::random_weights(token->graph, 0));
    const auto m = measure::run_protocol(
        [&] {
          const double cpu_before = thread_cpu_seconds();
          const auto r = engine->run();
          if (!r.ok()) throw InputError(fmt::format("lut: running layer '{}' failed: {}", key, r.error));
          return thread_cpu ? thread_cpu_seconds() - cpu_before : r.seconds;
        },
        options);
    entries[key] = m.stats.median * 1e3;
    if (progress) progress->update(entries.size(), key);
  }
  const nlohmann::json measured_with = {{"engine", input.engine}, {"threads", input.threads},
                                        {"timing", thread_cpu ? "thread_cpu" : "wall"},
                                        {"protocol", options.to_json()}, {"layers", entries.size()}};
  return calibrated(input, std::move(entries), measured_with);
}

std::unique_ptr<Predictor> load_lut(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                    const std::filesystem::path& file) {
  try {
    const auto& cal = model.at("calibration");
    return std::make_unique<LutPredictor>(space, std::move(provenance),
                                          model.at("entries_ms").get<std::map<std::string, double>>(),
                                          cal.at("scale").get<double>(), cal.at("offset_ms").get<double>(),
                                          model.value("measured_with", nlohmann::json::object()));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: bad lut model: {}", file.string(), e.what()));
  }
}

std::unique_ptr<Predictor> load_ofa_lut_yaml(const space::Space& space, const std::filesystem::path& file) {
  std::map<std::string, double> entries = read_ofa_lut_yaml(file);
  Provenance p;
  p.kind = "lut";
  p.space = space.name;
  for (const auto& b : space.blocks) p.blocks.push_back(b.name);
  p.target = "latency:" + file.stem().string();
  p.device_key = file.stem().string();
  p.store = file.string();
  p.samples = 0;
  p.settings = {{"source", "OFA lookup-table YAML"}};
  return std::make_unique<LutPredictor>(space, std::move(p), std::move(entries), 1.0, 0.0,
                                        nlohmann::json{{"source", file.string()}});
}

}  // namespace hwnas::predict
