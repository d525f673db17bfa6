// kg load, kg stats, kg export: the store commands.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/store_access.h"
#include "graph/export.h"
#include "graph/export_graphviz.h"
#include "query/query_engine.h"
#include "graph/triple_loader.h"

namespace kg::cli {
namespace {

struct LoadArgs {
  std::string format = "tsv";
  bool header = false;
  std::string columns;
  std::string names;
  std::string nodes;
  std::string label = "Entity";
  std::vector<std::string> files;
};

int RunLoad(const Globals& g, const LoadArgs& a) {
  graph::LoadOptions opts;
  opts.format = a.format == "csv" ? graph::LoadOptions::Format::kCsv : graph::LoadOptions::Format::kTsv;
  opts.header = a.header;
  opts.label = a.label;
  if (!a.columns.empty()) {
    std::vector<std::string> cols;
    std::stringstream ss(a.columns);
    std::string c;
    while (std::getline(ss, c, ',')) cols.push_back(c);
    if (cols.size() != 3) {
      std::cerr << "kg: usage error: --columns takes three columns SUBJECT,RELATION,OBJECT (names "
                   "or 0-based numbers), got '" << a.columns << "'\n";
      return 2;
    }
    opts.subject_column = cols[0];
    opts.relation_column = cols[1];
    opts.object_column = cols[2];
  }
  if (!a.names.empty() && !a.nodes.empty()) {
    std::cerr << "kg: usage error: give either --names or --nodes, not both\n";
    return 2;
  }
  std::unordered_map<std::string, std::string> names;
  std::vector<std::string> node_ids;
  const std::string& names_file = a.nodes.empty() ? a.names : a.nodes;
  if (!names_file.empty()) {
    Status s = graph::ReadNamesFile(names_file, &names, a.nodes.empty() ? nullptr : &node_ids);
    if (!s.ok()) return ReportError(s);
    opts.names = &names;
  }
  // Check every input before writing anything.
  for (const auto& f : a.files) {
    if (f == "-") continue;
    std::ifstream probe(f);
    if (!probe) return ReportError(Status::IOError("cannot open " + f + ": " + std::strerror(errno)));
  }
  auto store = OpenForWrite(g);
  if (!store.ok()) return ReportError(store.status());
  auto start = std::chrono::steady_clock::now();
  graph::TripleLoader loader(store->get(), opts);
  std::vector<std::string> errors;
  Status status = loader.AddNodes(node_ids);
  for (const auto& f : a.files) {
    if (!status.ok()) break;
    if (f == "-") {
      status = loader.Load(std::cin, "<stdin>", &errors);
    } else {
      std::ifstream in(f, std::ios::binary);
      status = loader.Load(in, f, &errors);
    }
  }
  if (status.ok()) status = loader.Finish();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t shown = 0;
  for (const auto& e : errors) {
    if (++shown > 20) {
      std::cerr << "kg: error: ... and " << (errors.size() - 20) << " more bad rows\n";
      break;
    }
    std::cerr << "kg: error: " << e << "\n";
  }
  if (!status.ok()) return ReportError(status);
  const auto& st = loader.stats();
  if (!g.quiet) {
    std::cerr << "loaded " << st.edges_created << " relationships and " << st.nodes_created
              << " new nodes in " << std::fixed << std::setprecision(2) << secs << " s ("
              << static_cast<uint64_t>(secs > 0 ? st.rows / secs : 0) << " triples/s)";
    if (st.bad_rows > 0) std::cerr << "; skipped " << st.bad_rows << " bad rows";
    std::cerr << "\n";
  }
  return st.bad_rows > 0 ? 1 : 0;
}

std::string HumanBytes(uint64_t b) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1);
  if (b >= (1ull << 30)) {
    os << b / double(1ull << 30) << " GiB";
  } else if (b >= (1ull << 20)) {
    os << b / double(1ull << 20) << " MiB";
  } else if (b >= 1024) {
    os << b / 1024.0 << " KiB";
  } else {
    os << b << " B";
  }
  return os.str();
}

int RunStats(const Globals& g) {
  auto store = OpenForRead(g);
  if (!store.ok()) return ReportError(store.status());
  auto counts = (*store)->Counts();
  if (!counts.ok()) return ReportError(counts.status());
  const auto& c = *counts;
  uint64_t docs = c.nodes_per_label.count("Document") ? c.nodes_per_label.at("Document") : 0;
  std::cout << "database       " << (*store)->Path() << "\n";
  std::cout << "nodes          " << c.nodes << "\n";
  for (const auto& [l, n] : c.nodes_per_label) std::cout << "  :" << l << "  " << n << "\n";
  std::cout << "relationships  " << c.edges << "\n";
  for (const auto& [t, n] : c.edges_per_type) std::cout << "  :" << t << "  " << n << "\n";
  std::cout << "documents      " << docs << "\n";
  std::cout << "bytes on disk  " << (*store)->DiskBytes() << " (" << HumanBytes((*store)->DiskBytes())
            << ")\n";
  return 0;
}

int RunCheck(const Globals& g) {
  auto store = OpenForRead(g);
  if (!store.ok()) return ReportError(store.status());
  graph::CheckReport report;
  Status s = (*store)->Check(&report);
  if (!s.ok()) return ReportError(s);
  for (const auto& p : report.problems) std::cout << "problem: " << p << "\n";
  if (report.problem_count > report.problems.size()) {
    std::cout << "... and " << (report.problem_count - report.problems.size()) << " more problems\n";
  }
  std::cout << "checked " << report.nodes << " nodes, " << report.edges << " relationships, "
            << report.index_entries << " index entries: "
            << (report.problem_count == 0 ? "no problems" : std::to_string(report.problem_count) + " problem(s)")
            << "\n";
  return report.problem_count == 0 ? 0 : 1;
}

struct ExportArgs {
  std::string format = "tsv";
  std::string output;
  std::string query;
  std::string ego;
  uint32_t hops = 1;
  std::string layout = "dot";
  size_t max_nodes = 0;  // 0: the default for the format
};

// The nodes, relationships and paths a query returns, as a subgraph.
Result<graph::Subgraph> QuerySubgraph(graph::GraphStore& store, const std::string& text) {
  query::QueryEngine engine(store);
  auto r = engine.Execute(text);
  if (!r.ok()) return r.status();
  graph::Subgraph sub;
  std::function<void(const query::Value&)> add = [&](const query::Value& v) {
    if (v.is_node()) sub.nodes.push_back(v.as_node().id);
    if (v.is_rel()) {
      sub.edges.push_back(v.as_rel().id);
      graph::EdgeRecord e;
      if (store.GetEdge(v.as_rel().id, &e).ok()) {
        sub.nodes.push_back(e.source);
        sub.nodes.push_back(e.target);
      }
    }
    if (v.is_path()) {
      for (const auto& n : v.as_path().nodes) add(query::Value(n));
      for (const auto& rel : v.as_path().rels) add(query::Value(rel));
    }
    if (v.is_list()) {
      for (const auto& e : v.as_list()) add(e);
    }
  };
  for (const auto& row : r->rows) {
    for (const auto& v : row) add(v);
  }
  graph::NormalizeSubgraph(&sub);
  return sub;
}

int RunGraphExport(const Globals& g, graph::GraphStore& st, const ExportArgs& a, std::ostream& out) {
  auto format = graph::ParseExportFormat(a.format);
  if (!format.ok()) return ReportError(format.status());
  const bool diagram = *format == graph::ExportFormat::kDot || *format == graph::ExportFormat::kSvg ||
                       *format == graph::ExportFormat::kPng || *format == graph::ExportFormat::kPdf;
  const size_t cap = a.max_nodes > 0 ? a.max_nodes : diagram ? 500 : SIZE_MAX;
  graph::GraphStore* store = &st;
  Result<graph::Subgraph> sub = Status::InvalidArgument("unset");
  if (!a.query.empty()) {
    sub = QuerySubgraph(*store, a.query);
  } else if (!a.ego.empty()) {
    std::vector<graph::NodeId> ids;
    Status s = store->FindByName(a.ego, &ids);
    if (!s.ok()) return ReportError(s);
    if (ids.empty()) return ReportError(Status::NotFound("no node named '" + a.ego + "'"));
    sub = graph::EgoSubgraph(*store, ids.front(), a.hops, cap);
  } else {
    sub = graph::WholeGraph(*store, cap);
  }
  if (!sub.ok()) return ReportError(sub.status());
  if (sub->nodes.size() > cap) {
    sub->nodes.resize(cap);
    std::unordered_set<graph::NodeId> keep(sub->nodes.begin(), sub->nodes.end());
    std::vector<graph::EdgeId> edges;
    for (auto e : sub->edges) {
      graph::EdgeRecord rec;
      if (store->GetEdge(e, &rec).ok() && keep.count(rec.source) && keep.count(rec.target)) {
        edges.push_back(e);
      }
    }
    sub->edges = std::move(edges);
    sub->truncated = true;
  }
  if (sub->truncated && !g.quiet) {
    std::cerr << "kg: warning: the graph is too large to draw in full; exporting the first " << cap
              << " nodes and the relationships among them (use --max-nodes, --ego or --query)\n";
  }
  graph::DiagramOptions opts;
  opts.layout = a.layout;
  Status s = graph::ExportSubgraph(*store, *sub, *format, opts, out);
  if (!s.ok()) return ReportError(s);
  return 0;
}

int RunExport(const Globals& g, const ExportArgs& a) {
  auto store = OpenForRead(g);
  if (!store.ok()) return ReportError(store.status());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!a.output.empty() && a.output != "-") {
    file.open(a.output, std::ios::binary | std::ios::trunc);
    if (!file) return ReportError(Status::IOError("cannot write " + a.output + ": " + std::strerror(errno)));
    out = &file;
  }
  if (a.format != "tsv" || !a.query.empty() || !a.ego.empty()) {
    if (a.format == "tsv") {
      std::cerr << "kg: usage error: --query and --ego need a graph format (dot, svg, png, pdf, "
                   "graphml, gexf, json, csv, ntriples)\n";
      return 2;
    }
    int rc = RunGraphExport(g, **store, a, *out);
    out->flush();
    return rc;
  }
  Status s = graph::ExportTsv(**store, *out);
  out->flush();
  if (!s.ok() || !out->good()) {
    return ReportError(s.ok() ? Status::IOError("write failed for " + (a.output.empty() ? "stdout" : a.output)) : s);
  }
  return 0;
}

}  // namespace

void RegisterStoreCommands(CLI::App& app, CommandContext& ctx) {
  auto load_args = std::make_shared<LoadArgs>();
  CLI::App* load = app.add_subcommand(
      "load", "Bulk-load triples (subject, relation, object; extra columns become relationship "
              "properties) from TSV or CSV files");
  load->add_option("--format", load_args->format, "Input format")
      ->check(CLI::IsMember({"tsv", "csv"}));
  load->add_flag("--header", load_args->header, "The first line names the columns");
  load->add_option("--columns", load_args->columns,
                   "SUBJECT,RELATION,OBJECT columns, as header names or 0-based numbers "
                   "(default 0,1,2)");
  load->add_option("--names", load_args->names,
                   "File of 'id<TAB>name' lines: nodes get the name, their id stays an alias");
  load->add_option("--nodes", load_args->nodes,
                   "Like --names, and every node listed is created, with or without relationships");
  load->add_option("--label", load_args->label, "Label of the nodes the load creates");
  load->add_option("files", load_args->files, "Files to load, or - for standard input")
      ->required();
  load->callback([&ctx, load_args] { ctx.run = [&ctx, load_args] { return RunLoad(ctx.globals, *load_args); }; });

  CLI::App* stats = app.add_subcommand(
      "stats", "Nodes per label, relationships per type, documents and bytes on disk");
  stats->callback([&ctx] { ctx.run = [&ctx] { return RunStats(ctx.globals); }; });

  CLI::App* check = app.add_subcommand(
      "check", "Verify the database's integrity (records, adjacency both ways, label and name "
               "indexes, counts); exit code 1 if anything is wrong");
  check->callback([&ctx] { ctx.run = [&ctx] { return RunCheck(ctx.globals); }; });

  auto export_args = std::make_shared<ExportArgs>();
  CLI::App* exp = app.add_subcommand("export", "Write the stored graph out");
  exp->add_option("--format", export_args->format,
                  "tsv: subject<TAB>relation<TAB>object<TAB>key=value...")
      ->check(CLI::IsMember(
          {"tsv", "dot", "svg", "png", "pdf", "graphml", "gexf", "json", "csv", "ntriples"}));
  exp->add_option("-o,--output", export_args->output, "Output file (default: standard output)");
  exp->add_option("--query", export_args->query,
                  "Export what a query returns (nodes, relationships, paths), e.g. "
                  "'MATCH p=(:Person)-[]->() RETURN p'");
  exp->add_option("--ego", export_args->ego, "Export the neighbourhood of the node with this name");
  exp->add_option("--hops", export_args->hops, "Radius of --ego (default 1)");
  exp->add_option("--layout", export_args->layout, "Graphviz layout for dot/svg/png/pdf")
      ->check(CLI::IsMember({"dot", "neato", "sfdp", "fdp", "circo", "twopi"}));
  exp->add_option("--max-nodes", export_args->max_nodes,
                  "Cap on exported nodes (default 500 for diagrams, none otherwise)");
  exp->callback([&ctx, export_args] {
    ctx.run = [&ctx, export_args] { return RunExport(ctx.globals, *export_args); };
  });
}

}  // namespace kg::cli
