// Averaged perceptron over hashed features. PerceptronTrainer holds dense per-feature class rows
// while training; Freeze() averages and prunes them into a FrozenPerceptron, whose lookup tables
// hold int16-quantized weights in cache-line buckets (see below). FrozenPerceptron is immutable
// and safe to share across threads.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/nlp/model_io.h"

namespace kg::ingest::nlp {

// Allocator for the large lookup tables: 2 MiB-aligned blocks advised as transparent huge pages,
// so that random probes over megabytes of weights do not also miss the TLB.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n);
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};
void* AllocateHugePages(size_t bytes);
template <typename T>
T* HugePageAllocator<T>::allocate(size_t n) {
  return static_cast<T*>(AllocateHugePages(n * sizeof(T)));
}

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t HashStr(std::string_view s) { return Mix64(Fnv1a(s)); }

// Feature key from a template id and up to three values (hashes or small integers): three
// multiply-xorshift rounds, cheaper than full mixing of each value. Never 0 (0 = empty slot).
inline uint32_t Feat(uint32_t tmpl, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = (a + (tmpl + 1) * 0x9E3779B97F4A7C15ULL) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 31) ^ b) * 0x94d049bb133111ebULL;
  h = (h ^ (h >> 29) ^ c) * 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  uint32_t k = static_cast<uint32_t>(h);
  return k == 0 ? 1 : k;
}

class FrozenPerceptron {
 public:
  int nclasses() const { return nclasses_; }
  // Adds each feature's weights into scores[0..nclasses).
  void Score(const uint32_t* feats, int n, float* scores) const;
  int Best(const uint32_t* feats, int n, float* scratch) const;
  // Models of at most 3 classes score in integers: Accumulate adds the features' quantized
  // weights into acc[0..3); AddScaled then adds acc * scale to scores. Splitting a feature set
  // into several Accumulate calls gives exactly the scores of one Score call.
  // REQUIRES: nclasses() <= 3.
  void Accumulate(const uint32_t* feats, int n, int32_t* acc) const;
  void AddScaled(const int32_t* acc, float* scores) const {
    for (int c = 0; c < nclasses_; ++c) scores[c] += static_cast<float>(acc[c]) * scale_;
  }
  size_t MemoryBytes() const;
  size_t num_features() const { return num_features_; }

  void Write(ByteWriter* w) const;
  bool Read(ByteReader* r);

 private:
  friend class PerceptronTrainer;
  static constexpr int kInline = 3;  // up to this many classes live inside the bucket
  // Lookup tables (built on load): weights quantized to int16 (x scale_), buckets of one cache
  // line each, full 32-bit keys, linear probing over buckets. A bucket with a free slot ends a
  // probe. Small models (<= 3 classes): 6 keys and their 3 weights per line, so a probe is one
  // line. Others: 8 keys and 8 slot words per line. A slot word holds an offset into
  // `entries_` (u32 units), the number of further cache lines the feature's data spans (so all
  // of them are prefetched) and a flag: either a dense row of int16 weights, one per class
  // (16-byte aligned, zero-padded), for features with many classes, or contiguous sparse (class,
  // weight) entries (u32 each: class << 17 | last << 16 | uint16 weight). A dense row adds
  // float(0) * scale for the absent classes, which leaves every score bit-identical to adding
  // the sparse entries alone.
  struct alignas(64) InlineBucket {
    uint32_t key[6];
    int16_t w[6][kInline];
    uint32_t pad[1];
  };
  struct alignas(64) Bucket {
    uint32_t key[8];
    uint32_t off[8];
  };
  static_assert(sizeof(InlineBucket) == 64 && sizeof(Bucket) == 64);
  static constexpr uint32_t kOffsetBits = 26;
  static constexpr uint32_t kOffsetMask = (1u << kOffsetBits) - 1;
  static constexpr uint32_t kDenseFlag = 1u << 31;
  static constexpr uint32_t kMaxExtraLines = 31;  // 5 bits between offset and flag
  // Returns false if the model is too large for the table layout (2^26 u32 entries).
  bool Build();
  int DenseStride() const { return (nclasses_ + 7) / 8 * 8; }
  uint32_t Home(uint32_t key) const {
    return static_cast<uint32_t>((static_cast<uint64_t>(key * 2654435761u) * nbuckets_) >> 32);
  }
  // Rebuilds the serialized arrays (dequantized) from the lookup tables.
  void Unbuild(std::vector<uint32_t>* keys, std::vector<uint16_t>* lens,
               std::vector<uint16_t>* classes, std::vector<float>* weights) const;

  int nclasses_ = 0;
  size_t num_features_ = 0;
  uint32_t nbuckets_ = 0;
  float scale_ = 1.0f;  // weight = int16 * scale_
  // Serialized form: keys, per-key entry counts, entry classes and weights. Kept after Freeze()
  // (so training writes the exact averaged weights), dropped after Read().
  std::vector<uint32_t> keys_;
  std::vector<uint16_t> lens_;
  std::vector<uint16_t> classes_;
  std::vector<float> weights_;
  std::vector<InlineBucket, HugePageAllocator<InlineBucket>> inline_;
  std::vector<Bucket, HugePageAllocator<Bucket>> buckets_;
  std::vector<uint32_t, HugePageAllocator<uint32_t>> entries_;
};

class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(int nclasses) : nclasses_(nclasses) {}
  int nclasses() const { return nclasses_; }
  // Current (non-averaged) scores.
  void Score(const uint32_t* feats, int n, float* scores) const;
  int Best(const uint32_t* feats, int n, float* scratch) const;
  // Moves weight from `guess` to `truth` for these features (no-op if equal).
  void Update(const uint32_t* feats, int n, int truth, int guess, float step = 1.0f);
  // Counts one training instance (for averaging).
  void Tick() { ++clock_; }
  // Averages the weights and keeps the features updated at least `min_updates` times whose
  // averaged weights are not negligible.
  FrozenPerceptron Freeze(uint32_t min_updates = 1) const;
  // The mean of the averaged weights of several trainers of the same classes (each pruned as by
  // Freeze), i.e. one linear model that scores as their sum: an ensemble at no lookup cost.
  static FrozenPerceptron FreezeMean(const std::vector<const PerceptronTrainer*>& trainers,
                                     uint32_t min_updates = 1);
  size_t num_features() const { return index_size_; }

 private:
  int nclasses_;
  // Feature key -> row, open addressing over (key, row) pairs; key 0 marks a free slot (Feat()
  // never returns 0). At most half full.
  struct IndexSlot {
    uint32_t key = 0;
    uint32_t row = 0;
  };
  uint32_t* FindRow(uint32_t key) {
    for (size_t pos = Slot(key);; pos = (pos + 1) & index_mask_) {
      if (index_[pos].key == key) return &index_[pos].row;
      if (index_[pos].key == 0) return nullptr;
    }
  }
  const uint32_t* FindRow(uint32_t key) const {
    return const_cast<PerceptronTrainer*>(this)->FindRow(key);
  }
  // Returns the row of `key`, adding a new row if absent (*added = true).
  uint32_t InsertRow(uint32_t key, bool* added);
  size_t Slot(uint32_t key) const {
    return static_cast<size_t>(static_cast<uint32_t>(key * 2654435761u)) & index_mask_;
  }
  std::vector<IndexSlot> index_ = std::vector<IndexSlot>(1024);
  size_t index_mask_ = 1023;
  size_t index_size_ = 0;
  std::vector<float> w_;
  std::vector<double> u_;
  std::vector<uint32_t> updates_;
  double clock_ = 1;
};

}  // namespace kg::ingest::nlp
