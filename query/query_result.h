// QueryResult: what one executed statement produced: column names, rows of Values, counters of
// the changes it made, and (for EXPLAIN/PROFILE) the plan text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "query/value.h"

namespace kg::query {

struct SideEffects {
  int64_t nodes_created = 0;
  int64_t nodes_deleted = 0;
  int64_t relationships_created = 0;
  int64_t relationships_deleted = 0;
  int64_t labels_added = 0;
  int64_t labels_removed = 0;
  int64_t properties_set = 0;

  bool any() const {
    return nodes_created || nodes_deleted || relationships_created || relationships_deleted ||
           labels_added || labels_removed || properties_set;
  }
  // "Created 2 nodes, set 3 properties" style summary; empty if nothing changed.
  std::string ToString() const;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;  // nodes/relationships/paths carry snapshot records
  SideEffects side_effects;
  std::string plan;                    // EXPLAIN / PROFILE text, else empty
  bool explain_only = false;           // EXPLAIN: the query was not run
  std::vector<std::string> warnings;   // e.g. unknown label with a "did you mean"
};

}  // namespace kg::query
