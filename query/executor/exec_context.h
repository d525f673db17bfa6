// Execution state shared by the operators and the expression evaluator of one statement.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <vector>

#include "graph/graph_store.h"
#include "query/planner/logical_plan.h"
#include "query/query_result.h"
#include "query/value.h"

namespace kg::query {

using Row = std::vector<Value>;

// Limits of the statement running on this thread (set by QueryEngine through InterruptScope).
struct ExecLimits {
  const std::atomic<bool>* cancel = nullptr;  // set from outside (Ctrl-C) to stop the statement
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  double timeout_seconds = 0;           // for the message
  size_t max_var_length_paths = 0;      // 0 = unlimited
  uint32_t tick = 0;
};

// Makes `limits` the current thread's limits for its lifetime (nested scopes restore the outer).
class InterruptScope {
 public:
  explicit InterruptScope(ExecLimits* limits);
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  ExecLimits* previous_;
};

// The current thread's limits; nullptr outside QueryEngine.
ExecLimits* CurrentLimits();

// Throws QueryError "ExecutionError: Cancelled" or "ExecutionError: Timeout" when the running
// statement was cancelled or ran past its deadline. Cheap: looks at the clock every 64th call.
// Called as operators produce rows and inside searches that run long within one row.
void CheckInterrupt();

class Operator {
 public:
  virtual ~Operator() = default;
  // (Re)starts the operator and its children.
  virtual void Open() = 0;
  // Produces the next row into *row; false when exhausted.
  virtual bool Next(Row* row) = 0;
  // Next() that also counts rows for PROFILE.
  bool Pull(Row* row) {
    CheckInterrupt();
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
