#include "ingest/nlp/perceptron.h"

#include <algorithm>
#include <cmath>

namespace kg::ingest::nlp {

void FrozenPerceptron::Score(const uint32_t* feats, int n, int32_t* scores) const {
  if (slots_.empty()) return;
  for (int i = 0; i < n; ++i) {
    uint32_t key = feats[i];
    uint32_t pos = (key * 2654435761u) & mask_;
    while (true) {
      const Slot& s = slots_[pos];
      if (s.key == key) {
        const Entry* e = entries_.data() + s.begin;
        for (uint32_t k = 0; k < s.len; ++k) scores[e[k].cls] += e[k].weight;
        break;
      }
      if (s.key == 0) break;
      pos = (pos + 1) & mask_;
    }
  }
}

int FrozenPerceptron::Best(const uint32_t* feats, int n, int32_t* scratch) const {
  std::fill(scratch, scratch + nclasses_, 0);
  Score(feats, n, scratch);
  return static_cast<int>(std::max_element(scratch, scratch + nclasses_) - scratch);
}

size_t FrozenPerceptron::MemoryBytes() const {
  return slots_.size() * sizeof(Slot) + entries_.size() * sizeof(Entry);
}

void FrozenPerceptron::Build(const std::vector<uint32_t>& keys, const std::vector<uint32_t>& lens) {
  num_features_ = keys.size();
  size_t cap = 16;
  while (cap < keys.size() * 2) cap <<= 1;
  mask_ = static_cast<uint32_t>(cap - 1);
  slots_.assign(cap, Slot{});
  uint32_t begin = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    uint32_t pos = (keys[i] * 2654435761u) & mask_;
    while (slots_[pos].key != 0) pos = (pos + 1) & mask_;
    slots_[pos] = Slot{keys[i], begin, lens[i]};
    begin += lens[i];
  }
}

void FrozenPerceptron::Write(ByteWriter* w) const {
  // Stored compactly as (key, len) pairs plus the entries; the table is rebuilt on load.
  w->Put<uint32_t>(static_cast<uint32_t>(nclasses_));
  std::vector<std::pair<uint32_t, Slot>> used;
  for (const Slot& s : slots_) {
    if (s.key != 0) used.push_back({s.begin, s});
  }
  std::sort(used.begin(), used.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<uint32_t> keys, lens;
  for (const auto& [b, s] : used) {
    keys.push_back(s.key);
    lens.push_back(s.len);
  }
  w->PutVector(keys);
  std::vector<uint8_t> lens8;
  bool small = nclasses_ < 256;
  if (small) {
    for (uint32_t l : lens) lens8.push_back(static_cast<uint8_t>(l));
    w->Put<uint8_t>(1);
    w->PutVector(lens8);
  } else {
    w->Put<uint8_t>(0);
    w->PutVector(lens);
  }
  w->PutVector(entries_);
}

bool FrozenPerceptron::Read(ByteReader* r) {
  uint32_t nc;
  uint8_t small;
  std::vector<uint32_t> keys, lens;
  if (!r->Get(&nc) || !r->GetVector(&keys) || !r->Get(&small)) return false;
  if (small) {
    std::vector<uint8_t> lens8;
    if (!r->GetVector(&lens8)) return false;
    lens.assign(lens8.begin(), lens8.end());
  } else if (!r->GetVector(&lens)) {
    return false;
  }
  if (!r->GetVector(&entries_) || lens.size() != keys.size()) return false;
  uint64_t total = 0;
  for (uint32_t l : lens) total += l;
  if (total != entries_.size()) return false;
  for (const Entry& e : entries_) {
    if (e.cls >= nc) return false;
  }
  for (uint32_t k : keys) {
    if (k == 0) return false;
  }
  nclasses_ = static_cast<int>(nc);
  Build(keys, lens);
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
    }
    size_t row = static_cast<size_t>(it->second) * nclasses_;
    w_[row + truth] += step;
    u_[row + truth] += clock_ * step;
    w_[row + guess] -= step;
    u_[row + guess] -= clock_ * step;
  }
}

FrozenPerceptron PerceptronTrainer::Freeze() const {
  std::vector<std::pair<uint32_t, uint32_t>> feats(index_.begin(), index_.end());
  std::sort(feats.begin(), feats.end());
  std::vector<float> avg(nclasses_);
  float maxabs = 0;
  for (size_t i = 0; i < w_.size(); ++i) {
    maxabs = std::max(maxabs, std::fabs(w_[i] - static_cast<float>(u_[i] / clock_)));
  }
  float scale = maxabs > 0 ? 32000.0f / maxabs : 1.0f;
  FrozenPerceptron out;
  out.nclasses_ = nclasses_;
  std::vector<uint32_t> keys, lens;
  for (const auto& [key, row] : feats) {
    size_t base = static_cast<size_t>(row) * nclasses_;
    uint32_t len = 0;
    for (int c = 0; c < nclasses_; ++c) {
      float a = w_[base + c] - static_cast<float>(u_[base + c] / clock_);
      long q = std::lround(a * scale);
      if (q != 0) {
        out.entries_.push_back({static_cast<uint16_t>(c), static_cast<int16_t>(q)});
        ++len;
      }
    }
    if (len > 0) {
      keys.push_back(key);
      lens.push_back(len);
    }
  }
  out.Build(keys, lens);
  return out;
}

}  // namespace kg::ingest::nlp
