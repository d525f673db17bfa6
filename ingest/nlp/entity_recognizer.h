// Entity recognizer: PER / ORG / LOC spans from a greedy left-to-right averaged perceptron over
// BIO tags, with features from words, shapes, POS tags, title cues ("President", "envoy",
// "aide") and a gazetteer of proper names built from WordNet's person instances and its
// capitalized location and group names (matched capitalized or, marked apart, lower-case).
// Immutable after loading; Recognize() is thread-safe.
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

class EntityRecognizer {
 public:
  // REQUIRES: tokens tagged (upos/xpos). Returns sorted, non-overlapping spans.
  std::vector<EntitySpan> Recognize(const std::vector<Token>& tokens,
                                    const std::vector<WordInfo>& words) const;

  struct Options {
    int epochs = 12;
    uint64_t seed = 1;
    // Self-training: label the treebank's sentences that contain a PROPN with the model trained
    // on `train`, keep those whose entities cover exactly the gold PROPN tokens, and train again
    // on `train` plus those.
    bool self_train = true;
  };
  // `train`: tagged (and, for the tree features, parsed) sentences with gold `entities`.
  // `treebank`: gold-annotated text for word statistics (how often a word is capitalized
  // mid-sentence / tagged PROPN / part of a flat name) and self-training.
  // `wordnet_dir`: for the gazetteer.
  static EntityRecognizer Train(const std::vector<Sentence>& train,
                                const std::vector<Sentence>& treebank,
                                const std::string& wordnet_dir, const Options& options);

  static EntityRecognizer TrainOnce(const std::vector<Sentence>& train,
                                    const std::vector<Sentence>& treebank,
                                    const std::string& wordnet_dir, const Options& options);
  void Write(ByteWriter* w) const;
  bool Read(ByteReader* r);
  size_t MemoryBytes() const {
    return model_.MemoryBytes() + gazetteer_.MemoryBytes() + memory_.MemoryBytes() +
           word_stats_.MemoryBytes() + name_stats_.MemoryBytes();
  }

 private:
  using Dictionary = HashMap64<uint8_t>;  // phrase hash -> type bits
  static std::vector<uint8_t> DictionaryTags(const std::vector<Token>& tokens,
                                             const Dictionary& dict);
  // Per-token values computed once per sentence.
  struct Context {
    std::vector<uint8_t> gaz, mem, cues;
    std::vector<uint64_t> xpos, upos;
    // From the dependency tree (zero when the sentence is not parsed): relation, the head's
    // lower-cased word, the relation of the head, the word of a `case` dependent ("at", "for").
    std::vector<uint64_t> rel, head_word, head_rel, case_word;
    // WordStats / NameStats of each token, looked up once (index k + 1; 0 and n + 1: padding).
    std::vector<uint64_t> stats, names;
  };
  Context MakeContext(const std::vector<Token>& tokens, const std::vector<WordInfo>& words,
                      const Dictionary& memory) const;
  int Features(const std::vector<WordInfo>& words, const Context& ctx, int i, int prev, int prev2,
               uint32_t* f) const;
  void LoadGazetteer(const std::string& wordnet_dir);

  uint64_t WordStats(uint64_t lower) const {
    const uint8_t* v = word_stats_.Find(lower);
    return v ? *v : 0;
  }
  uint64_t NameStats(uint64_t lower) const {
    const uint8_t* v = name_stats_.Find(lower);
    return v ? *v : 0;
  }
  Dictionary gazetteer_;  // WordNet person/group/location instances
  Dictionary memory_;     // entity strings of the training data
  // lower-cased word hash -> (capitalized-rate bucket << 4 | PROPN-rate bucket) + 1
  HashMap64<uint8_t> word_stats_;
  // lower-cased word hash -> (rate of heading a PROPN `flat` name << 3 | rate of continuing
  // one) + 1, from the treebank's gold trees ("Vince Kaminski": Vince heads, Kaminski is flat).
  HashMap64<uint8_t> name_stats_;
  FrozenPerceptron model_;
};

}  // namespace kg::ingest::nlp
