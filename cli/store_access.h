// Opening the database named by the global options, for the commands in cli/.
#pragma once

#include <memory>

#include "cli/commands.h"
#include "graph/graph_store.h"

namespace kg::cli {

// Opens --db for writing (creating it if missing). Errors name the path; a database held by
// another writer gives "database <path> is in use by another kg process".
Result<std::unique_ptr<graph::GraphStore>> OpenForWrite(const Globals& g);
// Opens --db read-only; works while another process writes.
Result<std::unique_ptr<graph::GraphStore>> OpenForRead(const Globals& g);

}  // namespace kg::cli
