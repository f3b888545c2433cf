#pragma once
/// @file detail/parallel.hpp
/// @brief The one thread pool of the library: parallel_items() runs independent items on
/// std::thread with dynamic scheduling (evaluate_years(), the uncertainty and sensitivity runs).
/// Results never depend on the thread count because each item writes only its own slot.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace countyleap::detail {

/// Runs f(index, state) for index in [0, n) on `threads` threads (dynamic scheduling); `make`
/// builds each thread's state once, before its first item. The first exception a worker throws
/// outside f is rethrown.
template <class Make, class F>
void parallel_items(std::size_t n, unsigned threads, Make make, F f) {
  if (n == 0) return;
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::min<std::size_t>(n, 1u << 16))));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](unsigned tid) {
    try {
      auto state = make();
      for (std::size_t i; (i = next.fetch_add(1)) < n;) f(i, state);
    } catch (...) {
      errors[tid] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(work, k);
  work(0);
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// `threads`, or the hardware's thread count when it is 0 (at least 1).
inline unsigned resolve_threads(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace countyleap::detail
