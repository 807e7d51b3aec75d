// hwnas export: one architecture as a deployable ONNX model and/or TorchScript archive.
#include <fmt/core.h>

#include <fstream>
#include <functional>
#include <memory>

#include "cli_args.hpp"
#include "command.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/hurricane/trained_network.hpp"
#include "hwnas/s3nas/network_weights.hpp"
#include "hwnas/s3nas/trained_network.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/train/supernet_dir.hpp"

namespace hwnas::cli::cmd_export {
namespace {

struct Args {
  std::string space;
  std::string supernet;
  std::string arch;
  std::optional<int> resolution;
  std::uint64_t seed = 0;
  std::string onnx;
  std::string torchscript;
  int opset = 13;
};

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary);
  file << bytes;
  if (!file.flush()) throw InputError("cannot write ONNX file '" + path + "'");
}

// Where the weights come from: a seed, a supernet folder (trained or imported with `hwnas
// supernet`), or a trained network (`hwnas hurricane retrain --save`, `hwnas s3nas train --save`).
struct WeightSource {
  space::Space space;
  std::function<exporting::Weights(const graph::Graph&, const arch::Architecture&)> weights;
  std::string description;
};

WeightSource open_weight_source(const Args& args) {
  if (args.supernet.empty()) {
    return {space::load_space(args.space),
            [seed = args.seed](const graph::Graph& g, const arch::Architecture&) { return exporting::random_weights(g, seed); },
            fmt::format("seed {}", args.seed)};
  }
  const bool network_folder = train::is_network_folder(args.supernet);
  if (network_folder && train::network_folder_kind(args.supernet) == hurricane::kNetworkKind) {
    auto network = std::make_shared<hurricane::TrainedNetwork>(hurricane::load_trained_network(args.supernet));
    return {network->folder.space,
            [network](const graph::Graph&, const arch::Architecture& a) { return network->net->path_weights(a); },
            fmt::format("weights of the retrained HURRICANE network {}", args.supernet)};
  }
  if (network_folder) {  // s3nas, or one line saying which kind the folder is
    auto network = std::make_shared<s3nas::TrainedNetwork>(s3nas::load_trained_network(args.supernet));
    return {network->folder.space,
            [network](const graph::Graph&, const arch::Architecture& a) { return s3nas::network_weights(*network->net, a); },
            fmt::format("weights of the trained S3NAS network {}", args.supernet)};
  }
  auto supernet = std::make_shared<train::LoadedSupernet>(train::load_supernet(args.supernet));
  return {supernet->space,
          [supernet](const graph::Graph&, const arch::Architecture& a) { return supernet->net->extract_weights(a); },
          fmt::format("weights of supernet {} ({})", supernet->info.id, args.supernet)};
}

void run(const Args& args) {
  if (args.onnx.empty() && args.torchscript.empty()) {
    throw InputError("export: nothing to write (give --onnx FILE and/or --torchscript FILE)");
  }
  if (args.space.empty() == args.supernet.empty()) {
    throw InputError("export: give either --space (seeded weights) or --supernet DIR (its trained weights)");
  }
  const WeightSource source = open_weight_source(args);
  const space::Space& s = source.space;
  const arch::Architecture a = parse_arch_arg(s, args.arch, args.resolution);
  const graph::Graph g = graph::build(s, a);
  const auto weights = source.weights(g, a);
  const auto params = cost::count_total(g).params;
  if (!args.onnx.empty()) {
    const std::string model = exporting::export_onnx(g, weights, {args.opset, true});
    if (const auto problem = exporting::check_onnx(model); !problem.empty()) {
      throw std::runtime_error("exported model fails the ONNX checker: " + problem);
    }
    write_file(args.onnx, model);
    fmt::print("wrote {} (ONNX opset {}, input 1x{}x{}x{}, BN folded)\n", args.onnx, args.opset,
               g.shape(0).c, g.shape(0).h, g.shape(0).w);
  }
  if (!args.torchscript.empty()) {
    exporting::save_torchscript(g, weights, args.torchscript);
    fmt::print("wrote {} (TorchScript, {} parameters)\n", args.torchscript, params);
  }
  fmt::print("arch {} {}\n", arch::to_canonical(s, a), source.description);
}

const CommandRegistration registration(16, [](CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Export an architecture as ONNX and/or TorchScript");
  cmd->footer(
      "Builds the network of ARCH in SPACE with deterministic weights drawn from --seed (He-normal\n"
      "convs, sane BN statistics; see docs/export.md), or with --supernet DIR the subnet ARCH of that\n"
      "supernet with its trained weights (trained or imported with `hwnas supernet`), or a network\n"
      "trained by `hwnas hurricane retrain --save DIR` or `hwnas s3nas train --save DIR`, and writes:\n"
      "  --onnx FILE         ONNX (input `input` 1xCxRxR, output `logits`, BN folded into convs),\n"
      "                      checked with onnx::checker before writing\n"
      "  --torchscript FILE  TorchScript archive in eval mode (torch.jit.load; freeze it there)\n"
      "Examples:\n"
      "  hwnas export --space ofa-mbv3 --arch 'r224|e3k3,e6k5|e4k3,e4k3|e6k7,e6k7|e3k5,e3k5|e4k3,e4k3'"
      " --onnx net.onnx\n"
      "  hwnas sample --space proxyless --seed 3 > a.txt &&"
      " hwnas export --space proxyless --arch @a.txt --torchscript net.pt\n"
      "  hwnas export --supernet ofa-mbv3 --arch 'r160|e3k3,e6k5|...' --onnx subnet.onnx");
  cmd->add_option("--space", args->space, kSpaceHelp);
  cmd->add_option("--supernet", args->supernet,
                  "supernet folder or retrained HURRICANE network: export the (sub)network with its weights");
  cmd->add_option("--arch", args->arch, kArchHelp)->required();
  cmd->add_option("--resolution", args->resolution, "input resolution (overrides the arch's)");
  cmd->add_option("--seed", args->seed, "weight seed (same seed, same weights)");
  cmd->add_option("--onnx", args->onnx, "write the ONNX model here");
  cmd->add_option("--torchscript", args->torchscript, "write the TorchScript archive here");
  cmd->add_option("--opset", args->opset, "ONNX opset, 10..17 (default 13; 14+ uses HardSwish)")
      ->check(CLI::Range(10, 17));
  cmd->callback([args] { run(*args); });
});

}  // namespace
}  // namespace hwnas::cli::cmd_export
