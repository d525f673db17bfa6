// CsrView: a read-only, compressed-sparse-row snapshot of (part of) a GraphStore, as Boost.Graph
// graphs, for the graph algorithms in graph/algorithms.h. Vertices are dense indices 0..n-1
// (ascending store node id); edges keep their store id and type (ascending id). Three BGL graphs share the
// vertex numbering: `out()` (stored direction), `in()` (reversed) and `both()` (every edge in
// both directions, the undirected view; a self-loop appears once).
//
// Building reads every node and edge once; CsrViewCache keeps the last views per store and
// rebuilds them only when GraphStore::Generation() changes. Views are immutable and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "common/status.h"
#include "graph/graph_store.h"

namespace kg::graph {

// Which part of the graph a view holds. Empty lists mean "all".
struct CsrFilter {
  std::vector<std::string> labels;  // nodes carrying any of these labels
  std::vector<std::string> types;   // relationships of any of these types
  // Restricts to these node ids (e.g. a query result); applied after `labels`. Empty: no limit.
  std::vector<NodeId> nodes;

  // A canonical string for cache keys.
  std::string Key() const;
};

class CsrView {
 public:
  // Edge bundle: the index of the stored edge in edge_ids()/edge_types().
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, uint32_t,
                                                   boost::no_property, uint32_t, uint32_t>;
  using Vertex = uint32_t;
  static constexpr Vertex kNone = UINT32_MAX;

  // Reads the nodes and relationships selected by `filter` from `graph`.
  // Graphs of `parallel_from` relationships or more are read and built on several threads.
  static constexpr uint64_t kParallelFrom = 200000;
  static Result<std::shared_ptr<const CsrView>> Build(const GraphReader& graph,
                                                      const CsrFilter& filter = {},
                                                      uint64_t parallel_from = kParallelFrom);
  // Builds from an explicit edge list over node ids 0..num_nodes-1 (tests, synthetic graphs).
  // Edge i gets id i and type `type`.
  static std::shared_ptr<const CsrView> FromEdges(
      uint32_t num_nodes, const std::vector<std::pair<uint32_t, uint32_t>>& edges,
      const std::string& type = "E");

  uint32_t num_vertices() const { return static_cast<uint32_t>(node_ids_.size()); }
  uint32_t num_edges() const { return static_cast<uint32_t>(edge_src_.size()); }

  const Graph& out() const { return out_; }
  const Graph& in() const { return in_; }
  const Graph& both() const;

  NodeId node_id(Vertex v) const { return node_ids_[v]; }
  // kNone if the node is not in the view.
  Vertex vertex(NodeId id) const;

  EdgeId edge_id(uint32_t e) const { return dense_edges_ ? edge_base_ + e : edge_ids_[e]; }
  const std::string& edge_type(uint32_t e) const { return types_[edge_type_[e]]; }
  Vertex edge_source(uint32_t e) const { return edge_src_[e]; }
  Vertex edge_target(uint32_t e) const { return edge_dst_[e]; }
  // Edge slot of a store edge id, or kNone.
  uint32_t edge_slot(EdgeId id) const;

  uint32_t out_degree(Vertex v) const { return static_cast<uint32_t>(boost::out_degree(v, out_)); }
  uint32_t in_degree(Vertex v) const { return static_cast<uint32_t>(boost::out_degree(v, in_)); }

  // Numeric edge weights read from relationship property `key` (default when absent or not a
  // number). InvalidArgument if a weight is negative.
  Result<std::vector<double>> EdgeWeights(const GraphReader& graph, const std::string& key,
                                          double default_weight = 1.0) const;

 private:
  // Builds out_ and in_ from the edge arrays (on two threads when `parallel`).
  void Finish(uint32_t n, bool parallel);
  // Fills node_ids_ with the nodes `filter` keeps.
  Status ReadNodes(const GraphReader& graph, const CsrFilter& filter);

  std::vector<NodeId> node_ids_;  // ascending
  void SetDense();
  bool dense_ids_ = false;        // node_ids_[i] == dense_base_ + i
  NodeId dense_base_ = 0;
  std::vector<EdgeId> edge_ids_;  // ascending; empty when dense_edges_
  bool dense_edges_ = false;      // edge_id(e) == edge_base_ + e
  EdgeId edge_base_ = 0;
  std::vector<Vertex> edge_src_, edge_dst_;
  std::vector<uint16_t> edge_type_;
  std::vector<std::string> types_;
  Graph out_, in_;
  mutable std::once_flag both_once_;
  mutable Graph both_;
};

// The last views built per (store, filter), valid while the store's generation stays the same.
class CsrViewCache {
 public:
  static CsrViewCache& Global();

  // Returns a cached view if `graph` is a GraphStore whose generation has not changed since it
  // was built, else builds (and, for stores, caches) a new one. Transactions are never cached.
  Result<std::shared_ptr<const CsrView>> Get(const GraphReader& graph, const CsrFilter& filter = {});
  void Clear();

 private:
  struct Entry {
    const GraphReader* graph;
    uint64_t generation;
    std::string key;
    std::shared_ptr<const CsrView> view;
  };
  std::mutex mu_;
  std::vector<Entry> entries_;  // most recent last; at most a few
};

}  // namespace kg::graph
