// Small fork/join helpers for the few places that split one large job over the machine's cores
// (building graph views, PageRank). No pool: each call starts and joins its threads, which costs
// tens of microseconds and is used only for jobs of many milliseconds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace kg {

// Runs fn(0) .. fn(n-1) at once, fn(0) on the calling thread and the others on threads of
// their own; returns when all have returned.
template <typename Fn>
void RunParallel(size_t n, Fn&& fn) {
  std::vector<std::thread> threads;
  threads.reserve(n > 0 ? n - 1 : 0);
  for (size_t i = 1; i < n; ++i) threads.emplace_back([&fn, i] { fn(i); });
  if (n > 0) fn(0);
  for (auto& t : threads) t.join();
}

// How many threads a job of `items` units is worth: one below `min_items`, else the cores
// (at most four).
inline size_t ThreadsFor(uint64_t items, uint64_t min_items) {
  if (items < min_items) return 1;
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
}

}  // namespace kg
