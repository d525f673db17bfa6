// Part-of-speech tagger: a greedy left-to-right averaged perceptron predicting the joint
// (UPOS, XPOS) pair, with a tag dictionary shortcut for frequent unambiguous words (Honnibal
// 2013). Immutable after training/loading; Tag() is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/nlp/annotation.h"
#include "ingest/nlp/features.h"
#include "common/hash_map64.h"
#include "ingest/nlp/perceptron.h"

namespace kg::ingest::nlp {

class Tagger {
 public:
  // Sets upos and xpos of every token. `words` holds MakeWordInfo(token.text) per token.
  void Tag(std::vector<Token>& tokens, const std::vector<WordInfo>& words) const;

  struct Options {
    int epochs = 12;
    uint64_t seed = 1;
  };
  static Tagger Train(const std::vector<Sentence>& train, const Options& options);

  void Write(ByteWriter* w) const;
  bool Read(ByteReader* r);
  size_t MemoryBytes() const;
  const std::vector<std::string>& xpos_names() const { return xpos_; }
  const std::vector<std::string>& upos_names() const { return upos_; }

 private:
  int Features(const std::vector<WordInfo>& words, size_t i, int prev, int prev2,
               uint32_t* out) const;

  std::vector<std::string> upos_, xpos_;  // per class
  struct DictEntry {
    uint64_t form;
    uint32_t cls;
  };
  struct AmbEntry {
    uint64_t form;
    uint64_t amb;
  };
  uint64_t Ambiguity(uint64_t form) const {
    const uint64_t* v = ambiguity_.Find(form);
    return v ? *v : 0;
  }
  HashMap64<uint16_t> tagdict_;
  // Hash of the set of classes seen (>= 5% of the time) for frequent words, by form.
  HashMap64<uint64_t> ambiguity_;
  FrozenPerceptron model_;
};

}  // namespace kg::ingest::nlp
