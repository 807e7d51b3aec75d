// OpenCV DNN on the CPU, fed the exported ONNX model (BN folded, opset 10) from memory.
#include <opencv2/core.hpp>
#include <opencv2/core/version.hpp>
#include <opencv2/dnn.hpp>

#include <chrono>

#include "hwnas/engine/engine_factories.hpp"
#include "hwnas/export/onnx_export.hpp"

namespace hwnas::engine {
namespace {

// OpenCV 4.6 reads Clip (relu6) only in its opset < 11 form.
constexpr int kOpenCvOpset = 10;

class OpenCvEngine final : public Engine {
 public:
  using Engine::Engine;

  std::string name() const override { return "opencv"; }
  std::string version() const override { return std::string("opencv ") + CV_VERSION; }

  void build(const graph::Graph& graph, const exporting::Weights& weights) override {
    const std::string model = exporting::export_onnx(graph, weights, {kOpenCvOpset, true});
    net_ = cv::dnn::readNetFromONNX(model.data(), model.size());
    net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    const auto& in = graph.shape(0);
    shape_ = {1, in.c, in.h, in.w};
    set_input(exporting::random_input(graph, 0));
    forward();
  }

  RunResult run() override {
    const auto start = std::chrono::steady_clock::now();
    forward();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    return {elapsed.count(), {}, {}};
  }

  std::vector<float> infer(const std::vector<float>& values) override {
    set_input(values);
    const cv::Mat out = forward();
    const auto* begin = out.ptr<float>();
    return {begin, begin + out.total()};
  }

 private:
  void set_input(const std::vector<float>& values) {
    input_ = values;  // the net may keep a reference to the blob's memory
    const cv::Mat blob(static_cast<int>(shape_.size()), shape_.data(), CV_32F, input_.data());
    net_.setInput(blob, "input");
  }

  cv::Mat forward() {
    if (cv::getNumThreads() != threads()) cv::setNumThreads(threads());
    return net_.forward();
  }

  cv::dnn::Net net_;
  std::vector<int> shape_;
  std::vector<float> input_;
};

}  // namespace

std::unique_ptr<Engine> make_opencv_engine(int threads) {
  return std::make_unique<OpenCvEngine>(threads);
}

}  // namespace hwnas::engine
