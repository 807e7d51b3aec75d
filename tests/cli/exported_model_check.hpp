// An exported model checked across runtimes: the ONNX file in ONNX Runtime (tests/reference/
// ort_run.mjs, node) and the TorchScript file in LibTorch on one random input; returns
// max |difference| / max |TorchScript logit|, or a negative number with the failure in `error`.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/script.h>

#include "cli_run.hpp"
#include "support/test_paths.hpp"

namespace hwnas::test {

inline double onnx_vs_torchscript(const std::filesystem::path& onnx, const std::filesystem::path& torchscript,
                                  const std::vector<std::int64_t>& shape, std::string& error) {
  torch::manual_seed(2);
  const torch::Tensor x = torch::randn(shape);
  const auto input = std::filesystem::path(onnx).replace_extension(".input.bin");
  std::ofstream(input, std::ios::binary)
      .write(static_cast<const char*>(x.data_ptr()), static_cast<std::streamsize>(x.numel() * sizeof(float)));
  torch::jit::Module module = torch::jit::load(torchscript.string());
  const torch::Tensor expected = module.forward({x}).toTensor().flatten();
  std::string dims;
  for (auto d : shape) dims += (dims.empty() ? "" : "x") + std::to_string(d);
  const CliResult ort = run_command("node " + (std::filesystem::path(source_dir()) / "tests/reference/ort_run.mjs").string() +
                                    " " + onnx.string() + " " + input.string() + " " + dims);
  const auto json = nlohmann::json::parse(ort.output, nullptr, false);
  if (ort.exit_code != 0 || !json.is_object() || !json.contains("values")) {
    error = ort.output;
    return -1;
  }
  const auto values = json["values"].get<std::vector<float>>();
  if (values.size() != static_cast<std::size_t>(expected.numel())) {
    error = "ONNX Runtime gave " + std::to_string(values.size()) + " values, TorchScript " + std::to_string(expected.numel());
    return -1;
  }
  return (torch::tensor(values) - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}

}  // namespace hwnas::test
