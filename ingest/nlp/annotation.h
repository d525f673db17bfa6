// The annotated text handed from the NLP core (ingest/nlp/) to extraction (ingest/extract/):
// sentences of UD-style tokens with byte offsets, tags, lemmas, a dependency tree and entity
// spans. Plain data; the contract between the two stages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kg::ingest {

struct Token {
  std::string text;       // surface form as in the source (normalised quotes are NOT applied)
  uint32_t begin = 0;     // byte offset of the first byte in the document text
  uint32_t end = 0;       // byte offset one past the last byte
  std::string upos;       // UD universal POS: NOUN, PROPN, VERB, AUX, ...
  std::string xpos;       // Penn Treebank tag: NN, NNP, VBD, ...
  std::string lemma;
  int head = -1;          // index of the head token within the sentence; -1 for the root
  std::string deprel;     // UD relation with subtype: nsubj, nsubj:pass, obl:agent, root, ...
  bool space_after = true;
};

enum class EntityType { kPerson, kOrganization, kLocation, kMisc };

struct EntitySpan {
  int first = 0;  // first token index (inclusive)
  int last = 0;   // last token index (inclusive)
  EntityType type = EntityType::kMisc;
};

struct Sentence {
  uint32_t begin = 0;  // byte span of the sentence in the document text
  uint32_t end = 0;
  std::vector<Token> tokens;
  std::vector<EntitySpan> entities;  // sorted, non-overlapping
};

}  // namespace kg::ingest
