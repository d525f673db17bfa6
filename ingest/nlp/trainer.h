// Training and evaluation of the NLP models (used by `kg train`, `kg parse --eval`, the tests
// and the benchmark).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "common/status.h"
#include "ingest/nlp/annotation.h"
#include "ingest/nlp/nlp_pipeline.h"

namespace kg::ingest::nlp {

struct TrainOptions {
  std::string treebank_dir;     // holds en_ewt-ud-train.conllu
  std::string out_dir;          // model files are written here
  std::string ner_file;         // IOB2 for the entity recognizer; default: UNER dev beside treebank
  std::string wordnet_dir = "/usr/share/wordnet";
  size_t max_sentences = 0;     // 0 = all (smaller for smoke tests)
  int tagger_epochs = 12;
  int parser_epochs = 15;
  int label_epochs = 8;
  int parser_ensemble = 1;      // DependencyParser::Options::ensemble
  bool joint_labels = false;    // DependencyParser::Options::joint_labels
  int ner_epochs = 12;
  int jackknife_folds = 4;      // 0/1 = train the parser on gold tags
  int threads = 2;
  uint64_t seed = 1;
};

// Trains tagger, lemmatizer, parser and entity recognizer and writes them to out_dir.
// Deterministic for fixed options. `log` receives one line per stage.
Status TrainModels(const TrainOptions& options, std::vector<std::string>* log);

struct ParseScores {
  double upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, las_full = 0;  // percent
  double sentences_per_second = 0;
  size_t sentences = 0, words = 0;
};
// Annotates copies of `gold` (gold tokenization) and scores them. LAS compares the universal
// relation (subtype stripped), as in the CoNLL 2018 shared task; las_full compares subtypes too.
ParseScores EvaluateParse(const NlpPipeline& pipeline, const std::vector<Sentence>& gold);

struct NerCounts {
  size_t tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 0; }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};
struct NerScores {
  std::array<NerCounts, 3> by_type;  // PER, ORG, LOC
  NerCounts overall;
};
// Tags and recognizes entities on copies of `gold` (token text + gold entities), exact-span match.
NerScores EvaluateEntities(const NlpPipeline& pipeline, const std::vector<Sentence>& gold);

}  // namespace kg::ingest::nlp
