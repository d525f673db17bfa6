// Averaged perceptron over hashed features. PerceptronTrainer holds dense per-feature class rows
// while training; Freeze() averages, prunes and quantizes them (int16) into a FrozenPerceptron: an
// open-addressing table of feature hashes pointing into one flat array of (class, weight)
// entries. FrozenPerceptron is immutable and safe to share across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/nlp/model_io.h"

namespace kg::ingest::nlp {

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
  size_t MemoryBytes() const;
  size_t num_features() const { return num_features_; }

  void Write(ByteWriter* w) const;
  bool Read(ByteReader* r);

 private:
  friend class PerceptronTrainer;
  static constexpr int kInline = 3;  // up to this many classes live inside the slot
  // One cache line holds four slots; a probe touches one line for small models.
  struct InlineSlot {
    uint32_t key = 0;
    float w[kInline] = {0, 0, 0};
  };
  struct Slot {
    uint32_t key = 0;
    uint32_t begin = 0;
    uint32_t len = 0;
  };
  void Build();
  uint32_t Home(uint32_t key) const { return (key * 2654435761u) & mask_; }

  int nclasses_ = 0;
  size_t num_features_ = 0;
  uint32_t mask_ = 0;
  // Serialized form: keys, per-key entry counts, entry classes and weights.
  std::vector<uint32_t> keys_;
  std::vector<uint16_t> lens_;
  std::vector<uint16_t> classes_;
  std::vector<float> weights_;
  // Lookup tables built on load.
  std::vector<InlineSlot> inline_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> begins_;
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
  size_t num_features() const { return index_.size(); }

 private:
  int nclasses_;
  std::unordered_map<uint32_t, uint32_t> index_;
  std::vector<float> w_;
  std::vector<double> u_;
  std::vector<uint32_t> updates_;
  double clock_ = 1;
};

}  // namespace kg::ingest::nlp
