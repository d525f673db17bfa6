// FRONT DOOR of ingest: documents -> NLP annotation -> extraction -> graph, one atomic
// transaction per document.
//
// Annotation and extraction run on `threads` worker threads; writes happen on the calling
// thread in input order, so results do not depend on the thread count. Unchanged content
// (by SHA-256) is skipped before any NLP work; a changed document replaces its old evidence.
// A document longer than IngestOptions::section_bytes (a 50 MB single-line scrape) is annotated,
// extracted and written section by section (one transaction per section, the document marked
// `partial` until the last: see LongDocumentWriter), so memory stays bounded.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"
#include "ingest/document.h"
#include "ingest/extract/extraction.h"
#include "ingest/nlp/annotation.h"

namespace kg::ingest {

// Text -> annotated sentences (offsets into that text). Must be safe to call concurrently.
using Annotator = std::function<Result<std::vector<Sentence>>(std::string_view text)>;

struct IngestOptions {
  int threads = 1;
  // Documents longer than this are read in sections of at most this many bytes, cut at a
  // paragraph, line, sentence or word boundary (see SplitSections). Names, titles and pronouns
  // are resolved within a section; across sections, entities meet by their full name.
  size_t section_bytes = size_t{1} << 20;
  // Called after each document with (documents done, documents total, sentences so far).
  std::function<void(size_t, size_t, size_t)> progress;
};

// Seconds spent per stage, summed over threads (annotation includes sentence splitting).
struct StageSeconds {
  double annotate = 0;
  double extract = 0;
  double write = 0;
};

struct IngestStats {
  size_t documents = 0;          // written (new or replaced)
  size_t replaced = 0;           // of which replaced an older version
  size_t unchanged = 0;          // skipped: same content already stored
  size_t failed = 0;             // annotation or write errors
  size_t sentences = 0;
  size_t entities_created = 0;   // new nodes (entities and concepts)
  size_t relationships = 0;      // evidence relationships written
  size_t sectioned = 0;          // documents read in sections (longer than section_bytes)
  std::vector<Status> errors;    // one per failed document, naming it
  StageSeconds seconds;
};

// Byte ranges [begin, end) covering `text` in order, each at most `max_bytes` long (at least
// 1), cut preferably after a blank line, else after a line end, else after a sentence end
// (". ", "! ", "? "), else at a space or tab, else at a UTF-8 character boundary; a cut is
// only taken in the second half of a section, so sections are never shorter than half of
// `max_bytes` except the last.
std::vector<std::pair<size_t, size_t>> SplitSections(std::string_view text, size_t max_bytes);

// Annotates and extracts one document (no store involved).
Result<Extraction> AnnotateAndExtract(const Annotator& annotate, const Document& doc,
                                      std::vector<Sentence>* sentences);

// The same for a document of any length: sections of at most `section_bytes` (SplitSections)
// are annotated and extracted one after another and their extractions joined (sentence,
// entity and byte offsets refer to the whole document; a triple already read in an earlier
// section is not repeated). *sentence_count gets the number of sentences. Errors name the
// document and, for a section, its byte offset.
// Annotates and extracts `doc` section by section, handing each section's extraction to `part`
// (sentence indexes and byte offsets document-wide, entity indexes section-local, triples
// already seen in an earlier section dropped) and stopping at the first error.
Status ForEachSection(const Annotator& annotate, const Document& doc, size_t section_bytes,
                      const std::function<Status(Extraction&&)>& part, size_t* sentence_count,
                      StageSeconds* seconds = nullptr);

Result<Extraction> AnnotateAndExtractInSections(const Annotator& annotate, const Document& doc,
                                                size_t section_bytes, size_t* sentence_count,
                                                StageSeconds* seconds = nullptr);

// Ingests `docs` into `store`. Per-document failures are collected in stats->errors and do not
// stop the batch; a store failure that leaves nothing writable is returned.
Status Ingest(const std::vector<Document>& docs, const Annotator& annotate,
              graph::GraphStore& store, const IngestOptions& options, IngestStats* stats);

}  // namespace kg::ingest
