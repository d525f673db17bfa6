// Binder: checks a parsed statement against openCypher's scoping and typing rules and annotates
// it for the planner. Throws QueryError (SyntaxError with a TCK code such as UndefinedVariable,
// VariableTypeConflict, VariableAlreadyBound, InvalidAggregation) on the first problem.
#pragma once

#include <string>
#include <vector>

#include "graph/graph_store.h"
#include "query/binder/bound_query.h"

namespace kg::query {

class Binder {
 public:
  // `graph` is only used for "did you mean" hints on labels, types and property keys; it may be
  // null.
  explicit Binder(const graph::GraphReader* graph) : graph_(graph) {}

  // REQUIRES: `statement` outlives the result.
  BoundStatement Bind(ast::Statement* statement);

  // Warnings collected while binding (unknown labels etc. with suggestions); not errors.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  const graph::GraphReader* graph_;
  std::vector<std::string> warnings_;
};

}  // namespace kg::query
