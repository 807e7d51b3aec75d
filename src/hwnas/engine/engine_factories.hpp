// The per-engine constructors make_engine dispatches to; each lives beside its engine so that
// LibTorch and OpenCV headers stay inside those files.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hwnas/engine/engine.hpp"

namespace hwnas::engine {

// Frozen TorchScript with convolutions compiled by oneDNN on channels_last tensors, or with
// mobile = true optimizeForMobile (XNNPACK prepacked ops).
std::unique_ptr<Engine> make_torchscript_engine(int threads, bool mobile);
// LibTorch eager execution of the IR, op by op; CUDA when available.
std::unique_ptr<Engine> make_torch_eager_engine(int threads);
// The exported ONNX model in OpenCV DNN on the CPU.
std::unique_ptr<Engine> make_opencv_engine(int threads);
// An external benchmark command with {onnx}, {torchscript}, {ptl}, {threads}, {shape},
// {input_dims}, {dir}, {adb} and {checkout} placeholders (command_engine.cpp); `name` is what
// name() reports ("command" or the preset's name), `prepare` runs once per build (may be empty),
// `facts` are shell commands whose outputs are device_facts().
struct CommandSpec {
  std::string name = "command";
  std::string prepare;
  std::string command_template;
  std::vector<std::pair<std::string, std::string>> facts;
};
std::unique_ptr<Engine> make_command_engine(int threads, CommandSpec spec, const EngineOptions& options);

}  // namespace hwnas::engine
