// Printing extractions for `kg extract`: TSV (the kg_score.py layout), JSON Lines and the
// CaRB "tabbed" layout.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "ingest/extract/extraction.h"
#include "ingest/nlp/annotation.h"

namespace kg::ingest {

// "subject\trelation\tobject\tconfidence\tdoc\tsentence" (the header line).
std::string TsvHeader();

// One line per triple (title attributes included as `title` triples, minor readings left out).
// Negated relations are written "not_<relation>". `sentence` is 1-based in the output.
void WriteTsv(const Extraction& x, std::string_view doc_id, std::ostream& out);

// One JSON object per triple with qualifiers, evidence span and sentence text.
void WriteJsonl(const Extraction& x, std::string_view doc_id, std::string_view text,
                std::ostream& out);

// CaRB: "sentence\tconfidence\trelation\targ1\targ2..." using the sentence's own words.
// `sentence_text` is the sentence as given in the input (one line).
void WriteCarb(const Extraction& x, std::string_view sentence_text, std::ostream& out);

}  // namespace kg::ingest
