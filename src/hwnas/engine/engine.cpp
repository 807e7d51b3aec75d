#include "hwnas/engine/engine.hpp"

#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/engine/engine_preset.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"

namespace hwnas::engine {

std::vector<std::string> engine_specs() {
  std::vector<std::string> specs = {"torchscript", "mobile", "opencv", "torch", "command:<template>"};
  for (const auto& preset : engine_presets()) specs.push_back(preset.name);
  return specs;
}

std::unique_ptr<Engine> make_engine(std::string_view spec, int threads, const EngineOptions& options) {
  if (threads < 1) {
    throw InputError("engine '" + std::string(spec) + "': threads must be >= 1, got " +
                     std::to_string(threads));
  }
  if (spec == "torchscript") return make_torchscript_engine(threads, /*mobile=*/false);
  if (spec == "mobile") return make_torchscript_engine(threads, /*mobile=*/true);
  if (spec == "opencv") return make_opencv_engine(threads);
  if (spec == "torch") return make_torch_eager_engine(threads);
  constexpr std::string_view command_prefix = "command:";
  if (spec.starts_with(command_prefix)) {
    check_parser_name(options.parser);
    return make_command_engine(threads, {"command", {}, std::string(spec.substr(command_prefix.size())), {}}, options);
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
