// Graph writer: the only ingest stage that writes. Turns one document's extraction into graph
// nodes and relationships inside ONE transaction (one atomic commit per document).
//
// Graph shape:
//   (:Document {id, title, path, url, date, sha256, sentences})
//   (:Person|:Organization|:Location|:Concept {name, aliases, title})
//   (doc)-[:MENTIONS {count}]->(entity)
//   (subject)-[:<relation> {doc, sentence, span_begin, span_end, sentence_text, confidence,
//                            negated, modality, hedged, time, attributed_to}]->(object)
// Entities are found across documents by their full name (GraphReader::FindByName) and label.
// Meta keys: "ingest/doc/<id>" = sha256, "ingest/sha/<sha256>" = id, "ingest/edges/<id>" = the
// evidence edge ids of the document's current version, "ingest/node/<id>" = its node id.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"
#include "ingest/document.h"
#include "ingest/extract/extraction.h"
#include "ingest/nlp/annotation.h"

namespace kg::ingest {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

enum class DocumentState { kNew, kUnchanged, kChanged };

// How `doc` (content hash `sha`) relates to what the store holds.
// REQUIRES: no transaction of `store` is open.
Result<DocumentState> CheckDocument(const graph::GraphReader& store, const Document& doc,
                                    const std::string& sha);

struct WriteStats {
  size_t entities_created = 0;
  size_t relationships = 0;
  size_t relationships_removed = 0;  // evidence of the document's previous version
  bool replaced = false;
};

// Writes the document and its extraction in one transaction: a changed document's old evidence
// is removed first. Unchanged content (same sha256 already stored) writes nothing.
// `sentences` is the document's sentence count. Entities that land on the same node (one name
// read in two sections of a long document) share one MENTIONS relationship.
Result<WriteStats> WriteDocument(graph::GraphStore& store, const Document& doc,
                                 const std::string& sha, size_t sentences, const Extraction& x);

// Writes one long document (read in sections) part by part, one transaction per part, so that
// no transaction holds the whole document. Until Finish commits, the document node carries
// `partial: true` and its content hash is not recorded: an ingest stopped between parts leaves
// a partial document that the next ingest of the file replaces (or Abandon removes); a previous
// complete version keeps its evidence until Finish.
class LongDocumentWriter {
 public:
  LongDocumentWriter(graph::GraphStore& store, const Document& doc, std::string sha);
  ~LongDocumentWriter();
  // Writes one part's relationships and MENTIONS (sentence indexes and spans document-wide).
  Status WritePart(const Extraction& x);
  // Records the document as complete: its properties, the previous version's evidence removed,
  // the content hash stored.
  Result<WriteStats> Finish(size_t sentences);
  // After a failure: deletes what the parts wrote (and the document node if it was new).
  Status Abandon();

 private:
  struct State;
  graph::GraphStore& store_;
  const Document& doc_;
  std::string sha_;
  WriteStats stats_;
  std::unique_ptr<State> state_;
};

}  // namespace kg::ingest
