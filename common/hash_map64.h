// Open-addressing hash map from 64-bit keys (well-mixed hashes such as HashStr, or dense ids) to
// small values: one flat array, no per-entry allocation, a lookup is usually one cache line.
// Used for the per-word dictionaries of the tagger and the entity recognizer and for the query
// engine's per-node degree cache. Not thread-safe for writes; const lookups are.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace kg {

template <typename V>
class HashMap64 {
 public:
  size_t size() const { return size_ + (has_zero_ ? 1 : 0); }
  bool empty() const { return size() == 0; }
  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
    has_zero_ = false;
    zero_ = V{};
  }

  const V* Find(uint64_t key) const {
    if (key == 0) return has_zero_ ? &zero_ : nullptr;
    if (slots_.empty()) return nullptr;
    for (size_t pos = Home(key);; pos = (pos + 1) & mask_) {
      const auto& s = slots_[pos];
      if (s.first == key) return &s.second;
      if (s.first == 0) return nullptr;
    }
  }

  // Starts loading the slot where a lookup of `key` begins (a hint).
  void Prefetch(uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(key)]);
  }

  // Inserts a value-initialized entry if absent.
  V& operator[](uint64_t key) {
    if (key == 0) {
      has_zero_ = true;
      return zero_;
    }
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t pos = Home(key);
    while (slots_[pos].first != 0 && slots_[pos].first != key) pos = (pos + 1) & mask_;
    if (slots_[pos].first == 0) {
      slots_[pos].first = key;
      ++size_;
    }
    return slots_[pos].second;
  }

  // All entries sorted by key (for deterministic files).
  std::vector<std::pair<uint64_t, V>> Items() const {
    std::vector<std::pair<uint64_t, V>> out;
    out.reserve(size());
    if (has_zero_) out.emplace_back(0, zero_);
    for (const auto& s : slots_) {
      if (s.first != 0) out.push_back(s);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

  size_t MemoryBytes() const { return slots_.size() * sizeof(slots_[0]); }

 private:
  size_t Home(uint64_t key) const { return static_cast<size_t>(key ^ (key >> 29)) & mask_; }
  void Grow() {
    std::vector<std::pair<uint64_t, V>> old;
    old.swap(slots_);
    const size_t cap = std::max<size_t>(16, old.size() * 2);
    slots_.assign(cap, std::pair<uint64_t, V>(0, V{}));
    mask_ = cap - 1;
    for (const auto& s : old) {
      if (s.first == 0) continue;
      size_t pos = Home(s.first);
      while (slots_[pos].first != 0) pos = (pos + 1) & mask_;
      slots_[pos] = s;
    }
  }

  std::vector<std::pair<uint64_t, V>> slots_;
  size_t size_ = 0;
  size_t mask_ = 0;
  bool has_zero_ = false;
  V zero_{};
};

}  // namespace kg
