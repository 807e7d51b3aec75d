#include "hwnas/farm/lease_keeper.hpp"

#include <chrono>

namespace hwnas::farm {

LeaseKeeper::LeaseKeeper(store::JobQueue& queue, std::int64_t job_id, std::string worker, double lease_s)
    : queue_(queue), job_id_(job_id), worker_(std::move(worker)), lease_s_(lease_s), thread_([this] { loop(); }) {}

LeaseKeeper::~LeaseKeeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void LeaseKeeper::loop() {
  // A third of the lease: two extensions may fail (a slow server, a lost packet) before it runs out.
  const auto period = std::chrono::duration<double>(lease_s_ / 3);
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
    lock.unlock();
    try {
      if (!queue_.heartbeat(job_id_, worker_, lease_s_)) lost_ = true;
    } catch (const std::exception&) {
      // The server is unreachable for now: the next beat tries again; the lease decides.
    }
    lock.lock();
    if (lost_) return;
  }
}

}  // namespace hwnas::farm
