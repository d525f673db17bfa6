#include "query/procedures_algo.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

#include "graph/algorithms.h"
#include "graph/csr_view.h"

namespace kg::query {

namespace {

using graph::CsrView;
using graph::Direction;
using Emit = std::function<void(std::vector<Value>)>;

// Options every algorithm understands, plus the ones it declares.
struct OptionSpec {
  std::string name;
  std::string type;
  std::string help;
};

const std::vector<OptionSpec> kCommonOptions = {
    {"labels", "LIST<STRING>", "only nodes with one of these labels (default: all)"},
    {"types", "LIST<STRING>", "only relationships of these types (default: all)"},
};

// Reads the configuration map with type checks and a list of unknown keys.
class Config {
 public:
  Config(const std::string& proc, const Value& v, const std::vector<OptionSpec>& allowed)
      : proc_(proc) {
    if (v.is_null()) return;
    if (!v.is_map()) {
      status_ = Status::InvalidArgument(proc + " expects a configuration map, e.g. {}");
      return;
    }
    map_ = v.as_map();
    for (const auto& [k, _] : map_) {
      bool known = false;
      for (const auto& o : kCommonOptions) known = known || o.name == k;
      for (const auto& o : allowed) known = known || o.name == k;
      if (!known) {
        std::string names;
        for (const auto& o : kCommonOptions) names += " " + o.name;
        for (const auto& o : allowed) names += " " + o.name;
        status_ = Status::InvalidArgument("unknown option '" + k + "' for " + proc +
                                          "; options:" + names);
        return;
      }
    }
  }
  const Status& status() const { return status_; }

  double Number(const std::string& k, double def) {
    auto it = map_.find(k);
    if (it == map_.end() || it->second.is_null()) return def;
    if (!it->second.is_number()) {
      Bad(k, "a number");
      return def;
    }
    return it->second.as_number();
  }
  int64_t Int(const std::string& k, int64_t def, int64_t min) {
    auto it = map_.find(k);
    if (it == map_.end() || it->second.is_null()) return def;
    if (!it->second.is_int() || it->second.as_int() < min) {
      Bad(k, "an integer >= " + std::to_string(min));
      return def;
    }
    return it->second.as_int();
  }
  bool Bool(const std::string& k, bool def) {
    auto it = map_.find(k);
    if (it == map_.end() || it->second.is_null()) return def;
    if (!it->second.is_bool()) {
      Bad(k, "true or false");
      return def;
    }
    return it->second.as_bool();
  }
  std::string String(const std::string& k, const std::string& def) {
    auto it = map_.find(k);
    if (it == map_.end() || it->second.is_null()) return def;
    if (!it->second.is_string()) {
      Bad(k, "a string");
      return def;
    }
    return it->second.as_string();
  }
  std::vector<std::string> Strings(const std::string& k) {
    std::vector<std::string> out;
    auto it = map_.find(k);
    if (it == map_.end() || it->second.is_null()) return out;
    if (it->second.is_string()) return {it->second.as_string()};
    if (!it->second.is_list()) {
      Bad(k, "a list of strings");
      return out;
    }
    for (const auto& e : it->second.as_list()) {
      if (!e.is_string()) {
        Bad(k, "a list of strings");
        return {};
      }
      out.push_back(e.as_string());
    }
    return out;
  }
  Direction Dir(Direction def) {
    std::string d = String("direction", "");
    std::transform(d.begin(), d.end(), d.begin(), ::toupper);
    if (d.empty()) return def;
    if (d == "OUT" || d == "OUTGOING") return Direction::kOut;
    if (d == "IN" || d == "INCOMING") return Direction::kIn;
    if (d == "BOTH" || d == "UNDIRECTED") return Direction::kBoth;
    Bad("direction", "'OUT', 'IN' or 'BOTH'");
    return def;
  }
  graph::CsrFilter Filter() {
    graph::CsrFilter f;
    f.labels = Strings("labels");
    f.types = Strings("types");
    return f;
  }

 private:
  void Bad(const std::string& k, const std::string& what) {
    if (status_.ok()) {
      status_ = Status::InvalidArgument("option '" + k + "' of " + proc_ + " must be " + what);
    }
  }
  std::string proc_;
  ValueMap map_;
  Status status_;
};

Value NodeOf(const CsrView& v, CsrView::Vertex x) { return Value(NodeValue{v.node_id(x), nullptr}); }

// Resolves a node argument: a node, a node id or a name (FindByName). Must lie in the view.
Result<CsrView::Vertex> ResolveNode(const graph::GraphReader& g, const CsrView& view,
                                    const Value& v, const std::string& what) {
  graph::NodeId id = 0;
  if (v.is_node()) {
    id = v.as_node().id;
  } else if (v.is_int() && v.as_int() >= 0) {
    id = static_cast<graph::NodeId>(v.as_int());
  } else if (v.is_string()) {
    std::vector<graph::NodeId> ids;
    KG_RETURN_IF_ERROR(g.FindByName(v.as_string(), &ids));
    if (ids.empty()) return Status::NotFound("no node named '" + v.as_string() + "' (" + what + ")");
    id = ids.front();
  } else {
    return Status::InvalidArgument(what + " must be a node, a node id or a name");
  }
  CsrView::Vertex x = view.vertex(id);
  if (x == CsrView::kNone) {
    return Status::NotFound(what + " (node " + std::to_string(id) +
                            ") is not in the graph the options select");
  }
  return x;
}

Value PathValueOf(const CsrView& view, const graph::algo::Path& p) {
  PathValue pv;
  for (auto x : p.vertices) pv.nodes.push_back(NodeValue{view.node_id(x), nullptr});
  for (auto e : p.edges) pv.rels.push_back(RelValue{view.edge_id(e), nullptr});
  return Value(std::move(pv));
}

struct AlgoDef {
  std::string name;
  std::vector<ProcedureField> inputs;
  std::vector<ProcedureField> outputs;
  std::vector<OptionSpec> options;
  std::string description;
  // Runs on the view with parsed options.
  std::function<Status(const graph::GraphReader&, const CsrView&, const std::vector<Value>&,
                       Config&, const Emit&)>
      run;
};

std::vector<AlgoDef>& Defs() {
  static auto* defs = new std::vector<AlgoDef>();
  return *defs;
}

const ProcedureField kConfig{"config", "MAP"};

void Define(AlgoDef d) { Defs().push_back(std::move(d)); }

void DefineAll() {
  namespace a = graph::algo;
  Define({"algo.pagerank",
          {kConfig},
          {{"node", "NODE"}, {"score", "FLOAT"}},
          {{"iterations", "INTEGER", "power iterations (default 20)"},
           {"damping", "FLOAT", "damping factor (default 0.85)"},
           {"tolerance", "FLOAT", "stop once the L1 change is below this (default 0: never)"},
           {"direction", "STRING", "'OUT' (default), 'IN' or 'BOTH'"}},
          "PageRank; scores sum to 1",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            a::PageRankOptions o;
            o.iterations = static_cast<int>(c.Int("iterations", 20, 0));
            o.damping = c.Number("damping", 0.85);
            o.tolerance = c.Number("tolerance", 0);
            o.direction = c.Dir(Direction::kOut);
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::PageRank(v, o);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) emit({NodeOf(v, x), r[x]});
            return Status::OK();
          }});
  Define({"algo.betweenness",
          {kConfig},
          {{"node", "NODE"}, {"score", "FLOAT"}},
          {{"samples", "INTEGER", "0 (default): exact; else random source nodes for an estimate"},
           {"seed", "INTEGER", "random seed for sampling (default 42)"},
           {"normalized", "BOOLEAN", "divide by the number of node pairs (default false)"},
           {"direction", "STRING", "'BOTH' (default, undirected), 'OUT' or 'IN'"}},
          "Betweenness centrality (Brandes), exact or sampled",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            a::BetweennessOptions o;
            o.samples = static_cast<uint32_t>(c.Int("samples", 0, 0));
            o.seed = static_cast<uint64_t>(c.Int("seed", 42, 0));
            o.normalized = c.Bool("normalized", false);
            o.direction = c.Dir(Direction::kBoth);
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::Betweenness(v, o);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) emit({NodeOf(v, x), r[x]});
            return Status::OK();
          }});
  Define({"algo.closeness",
          {kConfig},
          {{"node", "NODE"}, {"score", "FLOAT"}},
          {{"wfImproved", "BOOLEAN", "Wasserman-Faust scaling for disconnected graphs (default "
                                     "true)"},
           {"direction", "STRING", "'BOTH' (default), 'OUT' or 'IN'"}},
          "Closeness centrality",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            a::ClosenessOptions o;
            o.wf_improved = c.Bool("wfImproved", true);
            o.direction = c.Dir(Direction::kBoth);
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::Closeness(v, o);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) emit({NodeOf(v, x), r[x]});
            return Status::OK();
          }});
  Define({"algo.degree",
          {kConfig},
          {{"node", "NODE"}, {"score", "INTEGER"}},
          {{"direction", "STRING", "'BOTH' (default), 'OUT' or 'IN'"}},
          "Degree centrality (relationship count)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            Direction d = c.Dir(Direction::kBoth);
            KG_RETURN_IF_ERROR(c.status());
            const auto& g = a::GraphFor(v, d);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              int64_t deg = static_cast<int64_t>(boost::out_degree(x, g));
              if (d == Direction::kBoth) {
                // Self-loops appear once in the undirected view but count twice.
                auto [it, end] = boost::adjacent_vertices(x, g);
                for (; it != end; ++it) deg += *it == x ? 1 : 0;
              }
              emit({NodeOf(v, x), Value(deg)});
            }
            return Status::OK();
          }});
  Define({"algo.wcc",
          {kConfig},
          {{"node", "NODE"}, {"componentId", "INTEGER"}},
          {},
          "Weakly connected components (component id = smallest node id in it)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::WeaklyConnectedComponents(v);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              emit({NodeOf(v, x), Value(static_cast<int64_t>(v.node_id(r[x])))});
            }
            return Status::OK();
          }});
  Define({"algo.scc",
          {kConfig},
          {{"node", "NODE"}, {"componentId", "INTEGER"}},
          {},
          "Strongly connected components (Tarjan, Boost.Graph)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::StronglyConnectedComponents(v);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              emit({NodeOf(v, x), Value(static_cast<int64_t>(r[x]))});
            }
            return Status::OK();
          }});
  Define({"algo.louvain",
          {kConfig},
          {{"node", "NODE"}, {"communityId", "INTEGER"}, {"modularity", "FLOAT"}},
          {{"resolution", "FLOAT", "modularity resolution (default 1.0)"},
           {"maxLevels", "INTEGER", "aggregation levels (default 10)"},
           {"seed", "INTEGER", "node visiting order (default 42)"}},
          "Louvain community detection (undirected; parallel relationships add weight)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            a::LouvainOptions o;
            o.resolution = c.Number("resolution", 1.0);
            o.max_levels = static_cast<int>(c.Int("maxLevels", 10, 1));
            o.seed = static_cast<uint64_t>(c.Int("seed", 42, 0));
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::Louvain(v, o);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              emit({NodeOf(v, x), Value(static_cast<int64_t>(r.community[x])), r.modularity});
            }
            return Status::OK();
          }});
  Define({"algo.labelPropagation",
          {kConfig},
          {{"node", "NODE"}, {"communityId", "INTEGER"}},
          {{"maxIterations", "INTEGER", "default 20"}, {"seed", "INTEGER", "default 42"}},
          "Label propagation communities (undirected)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            a::LabelPropagationOptions o;
            o.max_iterations = static_cast<int>(c.Int("maxIterations", 20, 1));
            o.seed = static_cast<uint64_t>(c.Int("seed", 42, 0));
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::LabelPropagation(v, o);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              emit({NodeOf(v, x), Value(static_cast<int64_t>(r[x]))});
            }
            return Status::OK();
          }});
  Define({"algo.triangles",
          {kConfig},
          {{"node", "NODE"}, {"triangles", "INTEGER"}, {"clustering", "FLOAT"}},
          {},
          "Triangles through each node and its local clustering coefficient (undirected)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::Triangles(v);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              emit({NodeOf(v, x), Value(static_cast<int64_t>(r.triangles[x])), r.clustering[x]});
            }
            return Status::OK();
          }});
  Define({"algo.kcore",
          {kConfig},
          {{"node", "NODE"}, {"coreNumber", "INTEGER"}},
          {},
          "k-core number of each node (undirected)",
          [](const auto&, const CsrView& v, const auto&, Config& c, const Emit& emit) {
            KG_RETURN_IF_ERROR(c.status());
            auto r = a::CoreNumbers(v);
            for (CsrView::Vertex x = 0; x < v.num_vertices(); ++x) {
              emit({NodeOf(v, x), Value(static_cast<int64_t>(r[x]))});
            }
            return Status::OK();
          }});
  const std::vector<OptionSpec> path_options = {
      {"direction", "STRING", "'OUT' (default), 'IN' or 'BOTH'"},
      {"weight", "STRING", "relationship property holding the cost (Dijkstra); default: hops"},
      {"defaultWeight", "FLOAT", "cost where the property is missing (default 1)"}};
  auto path_setup = [](const graph::GraphReader& g, const CsrView& v, Config& c,
                       std::vector<double>* weights, a::PathOptions* o) -> Status {
    o->direction = c.Dir(Direction::kOut);
    std::string w = c.String("weight", "");
    double def = c.Number("defaultWeight", 1.0);
    KG_RETURN_IF_ERROR(c.status());
    if (!w.empty()) {
      auto r = v.EdgeWeights(g, w, def);
      if (!r.ok()) return r.status();
      *weights = std::move(*r);
      o->weights = weights;
    }
    return Status::OK();
  };
  Define({"algo.shortestPath",
          {{"source", "NODE|STRING"}, {"target", "NODE|STRING"}, kConfig},
          {{"path", "PATH"}, {"cost", "FLOAT"}},
          path_options,
          "One shortest path (BFS, or Dijkstra with `weight`); no row if unreachable",
          [path_setup](const auto& g, const CsrView& v, const auto& args, Config& c,
                       const Emit& emit) -> Status {
            std::vector<double> w;
            a::PathOptions o;
            KG_RETURN_IF_ERROR(path_setup(g, v, c, &w, &o));
            auto s = ResolveNode(g, v, args[0], "source");
            if (!s.ok()) return s.status();
            auto t = ResolveNode(g, v, args[1], "target");
            if (!t.ok()) return t.status();
            auto p = a::ShortestPath(v, *s, *t, o);
            if (p) emit({PathValueOf(v, *p), p->cost});
            return Status::OK();
          }});
  Define({"algo.kShortestPaths",
          {{"source", "NODE|STRING"}, {"target", "NODE|STRING"}, {"k", "INTEGER"}, kConfig},
          {{"index", "INTEGER"}, {"path", "PATH"}, {"cost", "FLOAT"}},
          path_options,
          "Up to k loopless shortest paths, cheapest first (Yen)",
          [path_setup](const auto& g, const CsrView& v, const auto& args, Config& c,
                       const Emit& emit) -> Status {
            std::vector<double> w;
            a::PathOptions o;
            KG_RETURN_IF_ERROR(path_setup(g, v, c, &w, &o));
            if (!args[2].is_int() || args[2].as_int() < 1) {
              return Status::InvalidArgument("k must be a positive integer");
            }
            // Every path found is held in memory until the search ends.
            constexpr int64_t kMaxK = 100000;
            if (args[2].as_int() > kMaxK) {
              return Status::InvalidArgument(
                  "k is " + std::to_string(args[2].as_int()) + "; at most " +
                  std::to_string(kMaxK) +
                  " paths can be asked for; lower k");
            }
            auto s = ResolveNode(g, v, args[0], "source");
            if (!s.ok()) return s.status();
            auto t = ResolveNode(g, v, args[1], "target");
            if (!t.ok()) return t.status();
            auto paths = a::KShortestPaths(v, *s, *t, static_cast<uint32_t>(args[2].as_int()), o);
            for (size_t i = 0; i < paths.size(); ++i) {
              emit({Value(static_cast<int64_t>(i)), PathValueOf(v, paths[i]), paths[i].cost});
            }
            return Status::OK();
          }});
  Define({"algo.egoNetwork",
          {{"center", "NODE|STRING"}, kConfig},
          {{"node", "NODE"}, {"hops", "INTEGER"}},
          {{"hops", "INTEGER", "radius (default 1)"},
           {"direction", "STRING", "'BOTH' (default), 'OUT' or 'IN'"}},
          "The nodes within `hops` relationships of a node, with their distance",
          [](const auto& g, const CsrView& v, const auto& args, Config& c,
             const Emit& emit) -> Status {
            uint32_t hops = static_cast<uint32_t>(c.Int("hops", 1, 0));
            Direction d = c.Dir(Direction::kBoth);
            KG_RETURN_IF_ERROR(c.status());
            auto center = ResolveNode(g, v, args[0], "center");
            if (!center.ok()) return center.status();
            for (const auto& m : a::EgoNetwork(v, *center, hops, d)) {
              emit({NodeOf(v, m.vertex), Value(static_cast<int64_t>(m.hops))});
            }
            return Status::OK();
          }});
}

std::string Signature(const AlgoDef& d) {
  std::string s = d.name + "(";
  for (size_t i = 0; i < d.inputs.size(); ++i) {
    if (i > 0) s += ", ";
    s += d.inputs[i].name + " :: " + d.inputs[i].type;
  }
  s += ") :: (";
  for (size_t i = 0; i < d.outputs.size(); ++i) {
    if (i > 0) s += ", ";
    s += d.outputs[i].name + " :: " + d.outputs[i].type;
  }
  return s + ")";
}

}  // namespace

void RegisterAlgorithmProcedures(ProcedureRegistry* registry) {
  if (Defs().empty()) DefineAll();
  for (const AlgoDef& def : Defs()) {
    Procedure p;
    p.name = def.name;
    p.inputs = def.inputs;
    p.outputs = def.outputs;
    p.description = def.description;
    p.fn = [&def](const graph::GraphReader& g, const std::vector<Value>& args,
                  const Emit& emit) -> Status {
      Config config(def.name, args.back(), def.options);
      KG_RETURN_IF_ERROR(config.status());
      graph::CsrFilter filter = config.Filter();
      KG_RETURN_IF_ERROR(config.status());
      auto view = graph::CsrViewCache::Global().Get(g, filter);
      if (!view.ok()) return view.status();
      return def.run(g, **view, args, config, emit);
    };
    registry->Register(std::move(p));
  }
  registry->Register(
      {"algo.list",
       {},
       {{"name", "STRING"}, {"signature", "STRING"}, {"options", "STRING"},
        {"description", "STRING"}},
       "Every graph algorithm procedure with its options",
       [](const graph::GraphReader&, const std::vector<Value>&, const Emit& emit) {
         for (const AlgoDef& d : Defs()) {
           std::string opts;
           for (const auto& o : d.options) {
             if (!opts.empty()) opts += "; ";
             opts += o.name + " " + o.type + ": " + o.help;
           }
           for (const auto& o : kCommonOptions) {
             if (!opts.empty()) opts += "; ";
             opts += o.name + " " + o.type + ": " + o.help;
           }
           emit({Value(d.name), Value(Signature(d)), Value(opts), Value(d.description)});
         }
         return Status::OK();
       }});
}

}  // namespace kg::query
