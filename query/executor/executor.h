// Executor: runs a LogicalPlan against a graph reader (and, for updating statements, the open
// transaction) and drains it into a QueryResult. Throws QueryError.
#pragma once

#include "graph/graph_store.h"
#include "query/planner/logical_plan.h"
#include "query/query_result.h"
#include "query/value.h"

namespace kg::query {

// REQUIRES: txn != nullptr if plan.updates; `reader` is the transaction itself in that case.
// With profile, result->plan gets the operator tree annotated with row counts.
void ExecutePlan(const LogicalPlan& plan, const graph::GraphReader& reader,
                 graph::Transaction* txn, const ValueMap& params, bool profile,
                 QueryResult* result);

}  // namespace kg::query
