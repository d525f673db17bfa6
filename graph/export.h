// Exports of a stored graph. TSV: one line per relationship,
// subject<TAB>relation<TAB>object then one `key=value` column per relationship property (the
// format `kg load` reads back). Node names are their `name` property, or `#<id>` without one.
#pragma once

#include <ostream>

#include "common/status.h"
#include "graph/graph_store.h"

namespace kg::graph {

// Writes every relationship, ascending by id. Returns IOError if the stream fails.
Status ExportTsv(const GraphReader& graph, std::ostream& out);

// The display name of a node: its `name` property, else `#<id>`.
std::string NodeDisplayName(const NodeRecord& node);

}  // namespace kg::graph
