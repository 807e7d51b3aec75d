// Batches of preprocessed images (image_folder.hpp) decoded by a worker thread up to `prefetch`
// batches ahead of the consumer, so JPEG decoding and resizing overlap the network's compute.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <torch/torch.h>

#include "hwnas/train/image_folder.hpp"

namespace hwnas::train {

struct ImageBatch {
  torch::Tensor images;  // N×3×r×r float32, normalised
  torch::Tensor labels;  // N int64
};

class ImageBatchReader {
 public:
  ImageBatchReader(std::vector<LabelledFile> files, int resolution, Normalisation norm, int batch_size,
                   int prefetch = 2);
  ~ImageBatchReader();  // stops the worker and waits for it
  ImageBatchReader(const ImageBatchReader&) = delete;
  ImageBatchReader& operator=(const ImageBatchReader&) = delete;

  // The next batch in file order, or nullopt after the last. Rethrows the worker's error (an
  // image that cannot be decoded: InputError naming the file).
  std::optional<ImageBatch> next();

 private:
  void work();

  std::vector<LabelledFile> files_;
  int resolution_;
  Normalisation norm_;
  int batch_size_;
  std::size_t prefetch_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<ImageBatch> ready_;
  bool finished_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

}  // namespace hwnas::train
