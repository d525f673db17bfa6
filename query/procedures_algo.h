// The graph algorithm procedures (algo.*): CALL algo.pagerank({iterations: 20}) YIELD node, score
// and the others listed by CALL algo.list(). They run on the cached CSR view of the graph
// (graph/csr_view.h), restricted by the `labels` / `types` options.
#pragma once

#include "query/procedures.h"

namespace kg::query {

// Adds every algo.* procedure to `registry` (called by ProcedureRegistry::Global()).
void RegisterAlgorithmProcedures(ProcedureRegistry* registry);

}  // namespace kg::query
