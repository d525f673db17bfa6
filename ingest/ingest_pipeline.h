// FRONT DOOR of ingest: documents -> NLP annotation -> extraction -> graph, one atomic
// transaction per document.
//
// Annotation and extraction run on `threads` worker threads; writes happen on the calling
// thread in input order, so results do not depend on the thread count. Unchanged content
// (by SHA-256) is skipped before any NLP work; a changed document replaces its old evidence.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
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
  // Called after each document with (documents done, documents total, sentences so far).
  std::function<void(size_t, size_t, size_t)> progress;
};

struct IngestStats {
  size_t documents = 0;          // written (new or replaced)
  size_t replaced = 0;           // of which replaced an older version
  size_t unchanged = 0;          // skipped: same content already stored
  size_t failed = 0;             // annotation or write errors
  size_t sentences = 0;
  size_t entities_created = 0;   // new nodes (entities and concepts)
  size_t relationships = 0;      // evidence relationships written
  std::vector<Status> errors;    // one per failed document, naming it
};

// Annotates and extracts one document (no store involved).
Result<Extraction> AnnotateAndExtract(const Annotator& annotate, const Document& doc,
                                      std::vector<Sentence>* sentences);

// Ingests `docs` into `store`. Per-document failures are collected in stats->errors and do not
// stop the batch; a store failure that leaves nothing writable is returned.
Status Ingest(const std::vector<Document>& docs, const Annotator& annotate,
              graph::GraphStore& store, const IngestOptions& options, IngestStats* stats);

}  // namespace kg::ingest
