// Where subnet evaluation takes its images: BN-calibration batches from the training split and
// test batches, normalised, at the subnet's resolution, always the same images in the same order.
//   an IDX data folder (dataset.hpp)      in memory at their stored size; the first N of each split
//   imagefolder:DIR (image_folder.hpp)   DIR/train and DIR/val, decoded per batch by a worker thread
//                                         (image_batches.hpp) at any resolution; fixed random
//                                         subsets of N images
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "hwnas/train/dataset.hpp"

namespace hwnas::train {

class EvalData {
 public:
  using BatchFn = std::function<void(const torch::Tensor& images, const torch::Tensor& labels)>;
  virtual ~EvalData() = default;
  // Throws InputError when the data cannot be given at this resolution, or a file is unreadable.
  virtual void calibration_batches(int resolution, int batch_size, const BatchFn& fn) = 0;
  virtual void test_batches(int resolution, int batch_size, const BatchFn& fn) = 0;
  virtual std::int64_t calibration_size() const = 0;
  virtual std::int64_t test_size() const = 0;
  // Where the images come from, for the store's provenance.
  virtual nlohmann::json provenance() const = 0;
};

// spec: "imagefolder:DIR" or an IDX data folder. calibration / test: images used (0: the whole
// split). Throws InputError naming the folder or file that is missing or malformed.
std::unique_ptr<EvalData> open_eval_data(const std::string& spec, const Normalisation& norm,
                                         std::int64_t calibration, std::int64_t test);

}  // namespace hwnas::train
