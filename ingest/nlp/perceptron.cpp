#include "ingest/nlp/perceptron.h"

#include <algorithm>
#include <cmath>

namespace kg::ingest::nlp {

void FrozenPerceptron::Score(const uint32_t* feats, int n, float* scores) const {
  if (num_features_ == 0) return;
  // Prefetch every probe's home slot first so the cache misses overlap.
  constexpr int kBatch = 256;
  uint32_t home[kBatch];
  for (int base = 0; base < n; base += kBatch) {
    const int m = std::min(kBatch, n - base);
    if (nclasses_ <= kInline) {
      for (int i = 0; i < m; ++i) {
        home[i] = Home(feats[base + i]);
        __builtin_prefetch(&inline_[home[i]]);
      }
      for (int i = 0; i < m; ++i) {
        const uint32_t key = feats[base + i];
        uint32_t pos = home[i];
        while (true) {
          const InlineSlot& s = inline_[pos];
          if (s.key == key) {
            for (int c = 0; c < nclasses_; ++c) scores[c] += s.w[c];
            break;
          }
          if (s.key == 0) break;
          pos = (pos + 1) & mask_;
        }
      }
    } else {
      for (int i = 0; i < m; ++i) {
        home[i] = Home(feats[base + i]);
        __builtin_prefetch(&slots_[home[i]]);
      }
      for (int i = 0; i < m; ++i) {
        const uint32_t key = feats[base + i];
        uint32_t pos = home[i];
        while (true) {
          const Slot& s = slots_[pos];
          if (s.key == key) {
            const uint16_t* cls = classes_.data() + s.begin;
            const float* w = weights_.data() + s.begin;
            for (uint32_t k = 0; k < s.len; ++k) scores[cls[k]] += w[k];
            break;
          }
          if (s.key == 0) break;
          pos = (pos + 1) & mask_;
        }
      }
    }
  }
}

int FrozenPerceptron::Best(const uint32_t* feats, int n, float* scratch) const {
  std::fill(scratch, scratch + nclasses_, 0.0f);
  Score(feats, n, scratch);
  return static_cast<int>(std::max_element(scratch, scratch + nclasses_) - scratch);
}

size_t FrozenPerceptron::MemoryBytes() const {
  return inline_.size() * sizeof(InlineSlot) + slots_.size() * sizeof(Slot) +
         classes_.size() * sizeof(uint16_t) + weights_.size() * sizeof(float);
}

void FrozenPerceptron::Build() {
  num_features_ = keys_.size();
  size_t cap = 16;
  while (cap < keys_.size() * 2) cap <<= 1;
  mask_ = static_cast<uint32_t>(cap - 1);
  inline_.clear();
  slots_.clear();
  if (nclasses_ <= kInline) {
    inline_.assign(cap, InlineSlot{});
  } else {
    slots_.assign(cap, Slot{});
  }
  uint32_t begin = 0;
  for (size_t i = 0; i < keys_.size(); ++i) {
    uint32_t pos = Home(keys_[i]);
    if (nclasses_ <= kInline) {
      while (inline_[pos].key != 0) pos = (pos + 1) & mask_;
      InlineSlot& s = inline_[pos];
      s.key = keys_[i];
      for (uint32_t k = 0; k < lens_[i]; ++k) s.w[classes_[begin + k]] = weights_[begin + k];
    } else {
      while (slots_[pos].key != 0) pos = (pos + 1) & mask_;
      slots_[pos] = Slot{keys_[i], begin, lens_[i]};
    }
    begin += lens_[i];
  }
  if (nclasses_ <= kInline) {
    // The slots hold everything; drop the serialized copy.
    classes_ = {};
    weights_ = {};
  }
}

void FrozenPerceptron::Write(ByteWriter* w) const {
  w->Put<uint32_t>(static_cast<uint32_t>(nclasses_));
  if (nclasses_ <= kInline) {
    // Rebuild the serialized arrays from the slots, in key order.
    std::vector<const InlineSlot*> used;
    for (const auto& s : inline_) {
      if (s.key != 0) used.push_back(&s);
    }
    std::sort(used.begin(), used.end(),
              [](const InlineSlot* a, const InlineSlot* b) { return a->key < b->key; });
    std::vector<uint32_t> keys;
    std::vector<uint16_t> lens, classes;
    std::vector<float> weights;
    for (const InlineSlot* s : used) {
      keys.push_back(s->key);
      uint16_t len = 0;
      for (int c = 0; c < nclasses_; ++c) {
        if (s->w[c] != 0) {
          classes.push_back(static_cast<uint16_t>(c));
          weights.push_back(s->w[c]);
          ++len;
        }
      }
      lens.push_back(len);
    }
    w->PutVector(keys);
    w->PutVector(lens);
    w->PutVector(classes);
    w->PutVector(weights);
    return;
  }
  w->PutVector(keys_);
  w->PutVector(lens_);
  w->PutVector(classes_);
  w->PutVector(weights_);
}

bool FrozenPerceptron::Read(ByteReader* r) {
  uint32_t nc;
  if (!r->Get(&nc) || nc == 0 || nc > 65535 || !r->GetVector(&keys_) || !r->GetVector(&lens_) ||
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
  nclasses_ = static_cast<int>(nc);
  Build();
  if (nclasses_ <= kInline) {
    keys_ = {};
    lens_ = {};
  }
  return true;
}

void PerceptronTrainer::Score(const uint32_t* feats, int n, float* scores) const {
  for (int i = 0; i < n; ++i) {
    auto it = index_.find(feats[i]);
    if (it == index_.end()) continue;
    const float* row = w_.data() + static_cast<size_t>(it->second) * nclasses_;
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
    auto [it, inserted] = index_.try_emplace(feats[i], static_cast<uint32_t>(index_.size()));
    if (inserted) {
      w_.resize(w_.size() + nclasses_, 0.0f);
      u_.resize(u_.size() + nclasses_, 0.0);
      updates_.push_back(0);
    }
    ++updates_[it->second];
    size_t row = static_cast<size_t>(it->second) * nclasses_;
    w_[row + truth] += step;
    u_[row + truth] += clock_ * step;
    w_[row + guess] -= step;
    u_[row + guess] -= clock_ * step;
  }
}

FrozenPerceptron PerceptronTrainer::Freeze(uint32_t min_updates) const {
  std::vector<std::pair<uint32_t, uint32_t>> feats(index_.begin(), index_.end());
  std::sort(feats.begin(), feats.end());
  FrozenPerceptron out;
  out.nclasses_ = nclasses_;
  for (const auto& [key, row] : feats) {
    if (updates_[row] < min_updates) continue;
    size_t base = static_cast<size_t>(row) * nclasses_;
    uint16_t len = 0;
    for (int c = 0; c < nclasses_; ++c) {
      float a = static_cast<float>(w_[base + c] - u_[base + c] / clock_);
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
  out.Build();
  return out;
}

}  // namespace kg::ingest::nlp
