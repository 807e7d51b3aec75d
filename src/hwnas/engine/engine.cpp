#include "hwnas/engine/engine.hpp"

#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine_factories.hpp"

namespace hwnas::engine {

std::vector<std::string> engine_specs() {
  return {"torchscript", "mobile", "opencv", "torch", "command:<template>"};
}

std::unique_ptr<Engine> make_engine(std::string_view spec, int threads) {
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
    return make_command_engine(threads, std::string(spec.substr(command_prefix.size())));
  }
  std::string valid;
  for (const auto& name : engine_specs()) valid += (valid.empty() ? "" : ", ") + name;
  throw InputError("unknown engine '" + std::string(spec) + "' (expected one of: " + valid + ")");
}

}  // namespace hwnas::engine
