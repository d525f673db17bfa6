// Procedures callable with CALL name(args) YIELD fields. A process-wide registry: the query module
// registers db.labels(), db.relationshipTypes(), db.propertyKeys() and db.schema.nodeCounts();
// other modules (e.g. graph algorithms) add theirs with ProcedureRegistry::Global().Register().
// Registration is not thread-safe; do it at start-up before running queries.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"
#include "query/value.h"

namespace kg::query {

struct ProcedureField {
  std::string name;
  std::string type;  // documentation only: "STRING", "INTEGER", "NODE", "ANY"...
};

// Calls emit once per output row (values in the order of `outputs`). Returns a non-OK Status to
// fail the query with a ProcedureError.
using ProcedureFn = std::function<Status(const graph::GraphReader& graph,
                                         const std::vector<Value>& args,
                                         const std::function<void(std::vector<Value>)>& emit)>;

struct Procedure {
  std::string name;  // dotted, e.g. "db.labels"
  std::vector<ProcedureField> inputs;
  std::vector<ProcedureField> outputs;
  std::string description;
  ProcedureFn fn;
};

class ProcedureRegistry {
 public:
  // The registry used by every QueryEngine; built-ins are registered on first use.
  static ProcedureRegistry& Global();

  // Adds or replaces a procedure.
  void Register(Procedure p);
  // Exact (case-sensitive) lookup; nullptr if absent.
  const Procedure* Find(const std::string& name) const;
  std::vector<std::string> Names() const;

 private:
  std::vector<Procedure> procedures_;
};

}  // namespace kg::query
