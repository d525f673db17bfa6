// Clause-level triple extraction over one sentence's dependency tree (internal to
// ingest/extract/). See extraction.h for the rules it implements.
#pragma once

#include <string_view>
#include <vector>

#include "ingest/extract/entity_resolver.h"
#include "ingest/extract/extraction.h"
#include "ingest/extract/tree.h"

namespace kg::ingest {

// Appends the triples of sentence `si` to *out. `index` must come from ResolveEntities over
// the same sentences and trees.
void ExtractClauses(const std::vector<Tree>& trees, int si, const EntityIndex& index,
                    std::vector<ExtractedTriple>* out);

}  // namespace kg::ingest
