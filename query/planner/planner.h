// Planner: BoundStatement -> LogicalPlan. Rule-based: each pattern part is anchored on a bound
// node if there is one, else on a name lookup (`{name: ...}` or WHERE n.name = ...; served by the
// store's name/alias index), else a label scan, else a scan of all nodes; then it expands along
// the pattern in both directions. WHERE conjuncts are pushed down to the first operator after
// which all their variables are bound. Throws QueryError only for unsupported shapes.
#pragma once

#include "query/binder/bound_query.h"
#include "query/planner/logical_plan.h"

namespace kg::query {

LogicalPlan Plan(const BoundStatement& bound);

}  // namespace kg::query
