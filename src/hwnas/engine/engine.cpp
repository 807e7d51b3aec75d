#include "hwnas/engine/engine.hpp"

#include <array>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/engine_preset.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"

namespace hwnas::engine {

namespace {

std::unique_ptr<Engine> make_torchscript(std::string_view, int threads, const EngineOptions&) {
  return make_torchscript_engine(threads, /*mobile=*/false);
}
std::unique_ptr<Engine> make_mobile(std::string_view, int threads, const EngineOptions&) {
  return make_torchscript_engine(threads, /*mobile=*/true);
}
std::unique_ptr<Engine> make_opencv(std::string_view, int threads, const EngineOptions&) {
  return make_opencv_engine(threads);
}
std::unique_ptr<Engine> make_torch(std::string_view, int threads, const EngineOptions&) {
  return make_torch_eager_engine(threads);
}
std::unique_ptr<Engine> make_command(std::string_view command, int threads, const EngineOptions& options) {
  check_parser_name(options.parser);
  return make_command_engine(threads, {"command", {}, std::string(command), {}}, options);
}

const std::array<EngineKind, 5> kKinds{{
    {"torchscript", "torchscript", "frozen TorchScript, convolutions compiled by oneDNN on channels_last tensors",
     make_torchscript},
    {"mobile", "mobile", "TorchScript after optimizeForMobile (XNNPACK prepacked ops)", make_mobile},
    {"opencv", "opencv", "the exported ONNX model in OpenCV DNN", make_opencv},
    {"torch", "torch", "LibTorch eager execution of the IR, op by op; CUDA when available", make_torch},
    {"command:", "command:<template>", "an external benchmark command (docs/engines.md for its placeholders)",
     make_command},
}};

}  // namespace

std::span<const EngineKind> engine_kinds() { return kKinds; }

std::vector<std::string> engine_specs() {
  std::vector<std::string> specs;
  for (const auto& kind : kKinds) specs.emplace_back(kind.form);
  for (const auto& preset : engine_presets()) specs.push_back(preset.name);
  return specs;
}

std::unique_ptr<Engine> make_engine(std::string_view spec, int threads, const EngineOptions& options) {
  if (threads < 1) {
    throw InputError("engine '" + std::string(spec) + "': threads must be >= 1, got " +
                     std::to_string(threads));
  }
  for (const auto& kind : kKinds) {
    const bool prefixed = kind.prefix.ends_with(':');
    if (prefixed ? spec.starts_with(kind.prefix) : spec == kind.prefix) {
      return kind.make(spec.substr(prefixed ? kind.prefix.size() : spec.size()), threads, options);
    }
  }
  if (auto preset = find_engine_preset(std::string(spec))) {
    EngineOptions with_parser = options;
    // --parser overrides the preset's only when given (its default is "auto").
    if (with_parser.parser == "auto") with_parser.parser = preset->parser;
    check_parser_name(with_parser.parser);
    return make_command_engine(threads, {preset->name, preset->prepare, preset->command, preset->facts}, with_parser);
  }
  std::string valid;
  for (const auto& name : engine_specs()) valid += (valid.empty() ? "" : ", ") + name;
  throw InputError("unknown engine '" + std::string(spec) + "' (expected one of: " + valid + ")");
}

}  // namespace hwnas::engine
