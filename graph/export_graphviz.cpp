#include "graph/export_graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "graph/export.h"

namespace kg::graph {

namespace {

struct Records {
  std::vector<NodeRecord> nodes;
  std::vector<EdgeRecord> edges;
  std::unordered_map<NodeId, size_t> node_index;
};

Result<Records> Load(const GraphReader& graph, const Subgraph& sub) {
  Records r;
  r.nodes.resize(sub.nodes.size());
  for (size_t i = 0; i < sub.nodes.size(); ++i) {
    KG_RETURN_IF_ERROR(graph.GetNode(sub.nodes[i], &r.nodes[i]));
    r.node_index[sub.nodes[i]] = i;
  }
  r.edges.resize(sub.edges.size());
  for (size_t i = 0; i < sub.edges.size(); ++i) {
    KG_RETURN_IF_ERROR(graph.GetEdge(sub.edges[i], &r.edges[i]));
  }
  return r;
}

std::string Raw(const PropertyValue& v) {
  return v.is_string() ? v.as_string() : PropertyToString(v);
}

struct Style {
  const char* fill;
  const char* shape;
};

Style StyleFor(const NodeRecord& n) {
  static const std::map<std::string, Style> kKnown = {
      {"Person", {"#8dd3c7", "ellipse"}},      {"Organization", {"#fdb462", "box"}},
      {"Org", {"#fdb462", "box"}},             {"Location", {"#b3de69", "hexagon"}},
      {"Place", {"#b3de69", "hexagon"}},       {"Country", {"#b3de69", "hexagon"}},
      {"GPE", {"#b3de69", "hexagon"}},         {"Event", {"#fb8072", "diamond"}},
      {"Document", {"#d9d9d9", "note"}},       {"Entity", {"#80b1d3", "ellipse"}},
      {"Title", {"#ffffb3", "component"}},     {"Date", {"#bebada", "octagon"}},
  };
  static const char* kPalette[] = {"#fccde5", "#ccebc5", "#bc80bd", "#ffed6f", "#a6cee3",
                                   "#e5c494"};
  for (const auto& l : n.labels) {
    auto it = kKnown.find(l);
    if (it != kKnown.end()) return it->second;
  }
  if (n.labels.empty()) return {"#ffffff", "ellipse"};
  size_t h = std::hash<std::string>()(n.labels.front());
  return {kPalette[h % (sizeof(kPalette) / sizeof(kPalette[0]))], "ellipse"};
}

std::string Labels(const NodeRecord& n) {
  std::string s;
  for (const auto& l : n.labels) s += ":" + l;
  return s;
}

std::string EdgeEvidence(const EdgeRecord& e) {
  auto it = e.properties.find("sentence_text");
  if (it != e.properties.end() && it->second.is_string()) return it->second.as_string();
  return "";
}

// Graphviz reports errors through a global callback; collect them per render.
std::mutex g_gv_mu;
std::string* g_gv_errors = nullptr;
int CollectError(char* msg) {
  if (g_gv_errors != nullptr) *g_gv_errors += msg;
  return 0;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string NtLiteral(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string IriPart(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

nlohmann::json PropsJson(const Properties& props) {
  nlohmann::json j = nlohmann::json::object();
  std::function<nlohmann::json(const PropertyValue&)> conv = [&](const PropertyValue& v) {
    if (v.is_bool()) return nlohmann::json(v.as_bool());
    if (v.is_int()) return nlohmann::json(v.as_int());
    if (v.is_double()) return nlohmann::json(v.as_double());
    if (v.is_string()) return nlohmann::json(v.as_string());
    if (v.is_list()) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& e : v.as_list()) a.push_back(conv(e));
      return a;
    }
    return nlohmann::json();
  };
  for (const auto& [k, v] : props) j[k] = conv(v);
  return j;
}

const char* XmlType(const PropertyValue& v) {
  if (v.is_bool()) return "boolean";
  if (v.is_int()) return "long";
  if (v.is_double()) return "double";
  return "string";
}

Status WriteGraphml(const Records& r, std::ostream& out) {
  // Property keys with the type of their first value (string if the types disagree).
  std::map<std::string, std::string> nkeys, ekeys;
  auto collect = [](std::map<std::string, std::string>* keys, const Properties& p) {
    for (const auto& [k, v] : p) {
      auto [it, added] = keys->try_emplace(k, XmlType(v));
      if (!added && it->second != XmlType(v)) it->second = "string";
    }
  };
  for (const auto& n : r.nodes) collect(&nkeys, n.properties);
  for (const auto& e : r.edges) collect(&ekeys, e.properties);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
         "  <key id=\"labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>\n"
         "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n";
  for (const auto& [k, t] : nkeys) {
    out << "  <key id=\"n_" << EscapeXml(k) << "\" for=\"node\" attr.name=\"" << EscapeXml(k)
        << "\" attr.type=\"" << t << "\"/>\n";
  }
  for (const auto& [k, t] : ekeys) {
    out << "  <key id=\"e_" << EscapeXml(k) << "\" for=\"edge\" attr.name=\"" << EscapeXml(k)
        << "\" attr.type=\"" << t << "\"/>\n";
  }
  out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";
  for (const auto& n : r.nodes) {
    out << "    <node id=\"n" << n.id << "\">\n      <data key=\"labels\">" << EscapeXml(Labels(n))
        << "</data>\n";
    for (const auto& [k, v] : n.properties) {
      out << "      <data key=\"n_" << EscapeXml(k) << "\">" << EscapeXml(Raw(v)) << "</data>\n";
    }
    out << "    </node>\n";
  }
  for (const auto& e : r.edges) {
    out << "    <edge id=\"e" << e.id << "\" source=\"n" << e.source << "\" target=\"n" << e.target
        << "\">\n      <data key=\"type\">" << EscapeXml(e.type) << "</data>\n";
    for (const auto& [k, v] : e.properties) {
      out << "      <data key=\"e_" << EscapeXml(k) << "\">" << EscapeXml(Raw(v)) << "</data>\n";
    }
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
  return Status::OK();
}

Status WriteGexf(const Records& r, std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
         "  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"0\" title=\"labels\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"0\" title=\"evidence\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  for (const auto& n : r.nodes) {
    out << "      <node id=\"" << n.id << "\" label=\"" << EscapeXml(NodeDisplayName(n))
        << "\">\n        <attvalues><attvalue for=\"0\" value=\"" << EscapeXml(Labels(n))
        << "\"/></attvalues>\n      </node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (const auto& e : r.edges) {
    out << "      <edge id=\"" << e.id << "\" source=\"" << e.source << "\" target=\"" << e.target
        << "\" label=\"" << EscapeXml(e.type) << "\">\n        <attvalues><attvalue for=\"0\" "
        << "value=\"" << EscapeXml(EdgeEvidence(e)) << "\"/></attvalues>\n      </edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
  return Status::OK();
}

Status WriteJson(const Records& r, std::ostream& out) {
  nlohmann::json j;
  j["nodes"] = nlohmann::json::array();
  j["relationships"] = nlohmann::json::array();
  for (const auto& n : r.nodes) {
    j["nodes"].push_back(
        {{"id", n.id}, {"labels", n.labels}, {"properties", PropsJson(n.properties)}});
  }
  for (const auto& e : r.edges) {
    j["relationships"].push_back({{"id", e.id},
                                  {"type", e.type},
                                  {"source", e.source},
                                  {"target", e.target},
                                  {"properties", PropsJson(e.properties)}});
  }
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return Status::OK();
}

Status WriteCsv(const Records& r, std::ostream& out) {
  std::set<std::string> keys;
  for (const auto& e : r.edges) {
    for (const auto& [k, _] : e.properties) keys.insert(k);
  }
  out << "source_id,source,relation,target_id,target";
  for (const auto& k : keys) out << "," << CsvField(k);
  out << "\r\n";
  for (const auto& e : r.edges) {
    const NodeRecord& s = r.nodes[r.node_index.at(e.source)];
    const NodeRecord& t = r.nodes[r.node_index.at(e.target)];
    out << e.source << "," << CsvField(NodeDisplayName(s)) << "," << CsvField(e.type) << ","
        << e.target << "," << CsvField(NodeDisplayName(t));
    for (const auto& k : keys) {
      auto it = e.properties.find(k);
      out << "," << (it == e.properties.end() ? "" : CsvField(Raw(it->second)));
    }
    out << "\r\n";
  }
  return Status::OK();
}

Status WriteNTriples(const Records& r, std::ostream& out) {
  const std::string rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
  const std::string rdfs_label = "<http://www.w3.org/2000/01/rdf-schema#label>";
  for (const auto& n : r.nodes) {
    const std::string subj = "<urn:kg:node:" + std::to_string(n.id) + ">";
    for (const auto& l : n.labels) {
      out << subj << " " << rdf_type << " <urn:kg:label:" << IriPart(l) << "> .\n";
    }
    auto it = n.properties.find("name");
    if (it != n.properties.end() && it->second.is_string()) {
      out << subj << " " << rdfs_label << " " << NtLiteral(it->second.as_string()) << " .\n";
    }
  }
  for (const auto& e : r.edges) {
    out << "<urn:kg:node:" << e.source << "> <urn:kg:rel:" << IriPart(e.type) << "> <urn:kg:node:"
        << e.target << "> .\n";
  }
  return Status::OK();
}

}  // namespace

std::string EscapeDot(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

std::string EscapeXml(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += ' ';
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

void NormalizeSubgraph(Subgraph* sub) {
  std::sort(sub->nodes.begin(), sub->nodes.end());
  sub->nodes.erase(std::unique(sub->nodes.begin(), sub->nodes.end()), sub->nodes.end());
  std::sort(sub->edges.begin(), sub->edges.end());
  sub->edges.erase(std::unique(sub->edges.begin(), sub->edges.end()), sub->edges.end());
}

Result<Subgraph> WholeGraph(const GraphReader& graph, size_t max_nodes) {
  Subgraph sub;
  KG_RETURN_IF_ERROR(graph.ScanNodes([&](NodeId id) {
    if (sub.nodes.size() >= max_nodes) {
      sub.truncated = true;
      return false;
    }
    sub.nodes.push_back(id);
    return true;
  }));
  std::unordered_set<NodeId> in(sub.nodes.begin(), sub.nodes.end());
  KG_RETURN_IF_ERROR(graph.ScanEdges([&](const EdgeRecord& e) {
    if (in.count(e.source) && in.count(e.target)) sub.edges.push_back(e.id);
    return true;
  }));
  return sub;
}

Result<Subgraph> EgoSubgraph(const GraphReader& graph, NodeId center, uint32_t hops,
                             size_t max_nodes) {
  if (!graph.NodeExists(center)) return Status::NotFound("no node " + std::to_string(center));
  Subgraph sub;
  std::unordered_set<NodeId> seen{center};
  std::vector<NodeId> frontier{center};
  sub.nodes.push_back(center);
  for (uint32_t h = 0; h < hops && !frontier.empty() && !sub.truncated; ++h) {
    std::vector<NodeId> next;
    for (NodeId n : frontier) {
      KG_RETURN_IF_ERROR(graph.Expand(n, Direction::kBoth, {}, [&](const AdjEntry& a) {
        if (seen.insert(a.neighbor).second) {
          if (sub.nodes.size() >= max_nodes) {
            sub.truncated = true;
            return false;
          }
          sub.nodes.push_back(a.neighbor);
          next.push_back(a.neighbor);
        }
        return true;
      }));
      if (sub.truncated) break;
    }
    frontier.swap(next);
  }
  std::unordered_set<NodeId> in(sub.nodes.begin(), sub.nodes.end());
  for (NodeId n : sub.nodes) {
    KG_RETURN_IF_ERROR(graph.Expand(n, Direction::kOut, {}, [&](const AdjEntry& a) {
      if (in.count(a.neighbor)) sub.edges.push_back(a.edge);
      return true;
    }));
  }
  NormalizeSubgraph(&sub);
  return sub;
}

Result<ExportFormat> ParseExportFormat(const std::string& name) {
  static const std::map<std::string, ExportFormat> kNames = {
      {"dot", ExportFormat::kDot},         {"svg", ExportFormat::kSvg},
      {"png", ExportFormat::kPng},         {"pdf", ExportFormat::kPdf},
      {"graphml", ExportFormat::kGraphml}, {"gexf", ExportFormat::kGexf},
      {"json", ExportFormat::kJson},       {"csv", ExportFormat::kCsv},
      {"ntriples", ExportFormat::kNTriples}};
  auto it = kNames.find(name);
  if (it == kNames.end()) {
    return Status::InvalidArgument("unknown export format '" + name +
                                   "' (dot, svg, png, pdf, graphml, gexf, json, csv, ntriples)");
  }
  return it->second;
}

Result<std::string> ToDot(const GraphReader& graph, const Subgraph& sub,
                          const DiagramOptions& options) {
  auto rec = Load(graph, sub);
  if (!rec.ok()) return rec.status();
  std::ostringstream out;
  const bool layered = options.layout == "dot";
  out << "digraph kg {\n"
      << "  graph [fontname=\"Helvetica\", bgcolor=\"white\", pad=0.3, "
      << (layered ? "rankdir=LR, nodesep=0.35, ranksep=0.9" : "overlap=false, splines=true, sep=\"+12\"");
  if (!options.title.empty()) {
    out << ", label=\"" << EscapeDot(options.title) << "\", labelloc=t, fontsize=18";
  }
  out << "];\n"
      << "  node [fontname=\"Helvetica\", fontsize=12, style=\"filled\", color=\"#555555\", "
         "penwidth=1.2];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#777777\", fontcolor=\"#333333\", "
         "arrowsize=0.7];\n";
  for (const auto& n : rec->nodes) {
    Style st = StyleFor(n);
    std::string tip = NodeDisplayName(n) + Labels(n);
    out << "  n" << n.id << " [label=\"" << EscapeDot(NodeDisplayName(n)) << "\", shape=" << st.shape
        << ", fillcolor=\"" << st.fill << "\", tooltip=\"" << EscapeDot(tip) << "\"];\n";
  }
  for (const auto& e : rec->edges) {
    std::string evidence = EdgeEvidence(e);
    out << "  n" << e.source << " -> n" << e.target << " [label=\"" << EscapeDot(e.type)
        << "\", tooltip=\"" << EscapeDot(evidence.empty() ? e.type : evidence) << "\"];\n";
  }
  out << "}\n";
  return out.str();
}

Result<std::string> RenderDot(const std::string& dot, const std::string& layout,
                              const std::string& format) {
  static const std::set<std::string> kLayouts = {"dot", "neato", "sfdp", "fdp", "circo", "twopi"};
  if (!kLayouts.count(layout)) {
    return Status::InvalidArgument("unknown layout '" + layout +
                                   "' (dot, neato, sfdp, fdp, circo, twopi)");
  }
  std::lock_guard<std::mutex> lock(g_gv_mu);
  std::string errors;
  g_gv_errors = &errors;
  agseterrf(CollectError);
  // One context for the process: Debian's graphviz 2.42 pango plugin keeps a pointer to the last
  // font name, which lives in the context; freeing a context and rendering text in the next one
  // reads freed memory (found by AddressSanitizer).
  static GVC_t* gvc = gvContext();
  Agraph_t* g = agmemread(dot.c_str());
  if (g == nullptr) {
    g_gv_errors = nullptr;
    return Status::RuntimeError("graphviz could not parse the diagram: " + errors);
  }
  Status status;
  std::string out;
  if (gvLayout(gvc, g, layout.c_str()) != 0) {
    status = Status::RuntimeError("graphviz layout '" + layout + "' failed: " + errors);
  } else {
    char* data = nullptr;
    unsigned int len = 0;
    if (gvRenderData(gvc, g, format.c_str(), &data, &len) != 0 || data == nullptr) {
      status = Status::RuntimeError("graphviz cannot render " + format + ": " + errors);
    } else {
      out.assign(data, len);
    }
    if (data != nullptr) gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  g_gv_errors = nullptr;
  if (!status.ok()) return status;
  return out;
}

Status ExportSubgraph(const GraphReader& graph, const Subgraph& sub, ExportFormat format,
                      const DiagramOptions& options, std::ostream& out) {
  switch (format) {
    case ExportFormat::kDot:
    case ExportFormat::kSvg:
    case ExportFormat::kPng:
    case ExportFormat::kPdf: {
      auto dot = ToDot(graph, sub, options);
      if (!dot.ok()) return dot.status();
      if (format == ExportFormat::kDot) {
        out << *dot;
      } else {
        const char* f = format == ExportFormat::kSvg ? "svg" : format == ExportFormat::kPng ? "png" : "pdf";
        auto data = RenderDot(*dot, options.layout, f);
        if (!data.ok()) return data.status();
        out.write(data->data(), static_cast<std::streamsize>(data->size()));
      }
      break;
    }
    default: {
      auto rec = Load(graph, sub);
      if (!rec.ok()) return rec.status();
      Status s;
      if (format == ExportFormat::kGraphml) s = WriteGraphml(*rec, out);
      if (format == ExportFormat::kGexf) s = WriteGexf(*rec, out);
      if (format == ExportFormat::kJson) s = WriteJson(*rec, out);
      if (format == ExportFormat::kCsv) s = WriteCsv(*rec, out);
      if (format == ExportFormat::kNTriples) s = WriteNTriples(*rec, out);
      KG_RETURN_IF_ERROR(s);
    }
  }
  if (!out.good()) return Status::IOError("write failed");
  return Status::OK();
}

}  // namespace kg::graph
