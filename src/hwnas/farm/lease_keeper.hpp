// Keeps a claimed job's lease alive while it is measured: a thread that extends the lease every
// third of its length and reports the worker alive. If an extension is refused (the lease ran out
// and another worker may have the job) `lost()` turns true; the commit would be refused anyway.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "hwnas/store/job_queue.hpp"

namespace hwnas::farm {

class LeaseKeeper {
 public:
  LeaseKeeper(store::JobQueue& queue, std::int64_t job_id, std::string worker, double lease_s);
  ~LeaseKeeper();  // stops the thread promptly
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  bool lost() const { return lost_; }

 private:
  void loop();

  store::JobQueue& queue_;
  std::int64_t job_id_;
  std::string worker_;
  double lease_s_;
  std::atomic<bool> lost_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hwnas::farm
