// Entity resolution within one document (internal to ingest/extract/): finds name mentions,
// reads titles from name prefixes and appositions, and links every mention, definite
// description ("the president") and pronoun to one entity per real-world referent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/extract/extraction.h"
#include "ingest/extract/tree.h"

namespace kg::ingest {

struct EntityIndex {
  std::vector<ExtractedEntity> entities;
  // token_entity[s][t]: the entity token t of sentence s refers to (as part of a name, a
  // resolved pronoun or a definite description), or -1.
  std::vector<std::vector<int>> token_entity;
  // title_token[s][t]: token t is part of a title prefix or a name-internal honorific; such
  // tokens are not repeated in argument phrases that resolve to the entity.
  std::vector<std::vector<bool>> title_token;
};

EntityIndex ResolveEntities(const std::vector<Sentence>& sentences, const std::vector<Tree>& trees);

// True for capitalised words that name an office ("President", "Secretary", "Minister").
bool IsTitleWord(std::string_view word);
// Words that are capitalised at the start of a sentence but never begin a name ("Amid", "The").
bool IsFunctionCapital(std::string_view lower);
// Personal pronouns by the entities they can refer to.
bool IsPersonPronoun(std::string_view lower);

// Acronym of a multiword name: initials of capitalised words, all-capital words kept whole,
// function words skipped ("UK Independence Party" -> "UKIP", "United States" -> "US").
std::string Acronym(std::string_view name);

}  // namespace kg::ingest
