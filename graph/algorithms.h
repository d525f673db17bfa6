// Graph algorithms over a CsrView (graph/csr_view.h). Everything works on dense vertex indices;
// map them back with CsrView::node_id(). All functions are pure: they read the view and return
// fresh vectors indexed by vertex. Unweighted unless a weight vector (indexed by edge slot, see
// CsrView::EdgeWeights) is given.
//
// Conventions follow NetworkX, so published values can be compared directly: the undirected
// algorithms see each stored relationship as an undirected edge, and betweenness, closeness,
// triangles, clustering, k-core and label propagation ignore self-loops and parallel edges
// (Louvain adds parallel edges up as weights).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "graph/csr_view.h"
#include "graph/types.h"

namespace kg::graph::algo {

using Vertex = CsrView::Vertex;

// The BGL graph walked for a direction: kOut = stored direction, kIn = reversed, kBoth = both.
const CsrView::Graph& GraphFor(const CsrView& view, Direction dir);

struct PageRankOptions {
  int iterations = 20;
  double damping = 0.85;
  // Stops early once the L1 change of an iteration falls below this (0: run all iterations).
  double tolerance = 0;
  Direction direction = Direction::kOut;  // kBoth: every edge counts both ways
};
// Power iteration; the rank of dangling vertices is spread evenly. Scores sum to 1.
std::vector<double> PageRank(const CsrView& view, const PageRankOptions& options = {});

struct BetweennessOptions {
  Direction direction = Direction::kBoth;
  // 0: exact (Brandes, O(nm)). Otherwise the number of random source vertices; scores are
  // scaled by n / samples (an unbiased estimate).
  uint32_t samples = 0;
  uint64_t seed = 42;
  bool normalized = false;
};
std::vector<double> Betweenness(const CsrView& view, const BetweennessOptions& options = {});

struct ClosenessOptions {
  Direction direction = Direction::kBoth;  // distances are measured along this direction
  // Wasserman-Faust scaling for disconnected graphs (NetworkX's wf_improved).
  bool wf_improved = true;
};
std::vector<double> Closeness(const CsrView& view, const ClosenessOptions& options = {});

// Component ids are the smallest vertex index in the component.
std::vector<Vertex> WeaklyConnectedComponents(const CsrView& view);
// Strongly connected components (Boost's Tarjan), numbered 0..k-1.
std::vector<Vertex> StronglyConnectedComponents(const CsrView& view);

struct LouvainOptions {
  double resolution = 1.0;
  int max_levels = 10;
  int max_passes = 50;  // local-moving passes per level
  double min_gain = 1e-9;
  uint64_t seed = 42;  // vertex visiting order
};
struct LouvainResult {
  std::vector<Vertex> community;  // dense community ids 0..k-1
  double modularity = 0;
  int levels = 0;
};
LouvainResult Louvain(const CsrView& view, const LouvainOptions& options = {});

// Newman modularity of a partition of the undirected multigraph.
double Modularity(const CsrView& view, const std::vector<Vertex>& community,
                  double resolution = 1.0);

struct LabelPropagationOptions {
  int max_iterations = 20;
  uint64_t seed = 42;
};
// Asynchronous label propagation; ties go to the smallest label. Ids are dense 0..k-1.
std::vector<Vertex> LabelPropagation(const CsrView& view,
                                     const LabelPropagationOptions& options = {});

struct TriangleResult {
  std::vector<uint64_t> triangles;   // per vertex
  std::vector<double> clustering;    // local clustering coefficient
  uint64_t total = 0;                // triangles in the graph
  double average_clustering = 0;
  double transitivity = 0;           // 3 * triangles / connected triples
};
TriangleResult Triangles(const CsrView& view);

// k-core number of each vertex (Batagelj-Zaversnik, undirected).
std::vector<uint32_t> CoreNumbers(const CsrView& view);

struct Path {
  std::vector<Vertex> vertices;
  std::vector<uint32_t> edges;  // edge slots, one fewer than vertices
  double cost = 0;
};

struct PathOptions {
  Direction direction = Direction::kOut;
  const std::vector<double>* weights = nullptr;  // by edge slot; nullptr: hop count (BFS)
};
// One shortest path (BFS, or Dijkstra with weights); nullopt if `to` is unreachable.
std::optional<Path> ShortestPath(const CsrView& view, Vertex from, Vertex to,
                                 const PathOptions& options = {});
// Up to k loopless shortest paths from `from` to `to`, cheapest first (Yen's algorithm).
std::vector<Path> KShortestPaths(const CsrView& view, Vertex from, Vertex to, uint32_t k,
                                 const PathOptions& options = {});

// Hop distance from `from` to every vertex (UINT32_MAX if unreachable).
std::vector<uint32_t> BfsDistances(const CsrView& view, Vertex from, Direction direction,
                                   uint32_t max_hops = UINT32_MAX);

struct EgoMember {
  Vertex vertex;
  uint32_t hops;
};
// The vertices within `hops` of `center` (center first, then by distance and index).
std::vector<EgoMember> EgoNetwork(const CsrView& view, Vertex center, uint32_t hops,
                                  Direction direction = Direction::kBoth);

}  // namespace kg::graph::algo
