#include "hwnas/train/image_batches.hpp"

namespace hwnas::train {

ImageBatchReader::ImageBatchReader(std::vector<LabelledFile> files, int resolution, Normalisation norm,
                                   int batch_size, int prefetch)
    : files_(std::move(files)),
      resolution_(resolution),
      norm_(std::move(norm)),
      batch_size_(std::max(1, batch_size)),
      prefetch_(static_cast<std::size_t>(std::max(1, prefetch))),
      worker_([this] { work(); }) {}

ImageBatchReader::~ImageBatchReader() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void ImageBatchReader::work() {
  try {
    for (std::size_t begin = 0; begin < files_.size(); begin += static_cast<std::size_t>(batch_size_)) {
      const std::size_t end = std::min(files_.size(), begin + static_cast<std::size_t>(batch_size_));
      std::vector<torch::Tensor> images;
      std::vector<std::int64_t> labels;
      for (std::size_t i = begin; i < end; ++i) {
        images.push_back(load_eval_image(files_[i].path, resolution_, norm_));
        labels.push_back(files_[i].label);
      }
      ImageBatch batch{torch::stack(images), torch::tensor(labels, torch::kInt64)};
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || ready_.size() < prefetch_; });
      if (stop_) return;
      ready_.push_back(std::move(batch));
      changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  changed_.notify_all();
}

std::optional<ImageBatch> ImageBatchReader::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
  if (!ready_.empty()) {
    ImageBatch batch = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return batch;
  }
  if (error_) std::rethrow_exception(error_);
  return std::nullopt;
}

}  // namespace hwnas::train
