// Dependency parser: arc-hybrid transitions (root at the end of the buffer, one root per
// sentence) scored by an averaged perceptron over Zhang & Nivre-style features, trained with
// Goldberg & Nivre's dynamic oracle and exploration. Relations (UD, with subtypes) are assigned
// after the tree is built by a second perceptron that sees the head, the dependent, their
// children and the previously labelled sibling; or, with Options::joint_labels, each arc is
// labelled as it is made and the transition features see the labels of the children made so
// far. Options::ensemble averages transition models trained with different seeds into one.
// Linear time; immutable after loading.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/nlp/annotation.h"
#include "ingest/nlp/features.h"
#include "ingest/nlp/perceptron.h"

namespace kg::ingest::nlp {

class DependencyParser {
 public:
  // REQUIRES: tokens have xpos/upos; words[i] = MakeWordInfo(tokens[i].text).
  // Sets head and deprel of every token.
  void Parse(std::vector<Token>& tokens, const std::vector<WordInfo>& words) const;

  struct Options {
    int epochs = 15;
    int label_epochs = 8;         // the after-parsing labeller (joint_labels = false)
    uint64_t seed = 1;
    int explore_after = 1;        // epochs before exploration starts
    double explore_prob = 0.9;    // follow a wrong prediction with this probability
    uint32_t min_updates = 3;     // prune features updated fewer times
    // Transition models trained with different seeds (shuffles, exploration) whose averaged
    // weights are averaged into one model: an ensemble at the lookup cost of one model.
    int ensemble = 1;
    int threads = 2;              // ensemble members trained at once
    // Each arc is labelled as it is made (a second perceptron) and the transition features see
    // the labels made so far; false: relations are assigned once the tree is built.
    bool joint_labels = false;
  };
  // Trains on `train`, whose tokens carry (ideally predicted) xpos/upos and gold head/deprel.
  static DependencyParser Train(const std::vector<Sentence>& train, const Options& options);

  void Write(ByteWriter* w) const;
  bool Read(ByteReader* r);
  size_t MemoryBytes() const {
    return arcs_.MemoryBytes() + labels_.MemoryBytes() + arc_labels_.MemoryBytes();
  }

  struct State;  // internal; public for the feature functions in parser.cpp

 private:
  int TagId(const std::string& xpos) const;

  void Index();

  std::vector<std::string> tags_;    // xpos vocabulary
  std::unordered_map<std::string, int> tag_index_;
  int root_label_ = -1;
  std::vector<std::string> labels_names_;
  FrozenPerceptron arcs_;
  bool joint_ = false;           // Options::joint_labels
  FrozenPerceptron labels_;      // relations assigned after parsing (!joint_)
  FrozenPerceptron arc_labels_;  // relations assigned as arcs are made (joint_)
};

}  // namespace kg::ingest::nlp
