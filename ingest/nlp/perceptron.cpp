#include "ingest/nlp/perceptron.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <new>

#include <sys/mman.h>

#include "common/assert.h"

namespace kg::ingest::nlp {

void* AllocateHugePages(size_t bytes) {
  constexpr size_t kHuge = size_t{2} << 20;
  const size_t align = bytes >= kHuge / 2 ? kHuge : 64;
  const size_t size = (std::max<size_t>(bytes, 1) + align - 1) / align * align;
  void* p = std::aligned_alloc(align, size);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (align == kHuge) madvise(p, size, MADV_HUGEPAGE);
#endif
  return p;
}

namespace {

// scores[c] += float(row[c]) * scale for every class, in class order; vectorized (AVX2 where
// the CPU has it, SSE2 otherwise). Multiplication and addition stay separate operations (no
// FMA), so each score is rounded exactly as the scalar loop over sparse entries rounds it.
__attribute__((target_clones("avx2", "default"))) void AddDenseRow(const int16_t* row, int n,
                                                                   float scale, float* scores) {
  for (int c = 0; c < n; ++c) scores[c] += static_cast<float>(row[c]) * scale;
}

}  // namespace

void FrozenPerceptron::Score(const uint32_t* feats, int n, float* scores) const {
  if (num_features_ == 0) return;
  // Prefetch every probe's home bucket first so that the cache misses overlap.
  constexpr int kBatch = 256;
  uint32_t home[kBatch];
  const uint32_t nb = nbuckets_;
  for (int base = 0; base < n; base += kBatch) {
    const int m = std::min(kBatch, n - base);
    const uint32_t* f = feats + base;
    if (nclasses_ <= kInline) {
      int32_t acc[kInline] = {0, 0, 0};
      Accumulate(f, m, acc);
      AddScaled(acc, scores);
    } else {
      const Bucket* table = buckets_.data();
      for (int i = 0; i < m; ++i) {
        home[i] = Home(f[i]);
        __builtin_prefetch(table + home[i]);
      }
      // Second pass: find each feature's data and prefetch all of its lines; third: add them.
      uint32_t* off = home;  // reused in place
      int found = 0;
      const char* entry_bytes = reinterpret_cast<const char*>(entries_.data());
      for (int i = 0; i < m; ++i) {
        const uint32_t key = f[i];
        uint32_t b = home[i];
        while (true) {
          const Bucket& B = table[b];
          uint32_t match = 0, empty = 0;
          for (int j = 0; j < 8; ++j) {
            match |= static_cast<uint32_t>(B.key[j] == key) << j;
            empty |= static_cast<uint32_t>(B.key[j] == 0) << j;
          }
          if (match != 0) {
            const uint32_t word = B.off[__builtin_ctz(match)];
            off[found++] = word;
            const char* p = entry_bytes + static_cast<size_t>(word & kOffsetMask) * 4;
            const uint32_t lines = (word >> kOffsetBits) & kMaxExtraLines;
            __builtin_prefetch(p);
            for (uint32_t l = 1; l <= lines; ++l) __builtin_prefetch(p + 64 * l);
            break;
          }
          if (empty != 0) break;
          if (++b == nb) b = 0;
        }
      }
      const uint32_t* entries = entries_.data();
      const float scale = scale_;
      for (int i = 0; i < found; ++i) {
        const uint32_t word = off[i];
        const uint32_t* e = entries + (word & kOffsetMask);
        if (word & kDenseFlag) {
          AddDenseRow(reinterpret_cast<const int16_t*>(e), nclasses_, scale, scores);
          continue;
        }
        while (true) {
          const uint32_t x = *e++;
          scores[x >> 17] += static_cast<float>(static_cast<int16_t>(x & 0xFFFF)) * scale;
          if (x & 0x10000) break;
        }
      }
    }
  }
}

void FrozenPerceptron::Accumulate(const uint32_t* feats, int n, int32_t* acc) const {
  if (num_features_ == 0) return;
  constexpr int kBatch = 256;
  uint32_t home[kBatch];
  const uint32_t nb = nbuckets_;
  const InlineBucket* table = inline_.data();
  for (int base = 0; base < n; base += kBatch) {
    const int m = std::min(kBatch, n - base);
    const uint32_t* f = feats + base;
    // Prefetch every probe's home bucket first so that the cache misses overlap.
    for (int i = 0; i < m; ++i) {
      home[i] = Home(f[i]);
      __builtin_prefetch(table + home[i]);
    }
    // Integer sums: the order of the additions does not matter, and the probes have no
    // data-dependent branches except the rare move to the next bucket.
    int32_t acc0 = 0, acc1 = 0, acc2 = 0;
    for (int i = 0; i < m; ++i) {
      const uint32_t key = f[i];
      uint32_t b = home[i];
      while (true) {
        const InlineBucket& B = table[b];
        uint32_t match = 0, empty = 0;
        for (int j = 0; j < 6; ++j) {
          match |= static_cast<uint32_t>(B.key[j] == key) << j;
          empty |= static_cast<uint32_t>(B.key[j] == 0) << j;
        }
        const int j = __builtin_ctz(match | 0x20);  // slot 5 stands in when nothing matched
        const int32_t mask = -static_cast<int32_t>(match != 0);
        acc0 += B.w[j][0] & mask;
        acc1 += B.w[j][1] & mask;
        acc2 += B.w[j][2] & mask;
        if ((match | empty) != 0) break;
        if (++b == nb) b = 0;
      }
    }
    acc[0] += acc0;
    acc[1] += acc1;
    acc[2] += acc2;
  }
}

int FrozenPerceptron::Best(const uint32_t* feats, int n, float* scratch) const {
  std::fill(scratch, scratch + nclasses_, 0.0f);
  Score(feats, n, scratch);
  return static_cast<int>(std::max_element(scratch, scratch + nclasses_) - scratch);
}

size_t FrozenPerceptron::MemoryBytes() const {
  return inline_.size() * sizeof(InlineBucket) + buckets_.size() * sizeof(Bucket) +
         entries_.size() * sizeof(uint32_t) + keys_.size() * sizeof(uint32_t) +
         lens_.size() * sizeof(uint16_t) + classes_.size() * sizeof(uint16_t) +
         weights_.size() * sizeof(float);
}

bool FrozenPerceptron::Build() {
  num_features_ = keys_.size();
  inline_.clear();
  buckets_.clear();
  entries_.clear();
  float maxabs = 0;
  for (float x : weights_) maxabs = std::max(maxabs, std::fabs(x));
  scale_ = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
  auto quant = [&](float x) -> int16_t {
    long q = std::lround(x / scale_);
    return static_cast<int16_t>(std::clamp(q, -32767L, 32767L));
  };
  const int per_bucket = nclasses_ <= kInline ? 6 : 8;
  // At most half of the slots used, so that most probes (also of absent features, the most
  // common case) end in their home bucket.
  nbuckets_ = static_cast<uint32_t>(
      std::max<size_t>(1, (keys_.size() * 2 + per_bucket - 1) / per_bucket));
  if (nclasses_ <= kInline) {
    inline_.assign(nbuckets_, InlineBucket{});
    std::memset(inline_.data(), 0, inline_.size() * sizeof(InlineBucket));
  } else {
    buckets_.assign(nbuckets_, Bucket{});
    std::memset(buckets_.data(), 0, buckets_.size() * sizeof(Bucket));
    entries_.reserve(weights_.size());
  }
  // A feature's weights become a dense row when the row is at most twice the size of its
  // sparse entries: fewer instructions per class, at a bounded cost in memory.
  const size_t stride = static_cast<size_t>(DenseStride());
  uint32_t begin = 0;
  for (size_t i = 0; i < keys_.size(); ++i) {
    const uint32_t key = keys_[i];
    const uint32_t len = lens_[i];
    uint32_t b = Home(key);
    int j;
    while (true) {
      const uint32_t* bk = nclasses_ <= kInline ? inline_[b].key : buckets_[b].key;
      for (j = 0; j < per_bucket && bk[j] != 0; ++j) {
      }
      if (j < per_bucket) break;
      if (++b == nbuckets_) b = 0;
    }
    if (nclasses_ <= kInline) {
      InlineBucket& B = inline_[b];
      B.key[j] = key;
      for (uint32_t k = 0; k < len; ++k) B.w[j][classes_[begin + k]] = quant(weights_[begin + k]);
    } else {
      Bucket& B = buckets_[b];
      B.key[j] = key;
      const bool dense = len > 0 && static_cast<size_t>(len) * 4 * 2 >= stride * 2;
      if (dense) {
        while (entries_.size() % 4 != 0) entries_.push_back(0);  // 16-byte alignment
      }
      const size_t at = entries_.size();
      if (dense) {
        entries_.resize(at + stride / 2, 0);
        int16_t* row = reinterpret_cast<int16_t*>(entries_.data() + at);
        for (uint32_t k = 0; k < len; ++k) row[classes_[begin + k]] = quant(weights_[begin + k]);
      } else if (len == 0) {
        entries_.push_back(0x10000);  // class 0, weight 0, last
      } else {
        for (uint32_t k = 0; k < len; ++k) {
          entries_.push_back((static_cast<uint32_t>(classes_[begin + k]) << 17) |
                             (k + 1 == len ? 0x10000u : 0u) |
                             static_cast<uint16_t>(quant(weights_[begin + k])));
        }
      }
      if (at > kOffsetMask) return false;
      const size_t first = at * 4, last = entries_.size() * 4 - 1;
      const uint32_t extra = static_cast<uint32_t>(
          std::min<size_t>((last >> 6) - (first >> 6), kMaxExtraLines));
      B.off[j] = static_cast<uint32_t>(at) | (extra << kOffsetBits) | (dense ? kDenseFlag : 0);
    }
    begin += len;
  }
  return true;
}

void FrozenPerceptron::Unbuild(std::vector<uint32_t>* keys, std::vector<uint16_t>* lens,
                               std::vector<uint16_t>* classes,
                               std::vector<float>* weights) const {
  std::vector<std::pair<uint32_t, uint32_t>> used;  // key, bucket * 8 + slot
  if (nclasses_ <= kInline) {
    for (uint32_t b = 0; b < inline_.size(); ++b) {
      for (int j = 0; j < 6; ++j) {
        if (inline_[b].key[j] != 0) used.emplace_back(inline_[b].key[j], b * 8 + j);
      }
    }
  } else {
    for (uint32_t b = 0; b < buckets_.size(); ++b) {
      for (int j = 0; j < 8; ++j) {
        if (buckets_[b].key[j] != 0) used.emplace_back(buckets_[b].key[j], b * 8 + j);
      }
    }
  }
  std::sort(used.begin(), used.end());
  for (const auto& [key, at] : used) {
    const uint32_t b = at / 8, j = at % 8;
    uint16_t len = 0;
    if (nclasses_ <= kInline) {
      for (int c = 0; c < nclasses_; ++c) {
        if (inline_[b].w[j][c] != 0) {
          classes->push_back(static_cast<uint16_t>(c));
          weights->push_back(static_cast<float>(inline_[b].w[j][c]) * scale_);
          ++len;
        }
      }
    } else if (buckets_[b].off[j] & kDenseFlag) {
      const int16_t* row =
          reinterpret_cast<const int16_t*>(entries_.data() + (buckets_[b].off[j] & kOffsetMask));
      for (int c = 0; c < nclasses_; ++c) {
        if (row[c] != 0) {
          classes->push_back(static_cast<uint16_t>(c));
          weights->push_back(static_cast<float>(row[c]) * scale_);
          ++len;
        }
      }
    } else {
      const uint32_t* e = entries_.data() + (buckets_[b].off[j] & kOffsetMask);
      while (true) {
        const uint32_t x = *e++;
        const int16_t q = static_cast<int16_t>(x & 0xFFFF);
        if (q != 0) {
          classes->push_back(static_cast<uint16_t>(x >> 17));
          weights->push_back(static_cast<float>(q) * scale_);
          ++len;
        }
        if (x & 0x10000) break;
      }
    }
    keys->push_back(key);
    lens->push_back(len);
  }
}

void FrozenPerceptron::Write(ByteWriter* w) const {
  w->Put<uint32_t>(static_cast<uint32_t>(nclasses_));
  if (!keys_.empty() || num_features_ == 0) {
    w->PutVector(keys_);
    w->PutVector(lens_);
    w->PutVector(classes_);
    w->PutVector(weights_);
    return;
  }
  std::vector<uint32_t> keys;
  std::vector<uint16_t> lens, classes;
  std::vector<float> weights;
  Unbuild(&keys, &lens, &classes, &weights);
  w->PutVector(keys);
  w->PutVector(lens);
  w->PutVector(classes);
  w->PutVector(weights);
}

bool FrozenPerceptron::Read(ByteReader* r) {
  uint32_t nc;
  if (!r->Get(&nc) || nc == 0 || nc > 32767 || !r->GetVector(&keys_) || !r->GetVector(&lens_) ||
      !r->GetVector(&classes_) || !r->GetVector(&weights_)) {
    return false;
  }
  if (lens_.size() != keys_.size() || classes_.size() != weights_.size()) return false;
  uint64_t total = 0;
  for (uint16_t l : lens_) total += l;
  if (total != classes_.size()) return false;
  for (uint16_t c : classes_) {
    if (c >= nc) return false;
  }
  for (uint32_t k : keys_) {
    if (k == 0) return false;
  }
  for (float x : weights_) {
    if (!std::isfinite(x)) return false;
  }
  {
    std::vector<uint32_t> sorted = keys_;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return false;
  }
  nclasses_ = static_cast<int>(nc);
  if (!Build()) return false;
  keys_ = {};
  lens_ = {};
  classes_ = {};
  weights_ = {};
  return true;
}

void PerceptronTrainer::Score(const uint32_t* feats, int n, float* scores) const {
  for (int i = 0; i < n; ++i) {
    const uint32_t* r = FindRow(feats[i]);
    if (r == nullptr) continue;
    const float* row = w_.data() + static_cast<size_t>(*r) * nclasses_;
    for (int c = 0; c < nclasses_; ++c) scores[c] += row[c];
  }
}

int PerceptronTrainer::Best(const uint32_t* feats, int n, float* scratch) const {
  std::fill(scratch, scratch + nclasses_, 0.0f);
  Score(feats, n, scratch);
  return static_cast<int>(std::max_element(scratch, scratch + nclasses_) - scratch);
}

void PerceptronTrainer::Update(const uint32_t* feats, int n, int truth, int guess, float step) {
  if (truth == guess) return;
  for (int i = 0; i < n; ++i) {
    bool inserted = false;
    const uint32_t r = InsertRow(feats[i], &inserted);
    if (inserted) {
      w_.resize(w_.size() + nclasses_, 0.0f);
      u_.resize(u_.size() + nclasses_, 0.0);
      updates_.push_back(0);
    }
    ++updates_[r];
    size_t row = static_cast<size_t>(r) * nclasses_;
    w_[row + truth] += step;
    u_[row + truth] += clock_ * step;
    w_[row + guess] -= step;
    u_[row + guess] -= clock_ * step;
  }
}

uint32_t PerceptronTrainer::InsertRow(uint32_t key, bool* added) {
  size_t pos = Slot(key);
  for (;; pos = (pos + 1) & index_mask_) {
    if (index_[pos].key == key) {
      *added = false;
      return index_[pos].row;
    }
    if (index_[pos].key == 0) break;
  }
  *added = true;
  const uint32_t row = static_cast<uint32_t>(index_size_++);
  index_[pos] = IndexSlot{key, row};
  if (index_size_ * 2 > index_.size()) {
    std::vector<IndexSlot> old(index_.size() * 2);
    old.swap(index_);
    index_mask_ = index_.size() - 1;
    for (const IndexSlot& slot : old) {
      if (slot.key == 0) continue;
      size_t p = Slot(slot.key);
      while (index_[p].key != 0) p = (p + 1) & index_mask_;
      index_[p] = slot;
    }
  }
  return row;
}

// One trainer's averaged weights: the mean over a single trainer (the same bits: the sum starts
// at 0.0 and is multiplied by 1.0).
FrozenPerceptron PerceptronTrainer::Freeze(uint32_t min_updates) const {
  return FreezeMean({this}, min_updates);
}

FrozenPerceptron PerceptronTrainer::FreezeMean(
    const std::vector<const PerceptronTrainer*>& trainers, uint32_t min_updates) {
  KG_ASSERT(!trainers.empty());
  const int nc = trainers[0]->nclasses_;
  // (key, trainer, row) of every kept feature, sorted by key, so equal keys are adjacent.
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> feats;
  for (size_t t = 0; t < trainers.size(); ++t) {
    const PerceptronTrainer& tr = *trainers[t];
    KG_ASSERT(tr.nclasses_ == nc);
    for (const IndexSlot& slot : tr.index_) {
      if (slot.key != 0 && tr.updates_[slot.row] >= min_updates) {
        feats.emplace_back(slot.key, static_cast<uint32_t>(t), slot.row);
      }
    }
  }
  std::sort(feats.begin(), feats.end());
  FrozenPerceptron out;
  out.nclasses_ = nc;
  std::vector<double> sum(nc);
  const double inv = 1.0 / static_cast<double>(trainers.size());
  for (size_t i = 0; i < feats.size();) {
    const uint32_t key = std::get<0>(feats[i]);
    std::fill(sum.begin(), sum.end(), 0.0);
    for (; i < feats.size() && std::get<0>(feats[i]) == key; ++i) {
      const PerceptronTrainer& tr = *trainers[std::get<1>(feats[i])];
      size_t base = static_cast<size_t>(std::get<2>(feats[i])) * nc;
      for (int c = 0; c < nc; ++c) sum[c] += tr.w_[base + c] - tr.u_[base + c] / tr.clock_;
    }
    uint16_t len = 0;
    for (int c = 0; c < nc; ++c) {
      float a = static_cast<float>(sum[c] * inv);
      if (std::fabs(a) > 1e-3f) {
        out.classes_.push_back(static_cast<uint16_t>(c));
        out.weights_.push_back(a);
        ++len;
      }
    }
    if (len > 0) {
      out.keys_.push_back(key);
      out.lens_.push_back(len);
    }
  }
  const bool built = out.Build();
  KG_ASSERT(built);  // 2^26 entries (256 MB) is far beyond any model trained here
  return out;
}

}  // namespace kg::ingest::nlp
