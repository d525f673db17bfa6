// CoNLL-U and IOB2 reading and CoNLL-U writing for training, evaluation and `kg parse`.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/nlp/annotation.h"

namespace kg::ingest::nlp {

// Reads the syntactic words of each sentence (multiword-token ranges and empty nodes skipped).
// Heads become 0-based indices (-1 for the root). Returns NotFound / Corruption with the path.
Result<std::vector<Sentence>> ReadConllu(const std::string& path);
Result<std::vector<Sentence>> ParseConllu(std::string_view data, const std::string& name);

// Reads an IOB2 file (id, form, tag, ...; blank line between sentences) into sentences whose
// tokens carry only text and whose `entities` hold the gold spans.
Result<std::vector<Sentence>> ReadIob2(const std::string& path);

// Writes one sentence in CoNLL-U; entity spans go to MISC as Entity=B-PER / I-PER.
void WriteConllu(const Sentence& s, int sentence_number, std::string_view doc_text,
                 std::ostream& out);

std::string_view EntityTypeName(EntityType t);

}  // namespace kg::ingest::nlp
