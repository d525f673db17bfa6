#include "ingest/nlp/tagger.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

namespace kg::ingest::nlp {
namespace {
constexpr int kMaxFeatures = 48;
const WordInfo& Pad(int which) {
  static const WordInfo kStart = MakeWordInfo("-START-");
  static const WordInfo kEnd = MakeWordInfo("-END-");
  return which < 0 ? kStart : kEnd;
}
}  // namespace

int Tagger::Features(const std::vector<WordInfo>& words, size_t i, int prev, int prev2,
                     uint32_t* f) const {
  const int n = static_cast<int>(words.size());
  auto at = [&](int k) -> const WordInfo& {
    return k < 0 ? Pad(-1) : k >= n ? Pad(1) : words[k];
  };
  const int ii = static_cast<int>(i);
  const WordInfo& w = words[i];
  const WordInfo& p1 = at(ii - 1);
  const WordInfo& p2 = at(ii - 2);
  const WordInfo& n1 = at(ii + 1);
  const WordInfo& n2 = at(ii + 2);
  uint64_t t1 = static_cast<uint64_t>(prev + 2), t2 = static_cast<uint64_t>(prev2 + 2);
  int k = 0;
  f[k++] = Feat(1, 0);
  f[k++] = Feat(2, w.form);
  f[k++] = Feat(3, w.lower);
  f[k++] = Feat(4, w.suf3);
  f[k++] = Feat(5, w.suf2);
  f[k++] = Feat(6, w.suf1);
  f[k++] = Feat(7, w.suf4);
  f[k++] = Feat(8, w.pre1);
  f[k++] = Feat(9, w.pre2);
  f[k++] = Feat(10, w.pre3);
  f[k++] = Feat(11, w.shape);
  f[k++] = Feat(12, t1);
  f[k++] = Feat(13, t2);
  f[k++] = Feat(14, t1, t2);
  f[k++] = Feat(15, t1, w.lower);
  f[k++] = Feat(16, p1.lower);
  f[k++] = Feat(17, p1.suf3);
  f[k++] = Feat(18, p2.lower);
  f[k++] = Feat(19, n1.lower);
  f[k++] = Feat(20, n1.suf3);
  f[k++] = Feat(21, n2.lower);
  f[k++] = Feat(22, p1.lower, w.lower);
  f[k++] = Feat(23, w.lower, n1.lower);
  f[k++] = Feat(24, n1.shape);
  f[k++] = Feat(25, ii == 0, w.shape);
  f[k++] = Feat(26, t1, n1.lower);
  f[k++] = Feat(27, n1.suf2);
  f[k++] = Feat(28, p1.shape, w.shape);
  f[k++] = Feat(29, w.has_hyphen, w.has_digit, w.capitalized);
  f[k++] = Feat(30, t1, w.suf3);
  f[k++] = Feat(31, n1.lower, n2.lower);
  f[k++] = Feat(32, p1.lower, n1.lower);
  const uint64_t a0 = Ambiguity(w.form), a1 = Ambiguity(n1.form), a2 = Ambiguity(n2.form);
  f[k++] = Feat(33, a0);
  f[k++] = Feat(34, a1);
  f[k++] = Feat(35, a1, a2);
  f[k++] = Feat(36, t1, a0);
  f[k++] = Feat(37, a0, a1);
  f[k++] = Feat(38, a1, w.suf3);
  return k;
}

void Tagger::Tag(std::vector<Token>& tokens, const std::vector<WordInfo>& words) const {
  uint32_t feats[kMaxFeatures];
  std::vector<float> scratch(std::max(1, model_.nclasses()));
  int prev = -1, prev2 = -1;
  for (size_t i = 0; i < tokens.size(); ++i) {
    int cls;
    if (const uint16_t* d = tagdict_.Find(words[i].form)) {
      cls = *d;
    } else if (model_.nclasses() == 0) {
      cls = 0;
    } else {
      int n = Features(words, i, prev, prev2, feats);
      cls = model_.Best(feats, n, scratch.data());
    }
    if (cls < static_cast<int>(upos_.size())) {
      tokens[i].upos = upos_[cls];
      tokens[i].xpos = xpos_[cls];
    }
    prev2 = prev;
    prev = cls;
  }
}

Tagger Tagger::Train(const std::vector<Sentence>& train, const Options& options) {
  Tagger t;
  std::map<std::string, int> class_ids;
  std::vector<std::vector<int>> gold(train.size());
  std::unordered_map<uint64_t, std::map<int, int>> counts;
  std::vector<std::vector<WordInfo>> words(train.size());
  for (size_t s = 0; s < train.size(); ++s) {
    for (const Token& tok : train[s].tokens) {
      std::string key = tok.upos + "\t" + tok.xpos;
      auto [it, inserted] = class_ids.try_emplace(key, static_cast<int>(class_ids.size()));
      if (inserted) {
        t.upos_.push_back(tok.upos);
        t.xpos_.push_back(tok.xpos);
      }
      gold[s].push_back(it->second);
      words[s].push_back(MakeWordInfo(tok.text));
      counts[words[s].back().form][it->second]++;
    }
  }
  for (const auto& [form, m] : counts) {
    int total = 0, best = 0, best_cls = 0;
    for (const auto& [c, n] : m) {
      total += n;
      if (n > best) best = n, best_cls = c;
    }
    if (total >= 20 && best >= 0.97 * total) t.tagdict_[form] = static_cast<uint16_t>(best_cls);
    if (total >= 3) {
      uint64_t amb = 0x1234;
      for (const auto& [c, n] : m) {
        if (n >= 0.05 * total) amb = Mix64(amb * 131 + static_cast<uint64_t>(c) + 1);
      }
      t.ambiguity_[form] = amb;
    }
  }
  PerceptronTrainer trainer(static_cast<int>(t.upos_.size()));
  std::vector<size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::vector<float> scratch(trainer.nclasses());
  uint32_t feats[kMaxFeatures];
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (size_t s : order) {
      int prev = -1, prev2 = -1;
      for (size_t i = 0; i < gold[s].size(); ++i) {
        int cls;
        if (const uint16_t* d = t.tagdict_.Find(words[s][i].form)) {
          cls = *d;
        } else {
          int n = t.Features(words[s], i, prev, prev2, feats);
          cls = trainer.Best(feats, n, scratch.data());
          trainer.Update(feats, n, gold[s][i], cls);
          trainer.Tick();
        }
        prev2 = prev;
        prev = cls;
      }
    }
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
  }
  t.model_ = trainer.Freeze();
  return t;
}

void Tagger::Write(ByteWriter* w) const {
  w->PutStrings(upos_);
  w->PutStrings(xpos_);
  // Written field by field (the layout of DictEntry with zero padding) so that the file does
  // not depend on uninitialized padding bytes.
  std::vector<std::pair<uint64_t, uint16_t>> dict = tagdict_.Items();
  w->Put<uint64_t>(dict.size());
  for (const auto& [form, cls] : dict) {
    w->Put<uint64_t>(form);
    w->Put<uint32_t>(cls);
    w->Put<uint32_t>(0);
  }
  std::vector<AmbEntry> amb;
  for (const auto& [k, v] : ambiguity_.Items()) amb.push_back(AmbEntry{k, v});
  std::sort(amb.begin(), amb.end(),
            [](const AmbEntry& a, const AmbEntry& b) { return a.form < b.form; });
  w->PutVector(amb);
  model_.Write(w);
}

bool Tagger::Read(ByteReader* r) {
  static_assert(sizeof(DictEntry) == 16, "DictEntry is read with the layout Write() produces");
  std::vector<DictEntry> dict;
  if (!r->GetStrings(&upos_) || !r->GetStrings(&xpos_) || upos_.size() != xpos_.size() ||
      !r->GetVector(&dict)) {
    return false;
  }
  std::vector<AmbEntry> amb;
  if (!r->GetVector(&amb) || !model_.Read(r)) {
    return false;
  }
  if (model_.nclasses() != static_cast<int>(upos_.size())) return false;
  tagdict_.clear();
  for (const auto& e : dict) {
    if (e.cls >= upos_.size()) return false;
    tagdict_[e.form] = static_cast<uint16_t>(e.cls);
  }
  ambiguity_.clear();
  for (const auto& e : amb) ambiguity_[e.form] = e.amb;
  return true;
}

size_t Tagger::MemoryBytes() const {
  return model_.MemoryBytes() + tagdict_.MemoryBytes() + ambiguity_.MemoryBytes();
}

}  // namespace kg::ingest::nlp
