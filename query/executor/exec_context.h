// Execution state shared by the operators and the expression evaluator of one statement.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "graph/graph_store.h"
#include "query/planner/logical_plan.h"
#include "query/query_result.h"
#include "query/value.h"

namespace kg::query {

using Row = std::vector<Value>;

class Operator {
 public:
  virtual ~Operator() = default;
  // (Re)starts the operator and its children.
  virtual void Open() = 0;
  // Produces the next row into *row; false when exhausted.
  virtual bool Next(Row* row) = 0;
  // Next() that also counts rows for PROFILE.
  bool Pull(Row* row) {
    bool ok = Next(row);
    if (ok) {
      ++produced;
    }
    return ok;
  }

  const LogicalOp* logical = nullptr;
  uint64_t produced = 0;  // rows produced (PROFILE)
  std::vector<Operator*> inputs;  // for PROFILE printing
};

struct ExecContext;

// A compiled sub-plan with the row its Argument leaf reads.
struct Subplan {
  std::unique_ptr<Operator> root;
  Row argument;
};

struct ExecContext {
  const graph::GraphReader* reader = nullptr;
  graph::Transaction* txn = nullptr;  // null for read-only statements
  const ValueMap* params = nullptr;
  const LogicalPlan* plan = nullptr;
  SideEffects* effects = nullptr;
  std::vector<std::unique_ptr<Subplan>> subplans;  // by plan_id, built lazily
  const std::map<const ast::Expr*, Value>* aggregates = nullptr;  // while projecting groups

  // REQUIRES: txn != nullptr (the binder marks statements that write).
  graph::Transaction& Txn();
  // Node/relationship records; a missing one is an EntityNotFound error.
  graph::NodeRecord GetNode(graph::NodeId id) const;
  graph::EdgeRecord GetEdge(graph::EdgeId id) const;
  Subplan& GetSubplan(int plan_id);
};

// Builds the physical operator for `op`; Argument leaves read *argument.
std::unique_ptr<Operator> BuildOperator(const LogicalOp& op, ExecContext& ctx, Row* argument);

// Expression evaluation (expression_eval.cpp). Throws QueryError on type errors.
Value Evaluate(const ast::Expr& e, Row& row, ExecContext& ctx);
// Evaluates a predicate: true only for a true result (null and false reject).
bool EvaluatePredicate(const ast::Expr& e, Row& row, ExecContext& ctx);
// Scalar function call (functions.cpp).
Value CallFunction(const ast::Expr& call, std::vector<Value>& args, ExecContext& ctx);
// Property map of a node or relationship value (for keys(), properties(), SET n = m).
ValueMap EntityProperties(const Value& v, ExecContext& ctx);

}  // namespace kg::query
