// Lemmatizer: a (form, XPOS) -> lemma lexicon learned from the treebank, then WordNet's morphy
// (exception lists + detachment rules checked against WordNet's lemma index, baked into the model
// at training time), then suffix rules. Immutable after loading; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/hash_map64.h"

#include "ingest/nlp/annotation.h"
#include "ingest/nlp/model_io.h"

namespace kg::ingest::nlp {

class Lemmatizer {
 public:
  std::string Lemma(std::string_view form, std::string_view xpos) const;

  // Learns the lexicon from `train` and reads WordNet from `wordnet_dir` (index.* and *.exc);
  // a missing WordNet leaves only the lexicon and rules (returned as a warning string).
  static Lemmatizer Train(const std::vector<Sentence>& train, const std::string& wordnet_dir,
                          std::string* warning);

  void Write(ByteWriter* w) const;
  bool Read(ByteReader* r);
  size_t MemoryBytes() const;

 private:
  enum WnPos { kNoun = 0, kVerb = 1, kAdj = 2, kAdv = 3 };
  std::string Morphy(const std::string& word, int pos) const;

  void Index();
  const std::string* Lookup(std::string_view form, std::string_view xpos, bool lower) const;

  std::unordered_map<std::string, std::string> lexicon_;  // "form\txpos" -> lemma
  // HashStr("form\txpos") -> index in lemmas_ (built on load; lookups without a string).
  HashMap64<uint32_t> lexicon_index_;
  std::vector<std::string> lemmas_;
  std::unordered_set<std::string> index_[4];
  std::unordered_map<std::string, std::string> exceptions_[4];
};

}  // namespace kg::ingest::nlp
