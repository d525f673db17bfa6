// CoNLL-U reader: gold (or any) UD trees into the NLP contract structs of ingest/nlp/annotation.h,
// so that extraction can run and be tested without the statistical parser.
//
// Multiword-token ranges ("1-2") and empty nodes ("8.1") are skipped; the words are kept.
// Byte offsets refer to a reconstructed document text: each sentence's words joined by single
// spaces (none where MISC has SpaceAfter=No), sentences separated by "\n" (or "\n\n" at a
// "# newdoc" / "# newpar" boundary).
// Entity spans come from MISC `NER=B-PER` or `Entity=B-PER` (BIO; types PER/PERSON, ORG,
// LOC/GPE, anything else Misc) when present.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/nlp/annotation.h"

namespace kg::ingest {

struct ConlluDocument {
  std::string text;                 // reconstructed text the offsets point into
  std::vector<Sentence> sentences;  // in file order
  std::vector<std::string> sent_ids;  // "# sent_id" per sentence ("" when absent)
};

// Parses CoNLL-U. `name` prefixes error messages ("name:LINE: ..."). Returns InvalidArgument
// for a malformed line (wrong column count, bad ID or HEAD).
Result<ConlluDocument> ParseConllu(std::string_view conllu, std::string_view name);

// Writes sentences back as CoNLL-U (10 columns, NER in MISC); `text` is the document text the
// sentences' offsets refer to. Used by tests and `kg extract --dump-conllu`.
std::string ToConllu(const std::vector<Sentence>& sentences, std::string_view text);

}  // namespace kg::ingest
