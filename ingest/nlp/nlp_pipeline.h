// FRONT DOOR of the NLP core: raw text -> sentences of UD tokens with byte offsets, UPOS/XPOS
// tags, lemmas, a labelled dependency tree and PER/ORG/LOC entity spans (ingest/nlp/annotation.h).
// An NlpPipeline is loaded once from a model directory and is immutable afterwards: Annotate()
// may be called concurrently from any number of threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/nlp/annotation.h"

namespace kg::ingest::nlp {

// Sentences longer than this many tokens are cut into chunks (bounded, linear work).
inline constexpr size_t kMaxSentenceTokens = 250;

// Model file names inside a model directory.
inline constexpr const char* kTaggerFile = "tagger.model";
inline constexpr const char* kLemmatizerFile = "lemmatizer.model";
inline constexpr const char* kParserFile = "parser.model";
inline constexpr const char* kEntitiesFile = "entities.model";

struct AnnotateStats {
  size_t invalid_utf8_bytes = 0;   // replaced by U+FFFD
  size_t control_chars = 0;        // replaced by spaces
  size_t chunked_sentences = 0;    // sentences cut at kMaxSentenceTokens
};

// Document-level entity consistency, applied by Annotate(): a name recognized somewhere in the
// document is labelled the same way where the recognizer missed it, and a person's surname alone
// is that person. Only adds spans over uncovered capitalized tokens.
void PropagateEntities(std::vector<Sentence>* sentences);

class NlpPipeline {
 public:
  ~NlpPipeline();
  NlpPipeline(const NlpPipeline&) = delete;
  NlpPipeline& operator=(const NlpPipeline&) = delete;

  // $KG_MODELS if set, else <source dir>/datasets/models.
  static std::string DefaultModelDir();

  // Loads every model file from `dir`. Returns NotFound (missing file) or Corruption (bad file);
  // the message names the file and the command that rebuilds it.
  static Result<std::unique_ptr<NlpPipeline>> Load(const std::string& dir);

  // Splits, tokenizes and annotates `text` (one document: entity labels are made consistent
  // across its sentences, see PropagateEntities). Offsets index into `text` itself.
  // Invalid UTF-8 and control characters are replaced and logged (warn) with byte offsets;
  // never fails on content. Returns InvalidArgument only for text of 4 GiB or more.
  // Thread-safe.
  Result<std::vector<Sentence>> Annotate(std::string_view text, AnnotateStats* stats = nullptr) const;

  // Tags, lemmatizes, parses and finds entities in one already tokenized sentence (token text
  // set; offsets untouched). Used for evaluation on gold tokenization. Thread-safe.
  void AnnotateTokens(Sentence* sentence) const;

  // Individual stages, for benchmarks and evaluation (each requires the previous ones).
  void Tag(Sentence* sentence) const;
  void Parse(Sentence* sentence) const;
  void FindEntities(Sentence* sentence) const;

  // Approximate heap bytes held by the loaded models.
  size_t MemoryBytes() const;

  struct Impl;

 private:
  explicit NlpPipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg::ingest::nlp
