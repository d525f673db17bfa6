#include "query/query_result.h"

namespace kg::query {

std::string SideEffects::ToString() const {
  std::string out;
  auto add = [&](int64_t n, const char* what) {
    if (n == 0) {
      return;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += std::string(what) + " " + std::to_string(n);
  };
  add(nodes_created, "nodes created:");
  add(nodes_deleted, "nodes deleted:");
  add(relationships_created, "relationships created:");
  add(relationships_deleted, "relationships deleted:");
  add(labels_added, "labels added:");
  add(labels_removed, "labels removed:");
  add(properties_set, "properties set:");
  return out;
}

}  // namespace kg::query
