#include "cli/store_access.h"

namespace kg::cli {

Result<std::unique_ptr<graph::GraphStore>> OpenForWrite(const Globals& g) {
  graph::OpenOptions o;
  return graph::OpenStore(g.db_path, o);
}

Result<std::unique_ptr<graph::GraphStore>> OpenForRead(const Globals& g) {
  graph::OpenOptions o;
  o.read_only = true;
  o.create_if_missing = false;
  return graph::OpenStore(g.db_path, o);
}

}  // namespace kg::cli
