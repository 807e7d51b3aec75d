// hwnas predict: what a trained predictor file says about architectures.
#include <fmt/core.h>

#include "cli_args.hpp"
#include "command.hpp"
#include "options.hpp"
#include "hwnas/predict/predictor_kinds.hpp"

namespace hwnas::cli::cmd_predict {
namespace {

struct Args {
  std::string model;
  std::string space;
  std::vector<std::string> archs;
  std::optional<int> resolution;
  std::string device;
  bool json = false;
};

void run(const Args& a) {
  const space::Space s = space::load_space(a.space);
  auto predictor = predict::load_predictor(a.model, s);
  if (!a.device.empty()) predict::check_device(*predictor, a.device, a.model);
  std::vector<arch::Architecture> archs;
  for (const auto& text : a.archs) archs.push_back(parse_arch_arg(s, text, a.resolution));
  const auto values = predictor->predict(archs);
  const auto& p = predictor->provenance();
  if (a.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < archs.size(); ++i) {
      rows.push_back({{"arch", arch::to_canonical(s, archs[i])}, {"predicted", values[i]}});
    }
    fmt::print("{}\n", nlohmann::json{{"model", a.model}, {"kind", p.kind}, {"target", p.target}, {"unit", p.unit}, {"rows", rows}}.dump(2));
    return;
  }
  fmt::print("{} predictor for {} ({} training networks, {})\n", p.kind, p.target, p.samples, p.trained_at);
  for (std::size_t i = 0; i < archs.size(); ++i) fmt::print("{:>10.3f} {}  {}\n", values[i], p.unit, arch::to_canonical(s, archs[i]));
}

const CommandRegistration registration(46, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("predict", "Predict latency of architectures with a trained predictor file");
  cmd->footer("Example:\n  hwnas predict --model models/ridge.json --space ofa-mbv3 --arch 'r160|e3k3,e6k5|...'");
  cmd->add_option("--model", args->model, "predictor file (hwnas predictor JSON or an OFA lookup-table YAML)")->required();
  cmd->add_option("--space", args->space, kSpaceHelp)->required();
  cmd->add_option("--arch", args->archs, kArchHelp)->required();
  cmd->add_option("--resolution", args->resolution, "override the architectures' resolution");
  cmd->add_option("--device-key", args->device, "refuse the file unless it predicts this device key");
  refuse_renamed_option(cmd, "--device", "--device-key");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_predict
