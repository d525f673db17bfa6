// Diagram and interchange exports of a (sub)graph: DOT, SVG/PNG/PDF rendered in-process by
// Graphviz's libgvc, GraphML, GEXF, JSON, CSV and N-Triples. A Subgraph names the nodes and
// relationships to write; build it from the whole graph, an ego network or a query result.
//
// Diagrams colour and shape nodes by their first label, label edges with their relationship type
// and put the evidence sentence (`sentence_text` property) in the SVG tooltip. All text is
// escaped for the target format, whatever it contains.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"

namespace kg::graph {

struct Subgraph {
  std::vector<NodeId> nodes;  // ascending, unique
  std::vector<EdgeId> edges;  // ascending, unique; both ends are in `nodes`
  bool truncated = false;     // a cap cut it down
};

// The whole graph, or its first `max_nodes` nodes (and the edges among them) with truncated set.
Result<Subgraph> WholeGraph(const GraphReader& graph, size_t max_nodes);
// The nodes within `hops` of `center` (both directions) and every edge among them, capped at
// `max_nodes` nodes (nearest first).
Result<Subgraph> EgoSubgraph(const GraphReader& graph, NodeId center, uint32_t hops,
                             size_t max_nodes);
// Adds the endpoints of `edges` to `nodes` and sorts/deduplicates both.
void NormalizeSubgraph(Subgraph* sub);

enum class ExportFormat { kDot, kSvg, kPng, kPdf, kGraphml, kGexf, kJson, kCsv, kNTriples };
// "dot", "svg", ... ; InvalidArgument for unknown names.
Result<ExportFormat> ParseExportFormat(const std::string& name);

struct DiagramOptions {
  std::string layout = "dot";  // dot, neato, sfdp, fdp, circo, twopi
  std::string title;           // graph label, optional
};

// Writes `sub` in `format` to `out`. Diagram formats go through libgvc (no subprocess).
Status ExportSubgraph(const GraphReader& graph, const Subgraph& sub, ExportFormat format,
                      const DiagramOptions& options, std::ostream& out);

// DOT text of `sub` (what the diagram formats render).
Result<std::string> ToDot(const GraphReader& graph, const Subgraph& sub,
                          const DiagramOptions& options);
// Renders DOT text with libgvc to "svg", "png" or "pdf" bytes.
Result<std::string> RenderDot(const std::string& dot, const std::string& layout,
                              const std::string& format);

// Escapes text for a double-quoted DOT string (also safe for Graphviz's escString expansion).
std::string EscapeDot(const std::string& s);
// Escapes text for XML character data and attribute values.
std::string EscapeXml(const std::string& s);

}  // namespace kg::graph
