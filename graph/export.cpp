#include "graph/export.h"

#include <unordered_map>

#include "graph/triple_loader.h"

namespace kg::graph {

std::string NodeDisplayName(const NodeRecord& node) {
  auto it = node.properties.find("name");
  if (it != node.properties.end() && it->second.is_string()) return it->second.as_string();
  return "#" + std::to_string(node.id);
}

namespace {
std::string RawValue(const PropertyValue& v) {
  return v.is_string() ? v.as_string() : PropertyToString(v);
}
}  // namespace

Status ExportTsv(const GraphReader& graph, std::ostream& out) {
  std::unordered_map<NodeId, std::string> names;
  Status inner;
  auto name_of = [&](NodeId id) -> const std::string& {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    NodeRecord rec;
    Status s = graph.GetNode(id, &rec);
    if (!s.ok()) inner = s;
    return names.emplace(id, EscapeTsv(NodeDisplayName(rec))).first->second;
  };
  std::string line;
  KG_RETURN_IF_ERROR(graph.ScanEdges([&](const EdgeRecord& e) {
    line = name_of(e.source);
    line += '\t';
    line += EscapeTsv(e.type);
    line += '\t';
    line += name_of(e.target);
    for (const auto& [k, v] : e.properties) {
      line += '\t';
      line += EscapeTsv(k + "=" + RawValue(v));
    }
    line += '\n';
    out << line;
    return inner.ok() && out.good();
  }));
  KG_RETURN_IF_ERROR(inner);
  if (!out.good()) return Status::IOError("write failed");
  return Status::OK();
}

}  // namespace kg::graph
