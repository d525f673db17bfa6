// The binder's output: the AST annotated in place (variable slots, function ids, which pattern
// variables are already bound) plus per-query slot counts and result columns. Handed to the
// planner.
#pragma once

#include <string>
#include <vector>

#include "query/ast/ast.h"

namespace kg::query {

struct BoundSingleQuery {
  ast::SingleQuery* query = nullptr;
  int num_slots = 0;                  // width of a row while executing this query
  std::vector<std::string> columns;   // RETURN column names (empty for update-only queries)
  std::vector<int> column_slots;      // the slots holding them
};

struct BoundStatement {
  ast::Statement* statement = nullptr;
  std::vector<BoundSingleQuery> parts;  // joined by UNION (statement->union_all)
  std::vector<std::string> columns;
  bool updates = false;  // has CREATE/MERGE/SET/REMOVE/DELETE
};

// True if the expression contains an aggregate function call (not looking inside nested
// sub-queries).
bool ContainsAggregate(const ast::Expr& e);

}  // namespace kg::query
