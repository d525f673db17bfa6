#include "graph/algorithms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <random>
#include <unordered_map>

#include <boost/graph/strong_components.hpp>

#include "common/parallel.h"

namespace kg::graph::algo {

namespace {

constexpr uint32_t kInf = std::numeric_limits<uint32_t>::max();

// Undirected (or directed) adjacency without self-loops and parallel edges, as offsets + sorted
// neighbours.
struct SimpleAdj {
  std::vector<uint64_t> off;
  std::vector<Vertex> nbr;
  uint32_t degree(Vertex v) const { return static_cast<uint32_t>(off[v + 1] - off[v]); }
  const Vertex* begin(Vertex v) const { return nbr.data() + off[v]; }
  const Vertex* end(Vertex v) const { return nbr.data() + off[v + 1]; }
};

SimpleAdj MakeSimple(const CsrView& view, Direction dir) {
  // Both directions come from the out and in graphs, so that the undirected graph (twice the
  // relationships) is not built just to be copied.
  const CsrView::Graph& g = dir == Direction::kIn ? view.in() : view.out();
  const CsrView::Graph* g2 = dir == Direction::kBoth ? &view.in() : nullptr;
  const uint32_t n = view.num_vertices();
  SimpleAdj a;
  a.off.assign(n + 1, 0);
  a.nbr.reserve(boost::num_edges(g) + (g2 ? boost::num_edges(*g2) : 0));
  std::vector<Vertex> buf;
  for (Vertex v = 0; v < n; ++v) {
    buf.clear();
    for (const CsrView::Graph* graph : {&g, g2}) {
      if (graph == nullptr) continue;
      auto [it, end] = boost::adjacent_vertices(v, *graph);
      for (; it != end; ++it) {
        if (*it != v) buf.push_back(*it);
      }
    }
    std::sort(buf.begin(), buf.end());
    buf.erase(std::unique(buf.begin(), buf.end()), buf.end());
    a.nbr.insert(a.nbr.end(), buf.begin(), buf.end());
    a.off[v + 1] = a.nbr.size();
  }
  return a;
}

std::vector<Vertex> Densify(std::vector<Vertex> labels) {
  std::unordered_map<Vertex, Vertex> ids;
  for (auto& l : labels) {
    auto [it, added] = ids.try_emplace(l, static_cast<Vertex>(ids.size()));
    l = it->second;
  }
  return labels;
}

// Weighted undirected graph for Louvain: neighbour lists hold each edge from both ends.
struct WGraph {
  std::vector<uint64_t> off;
  std::vector<Vertex> nbr;
  std::vector<double> w;
  std::vector<double> loop;  // self-loop weight per vertex
  std::vector<double> deg;   // weighted degree (self-loops count twice)
  double m2 = 0;             // sum of degrees (twice the total weight)
  uint32_t n() const { return static_cast<uint32_t>(loop.size()); }
};

WGraph BuildWGraph(uint32_t n, std::vector<std::tuple<Vertex, Vertex, double>>& edges) {
  // edges: (u, v, w) with u < v, plus (u, u, w) self-loops; parallel edges are merged.
  WGraph g;
  g.loop.assign(n, 0);
  g.deg.assign(n, 0);
  std::sort(edges.begin(), edges.end());
  std::vector<std::tuple<Vertex, Vertex, double>> merged;
  for (const auto& e : edges) {
    if (!merged.empty() && std::get<0>(merged.back()) == std::get<0>(e) &&
        std::get<1>(merged.back()) == std::get<1>(e)) {
      std::get<2>(merged.back()) += std::get<2>(e);
    } else {
      merged.push_back(e);
    }
  }
  std::vector<uint64_t> count(n + 1, 0);
  for (const auto& [u, v, w] : merged) {
    if (u == v) {
      g.loop[u] += w;
    } else {
      ++count[u + 1];
      ++count[v + 1];
    }
  }
  for (uint32_t i = 0; i < n; ++i) count[i + 1] += count[i];
  g.off = count;
  g.nbr.resize(count[n]);
  g.w.resize(count[n]);
  std::vector<uint64_t> pos(count.begin(), count.end() - 1);
  for (const auto& [u, v, w] : merged) {
    if (u == v) continue;
    g.nbr[pos[u]] = v;
    g.w[pos[u]++] = w;
    g.nbr[pos[v]] = u;
    g.w[pos[v]++] = w;
  }
  for (uint32_t i = 0; i < n; ++i) {
    double d = 2 * g.loop[i];
    for (uint64_t k = g.off[i]; k < g.off[i + 1]; ++k) d += g.w[k];
    g.deg[i] = d;
    g.m2 += d;
  }
  return g;
}

WGraph ViewToWGraph(const CsrView& view) {
  std::vector<std::tuple<Vertex, Vertex, double>> edges;
  edges.reserve(view.num_edges());
  for (uint32_t e = 0; e < view.num_edges(); ++e) {
    Vertex u = view.edge_source(e), v = view.edge_target(e);
    if (u > v) std::swap(u, v);
    edges.emplace_back(u, v, 1.0);
  }
  return BuildWGraph(view.num_vertices(), edges);
}

double WModularity(const WGraph& g, const std::vector<Vertex>& comm, double resolution) {
  if (g.m2 == 0) return 0;
  const uint32_t k = g.n() == 0 ? 0 : *std::max_element(comm.begin(), comm.end()) + 1;
  std::vector<double> in(k, 0), tot(k, 0);
  for (Vertex i = 0; i < g.n(); ++i) {
    tot[comm[i]] += g.deg[i];
    in[comm[i]] += 2 * g.loop[i];
    for (uint64_t p = g.off[i]; p < g.off[i + 1]; ++p) {
      if (comm[g.nbr[p]] == comm[i]) in[comm[i]] += g.w[p];
    }
  }
  double q = 0;
  for (uint32_t c = 0; c < k; ++c) {
    q += in[c] / g.m2 - resolution * (tot[c] / g.m2) * (tot[c] / g.m2);
  }
  return q;
}

// One level of Louvain local moving. Returns true if any vertex moved.
bool LocalMoving(const WGraph& g, const LouvainOptions& o, std::mt19937_64& rng,
                 std::vector<Vertex>* comm_out) {
  const uint32_t n = g.n();
  std::vector<Vertex> comm(n);
  std::iota(comm.begin(), comm.end(), 0);
  std::vector<double> tot(g.deg);
  std::vector<Vertex> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<double> link(n, -1);  // weight from the current vertex to each community; -1 unused
  std::vector<Vertex> touched;
  bool moved_any = false;
  for (int pass = 0; pass < o.max_passes; ++pass) {
    bool moved = false;
    for (Vertex i : order) {
      const Vertex old = comm[i];
      const double ki = g.deg[i];
      touched.clear();
      link[old] = 0;
      touched.push_back(old);
      for (uint64_t p = g.off[i]; p < g.off[i + 1]; ++p) {
        Vertex c = comm[g.nbr[p]];
        if (link[c] < 0) {
          link[c] = 0;
          touched.push_back(c);
        }
        link[c] += g.w[p];
      }
      tot[old] -= ki;
      Vertex best = old;
      double best_gain = link[old] - o.resolution * tot[old] * ki / g.m2;
      for (Vertex c : touched) {
        double gain = link[c] - o.resolution * tot[c] * ki / g.m2;
        if (gain > best_gain + o.min_gain || (gain > best_gain - o.min_gain && c < best &&
                                              gain >= best_gain)) {
          best_gain = gain;
          best = c;
        }
      }
      tot[best] += ki;
      comm[i] = best;
      if (best != old) moved = true;
      for (Vertex c : touched) link[c] = -1;
    }
    if (!moved) break;
    moved_any = true;
  }
  *comm_out = Densify(comm);
  return moved_any;
}

WGraph Aggregate(const WGraph& g, const std::vector<Vertex>& comm) {
  const uint32_t k = g.n() == 0 ? 0 : *std::max_element(comm.begin(), comm.end()) + 1;
  std::vector<std::tuple<Vertex, Vertex, double>> edges;
  for (Vertex i = 0; i < g.n(); ++i) {
    if (g.loop[i] != 0) edges.emplace_back(comm[i], comm[i], g.loop[i]);
    for (uint64_t p = g.off[i]; p < g.off[i + 1]; ++p) {
      Vertex j = g.nbr[p];
      if (j < i) continue;  // each undirected edge once
      Vertex a = comm[i], b = comm[j];
      if (a > b) std::swap(a, b);
      edges.emplace_back(a, b, g.w[p]);
    }
  }
  return BuildWGraph(k, edges);
}

// Shortest path search with optional masks (for Yen). Returns nullopt if unreachable.
std::optional<Path> Search(const CsrView& view, Vertex from, Vertex to, const PathOptions& o,
                           const std::vector<char>* banned_vertex,
                           const std::vector<char>* banned_edge) {
  const CsrView::Graph& g = GraphFor(view, o.direction);
  const uint32_t n = view.num_vertices();
  if (from >= n || to >= n) return std::nullopt;
  if (banned_vertex != nullptr && ((*banned_vertex)[from] || (*banned_vertex)[to])) {
    return std::nullopt;
  }
  std::vector<Vertex> pred(n, CsrView::kNone);
  std::vector<uint32_t> pred_edge(n, CsrView::kNone);
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  dist[from] = 0;
  auto allowed = [&](Vertex v, uint32_t slot) {
    return !(banned_vertex != nullptr && (*banned_vertex)[v]) &&
           !(banned_edge != nullptr && (*banned_edge)[slot]);
  };
  if (o.weights == nullptr) {
    std::vector<Vertex> frontier{from}, next;
    bool found = from == to;
    double d = 0;
    while (!frontier.empty() && !found) {
      d += 1;
      next.clear();
      for (Vertex u : frontier) {
        auto [it, end] = boost::out_edges(u, g);
        for (; it != end; ++it) {
          Vertex v = boost::target(*it, g);
          uint32_t slot = g[*it];
          if (dist[v] != std::numeric_limits<double>::infinity() || !allowed(v, slot)) continue;
          dist[v] = d;
          pred[v] = u;
          pred_edge[v] = slot;
          if (v == to) {
            found = true;
            break;
          }
          next.push_back(v);
        }
        if (found) break;
      }
      frontier.swap(next);
    }
  } else {
    const std::vector<double>& w = *o.weights;
    using Item = std::pair<double, Vertex>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    heap.push({0, from});
    while (!heap.empty()) {
      auto [d, u] = heap.top();
      heap.pop();
      if (d > dist[u]) continue;
      if (u == to) break;
      auto [it, end] = boost::out_edges(u, g);
      for (; it != end; ++it) {
        Vertex v = boost::target(*it, g);
        uint32_t slot = g[*it];
        if (!allowed(v, slot)) continue;
        double nd = d + w[slot];
        if (nd < dist[v]) {
          dist[v] = nd;
          pred[v] = u;
          pred_edge[v] = slot;
          heap.push({nd, v});
        }
      }
    }
  }
  if (dist[to] == std::numeric_limits<double>::infinity()) return std::nullopt;
  Path p;
  p.cost = dist[to];
  for (Vertex v = to; v != from; v = pred[v]) {
    p.vertices.push_back(v);
    p.edges.push_back(pred_edge[v]);
  }
  p.vertices.push_back(from);
  std::reverse(p.vertices.begin(), p.vertices.end());
  std::reverse(p.edges.begin(), p.edges.end());
  return p;
}

double PathCost(const std::vector<uint32_t>& edges, const PathOptions& o) {
  if (o.weights == nullptr) return static_cast<double>(edges.size());
  double c = 0;
  for (uint32_t e : edges) c += (*o.weights)[e];
  return c;
}

}  // namespace

const CsrView::Graph& GraphFor(const CsrView& view, Direction dir) {
  switch (dir) {
    case Direction::kOut:
      return view.out();
    case Direction::kIn:
      return view.in();
    case Direction::kBoth:
      break;
  }
  return view.both();
}

std::vector<double> PageRank(const CsrView& view, const PageRankOptions& o) {
  const uint32_t n = view.num_vertices();
  if (n == 0) return {};
  // Pull formulation: rank flows along `direction`, so a vertex pulls from the graph walked in
  // the opposite direction.
  const CsrView::Graph& pull = o.direction == Direction::kOut  ? view.in()
                               : o.direction == Direction::kIn ? view.out()
                                                               : view.both();
  const CsrView::Graph& push = o.direction == Direction::kOut  ? view.out()
                               : o.direction == Direction::kIn ? view.in()
                                                               : view.both();
  std::vector<double> rank(n, 1.0 / n), next(n), contrib(n);
  std::vector<double> inv_out(n);
  for (Vertex v = 0; v < n; ++v) {
    auto d = boost::out_degree(v, push);
    inv_out[v] = d == 0 ? 0 : 1.0 / static_cast<double>(d);
  }
  constexpr size_t kChunks = 8;
  const size_t threads = ThreadsFor(boost::num_edges(pull), 200000);
  std::vector<double> chunk_delta(kChunks);
  for (int iter = 0; iter < o.iterations; ++iter) {
    double dangling = 0;
    for (Vertex v = 0; v < n; ++v) {
      contrib[v] = rank[v] * inv_out[v];
      if (inv_out[v] == 0) dangling += rank[v];
    }
    const double base = (1 - o.damping) / n + o.damping * dangling / n;
    // The pull is split into a fixed number of vertex chunks (so the sum of the changes, added
    // chunk by chunk, is the same whatever the number of threads).
    RunParallel(threads, [&](size_t t) {
      for (size_t c = t; c < kChunks; c += threads) {
        const Vertex lo = static_cast<Vertex>(uint64_t{n} * c / kChunks);
        const Vertex hi = static_cast<Vertex>(uint64_t{n} * (c + 1) / kChunks);
        double d = 0;
        for (Vertex v = lo; v < hi; ++v) {
          double s = 0;
          auto [it, end] = boost::adjacent_vertices(v, pull);
          for (; it != end; ++it) s += contrib[*it];
          next[v] = base + o.damping * s;
          d += std::fabs(next[v] - rank[v]);
        }
        chunk_delta[c] = d;
      }
    });
    double delta = 0;
    for (double d : chunk_delta) delta += d;
    rank.swap(next);
    if (o.tolerance > 0 && delta < o.tolerance) break;
  }
  return rank;
}

std::vector<double> Betweenness(const CsrView& view, const BetweennessOptions& o) {
  const uint32_t n = view.num_vertices();
  std::vector<double> bc(n, 0);
  if (n == 0) return bc;
  SimpleAdj adj = MakeSimple(view, o.direction);
  SimpleAdj rev;
  if (o.direction != Direction::kBoth) {
    rev = MakeSimple(view, o.direction == Direction::kOut ? Direction::kIn : Direction::kOut);
  }
  const SimpleAdj& pred_adj = o.direction == Direction::kBoth ? adj : rev;
  std::vector<Vertex> sources(n);
  std::iota(sources.begin(), sources.end(), 0);
  double scale = 1;
  if (o.samples > 0 && o.samples < n) {
    std::mt19937_64 rng(o.seed);
    std::shuffle(sources.begin(), sources.end(), rng);
    sources.resize(o.samples);
    scale = static_cast<double>(n) / o.samples;
  }
  std::vector<double> sigma(n), delta(n);
  std::vector<uint32_t> dist(n, kInf);
  std::vector<Vertex> stack;
  stack.reserve(n);
  for (Vertex s : sources) {
    stack.clear();
    sigma[s] = 1;
    dist[s] = 0;
    stack.push_back(s);
    // The stack doubles as the BFS queue: vertices are appended in BFS order.
    for (size_t head = 0; head < stack.size(); ++head) {
      Vertex v = stack[head];
      for (const Vertex* w = adj.begin(v); w != adj.end(v); ++w) {
        if (dist[*w] == kInf) {
          dist[*w] = dist[v] + 1;
          stack.push_back(*w);
        }
        if (dist[*w] == dist[v] + 1) sigma[*w] += sigma[v];
      }
    }
    // Predecessors of w are its neighbours in the reversed graph one step closer to s.
    for (size_t i = stack.size(); i-- > 0;) {
      Vertex w = stack[i];
      for (const Vertex* v = pred_adj.begin(w); v != pred_adj.end(w); ++v) {
        if (dist[*v] != kInf && dist[*v] + 1 == dist[w]) {
          delta[*v] += sigma[*v] / sigma[w] * (1 + delta[w]);
        }
      }
      if (w != s) bc[w] += delta[w];
    }
    for (Vertex w : stack) {
      sigma[w] = 0;
      delta[w] = 0;
      dist[w] = kInf;
    }
  }
  double factor = scale;
  if (o.direction == Direction::kBoth) factor /= 2;
  if (o.normalized && n > 2) {
    double norm = static_cast<double>(n - 1) * static_cast<double>(n - 2);
    if (o.direction == Direction::kBoth) norm /= 2;
    factor /= norm;
  }
  for (double& b : bc) b *= factor;
  return bc;
}

std::vector<double> Closeness(const CsrView& view, const ClosenessOptions& o) {
  const uint32_t n = view.num_vertices();
  std::vector<double> c(n, 0);
  SimpleAdj adj = MakeSimple(view, o.direction);
  std::vector<uint32_t> dist(n, kInf);
  std::vector<Vertex> queue;
  queue.reserve(n);
  for (Vertex s = 0; s < n; ++s) {
    queue.clear();
    queue.push_back(s);
    dist[s] = 0;
    uint64_t total = 0;
    for (size_t head = 0; head < queue.size(); ++head) {
      Vertex v = queue[head];
      for (const Vertex* w = adj.begin(v); w != adj.end(v); ++w) {
        if (dist[*w] == kInf) {
          dist[*w] = dist[v] + 1;
          total += dist[*w];
          queue.push_back(*w);
        }
      }
    }
    const double reached = static_cast<double>(queue.size() - 1);
    if (total > 0 && n > 1) {
      c[s] = reached / static_cast<double>(total);
      if (o.wf_improved) c[s] *= reached / static_cast<double>(n - 1);
    }
    for (Vertex v : queue) dist[v] = kInf;
  }
  return c;
}

std::vector<Vertex> WeaklyConnectedComponents(const CsrView& view) {
  const uint32_t n = view.num_vertices();
  // Union-find with union by index and path halving.
  std::vector<Vertex> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](Vertex v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (uint32_t e = 0; e < view.num_edges(); ++e) {
    Vertex a = find(view.edge_source(e)), b = find(view.edge_target(e));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<Vertex> smallest(n, CsrView::kNone), comp(n);
  for (Vertex v = 0; v < n; ++v) {
    Vertex r = find(v);
    if (smallest[r] == CsrView::kNone) smallest[r] = v;
    comp[v] = smallest[r];
  }
  return comp;
}

std::vector<Vertex> StronglyConnectedComponents(const CsrView& view) {
  std::vector<Vertex> comp(view.num_vertices());
  if (comp.empty()) return comp;
  boost::strong_components(
      view.out(), boost::make_iterator_property_map(comp.begin(),
                                                    boost::get(boost::vertex_index, view.out())));
  return comp;
}

double Modularity(const CsrView& view, const std::vector<Vertex>& community, double resolution) {
  return WModularity(ViewToWGraph(view), community, resolution);
}

LouvainResult Louvain(const CsrView& view, const LouvainOptions& o) {
  LouvainResult r;
  const uint32_t n = view.num_vertices();
  r.community.resize(n);
  std::iota(r.community.begin(), r.community.end(), 0);
  if (n == 0) return r;
  WGraph base = ViewToWGraph(view);
  WGraph g = base;
  std::mt19937_64 rng(o.seed);
  double q = WModularity(base, r.community, o.resolution);
  for (int level = 0; level < o.max_levels; ++level) {
    std::vector<Vertex> comm;
    if (!LocalMoving(g, o, rng, &comm)) break;
    std::vector<Vertex> candidate(n);
    for (Vertex v = 0; v < n; ++v) candidate[v] = comm[r.community[v]];
    double nq = WModularity(base, candidate, o.resolution);
    if (nq <= q + o.min_gain) break;
    q = nq;
    r.community = std::move(candidate);
    r.levels = level + 1;
    g = Aggregate(g, comm);
  }
  r.community = Densify(r.community);
  r.modularity = q;
  return r;
}

std::vector<Vertex> LabelPropagation(const CsrView& view, const LabelPropagationOptions& o) {
  const uint32_t n = view.num_vertices();
  SimpleAdj adj = MakeSimple(view, Direction::kBoth);
  std::vector<Vertex> label(n);
  std::iota(label.begin(), label.end(), 0);
  std::vector<Vertex> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(o.seed);
  std::vector<uint32_t> count(n, 0);
  std::vector<Vertex> seen;
  for (int iter = 0; iter < o.max_iterations; ++iter) {
    std::shuffle(order.begin(), order.end(), rng);
    bool changed = false;
    for (Vertex v : order) {
      if (adj.degree(v) == 0) continue;
      seen.clear();
      for (const Vertex* w = adj.begin(v); w != adj.end(v); ++w) {
        if (count[label[*w]]++ == 0) seen.push_back(label[*w]);
      }
      Vertex best = label[v];
      uint32_t best_count = count[best];
      for (Vertex l : seen) {
        if (count[l] > best_count || (count[l] == best_count && l < best)) {
          best = l;
          best_count = count[l];
        }
      }
      for (Vertex l : seen) count[l] = 0;
      count[label[v]] = 0;
      if (best != label[v]) {
        label[v] = best;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return Densify(label);
}

TriangleResult Triangles(const CsrView& view) {
  const uint32_t n = view.num_vertices();
  TriangleResult r;
  r.triangles.assign(n, 0);
  r.clustering.assign(n, 0);
  SimpleAdj adj = MakeSimple(view, Direction::kBoth);
  // Count each triangle once from its smallest vertex u < v < w by merging sorted lists.
  for (Vertex u = 0; u < n; ++u) {
    const Vertex* ub = std::upper_bound(adj.begin(u), adj.end(u), u);
    for (const Vertex* pv = ub; pv != adj.end(u); ++pv) {
      Vertex v = *pv;
      const Vertex* a = pv + 1;
      const Vertex* b = std::upper_bound(adj.begin(v), adj.end(v), v);
      while (a != adj.end(u) && b != adj.end(v)) {
        if (*a < *b) {
          ++a;
        } else if (*b < *a) {
          ++b;
        } else {
          ++r.triangles[u];
          ++r.triangles[v];
          ++r.triangles[*a];
          ++r.total;
          ++a;
          ++b;
        }
      }
    }
  }
  double triples = 0, sum = 0;
  for (Vertex v = 0; v < n; ++v) {
    double d = adj.degree(v);
    if (d >= 2) {
      r.clustering[v] = 2.0 * static_cast<double>(r.triangles[v]) / (d * (d - 1));
      triples += d * (d - 1) / 2;
    }
    sum += r.clustering[v];
  }
  r.average_clustering = n == 0 ? 0 : sum / n;
  r.transitivity = triples == 0 ? 0 : 3.0 * static_cast<double>(r.total) / triples;
  return r;
}

std::vector<uint32_t> CoreNumbers(const CsrView& view) {
  const uint32_t n = view.num_vertices();
  SimpleAdj adj = MakeSimple(view, Direction::kBoth);
  std::vector<uint32_t> deg(n), pos(n);
  std::vector<Vertex> vert(n);
  uint32_t max_deg = 0;
  for (Vertex v = 0; v < n; ++v) {
    deg[v] = adj.degree(v);
    max_deg = std::max(max_deg, deg[v]);
  }
  std::vector<uint32_t> bin(max_deg + 1, 0);
  for (Vertex v = 0; v < n; ++v) ++bin[deg[v]];
  uint32_t start = 0;
  for (uint32_t d = 0; d <= max_deg; ++d) {
    uint32_t num = bin[d];
    bin[d] = start;
    start += num;
  }
  for (Vertex v = 0; v < n; ++v) {
    pos[v] = bin[deg[v]]++;
    vert[pos[v]] = v;
  }
  for (uint32_t d = max_deg; d > 0; --d) bin[d] = bin[d - 1];
  if (!bin.empty()) bin[0] = 0;
  for (uint32_t i = 0; i < n; ++i) {
    Vertex v = vert[i];
    for (const Vertex* pu = adj.begin(v); pu != adj.end(v); ++pu) {
      Vertex u = *pu;
      if (deg[u] > deg[v]) {
        uint32_t du = deg[u], pu_pos = pos[u], pw = bin[du];
        Vertex w = vert[pw];
        if (u != w) {
          pos[u] = pw;
          vert[pu_pos] = w;
          pos[w] = pu_pos;
          vert[pw] = u;
        }
        ++bin[du];
        --deg[u];
      }
    }
  }
  return deg;
}

std::optional<Path> ShortestPath(const CsrView& view, Vertex from, Vertex to,
                                 const PathOptions& options) {
  return Search(view, from, to, options, nullptr, nullptr);
}

std::vector<Path> KShortestPaths(const CsrView& view, Vertex from, Vertex to, uint32_t k,
                                 const PathOptions& o) {
  std::vector<Path> a;
  if (k == 0) return a;
  auto first = Search(view, from, to, o, nullptr, nullptr);
  if (!first) return a;
  a.push_back(std::move(*first));
  std::vector<Path> candidates;
  const uint32_t n = view.num_vertices();
  std::vector<char> banned_vertex(n, 0), banned_edge(view.num_edges(), 0);
  auto known = [&](const Path& p) {
    for (const auto& q : a) {
      if (q.edges == p.edges && q.vertices == p.vertices) return true;
    }
    for (const auto& q : candidates) {
      if (q.edges == p.edges && q.vertices == p.vertices) return true;
    }
    return false;
  };
  while (a.size() < k) {
    const Path prev = a.back();
    for (size_t i = 0; i + 1 < prev.vertices.size(); ++i) {
      const Vertex spur = prev.vertices[i];
      std::vector<uint32_t> banned_edges;
      for (const auto& p : a) {
        if (p.vertices.size() > i + 1 &&
            std::equal(p.vertices.begin(), p.vertices.begin() + i + 1, prev.vertices.begin()) &&
            std::equal(p.edges.begin(), p.edges.begin() + i, prev.edges.begin())) {
          banned_edges.push_back(p.edges[i]);
        }
      }
      for (uint32_t e : banned_edges) banned_edge[e] = 1;
      for (size_t j = 0; j < i; ++j) banned_vertex[prev.vertices[j]] = 1;
      auto spur_path = Search(view, spur, to, o, &banned_vertex, &banned_edge);
      for (uint32_t e : banned_edges) banned_edge[e] = 0;
      for (size_t j = 0; j < i; ++j) banned_vertex[prev.vertices[j]] = 0;
      if (!spur_path) continue;
      Path total;
      total.vertices.assign(prev.vertices.begin(), prev.vertices.begin() + i);
      total.vertices.insert(total.vertices.end(), spur_path->vertices.begin(),
                            spur_path->vertices.end());
      total.edges.assign(prev.edges.begin(), prev.edges.begin() + i);
      total.edges.insert(total.edges.end(), spur_path->edges.begin(), spur_path->edges.end());
      total.cost = PathCost(total.edges, o);
      if (!known(total)) candidates.push_back(std::move(total));
    }
    if (candidates.empty()) break;
    auto best = std::min_element(candidates.begin(), candidates.end(),
                                 [](const Path& x, const Path& y) {
                                   if (x.cost != y.cost) return x.cost < y.cost;
                                   if (x.edges.size() != y.edges.size()) {
                                     return x.edges.size() < y.edges.size();
                                   }
                                   return x.vertices < y.vertices;
                                 });
    a.push_back(std::move(*best));
    candidates.erase(best);
  }
  return a;
}

std::vector<uint32_t> BfsDistances(const CsrView& view, Vertex from, Direction direction,
                                   uint32_t max_hops) {
  const CsrView::Graph& g = GraphFor(view, direction);
  std::vector<uint32_t> dist(view.num_vertices(), kInf);
  if (from >= view.num_vertices()) return dist;
  std::vector<Vertex> queue{from};
  dist[from] = 0;
  for (size_t head = 0; head < queue.size(); ++head) {
    Vertex v = queue[head];
    if (dist[v] >= max_hops) continue;
    auto [it, end] = boost::adjacent_vertices(v, g);
    for (; it != end; ++it) {
      if (dist[*it] == kInf) {
        dist[*it] = dist[v] + 1;
        queue.push_back(*it);
      }
    }
  }
  return dist;
}

std::vector<EgoMember> EgoNetwork(const CsrView& view, Vertex center, uint32_t hops,
                                  Direction direction) {
  std::vector<EgoMember> out;
  if (center >= view.num_vertices()) return out;
  const CsrView::Graph& g = GraphFor(view, direction);
  std::unordered_map<Vertex, uint32_t> dist{{center, 0}};
  std::vector<Vertex> queue{center};
  for (size_t head = 0; head < queue.size(); ++head) {
    Vertex v = queue[head];
    uint32_t d = dist[v];
    out.push_back({v, d});
    if (d >= hops) continue;
    auto [it, end] = boost::adjacent_vertices(v, g);
    for (; it != end; ++it) {
      if (dist.try_emplace(*it, d + 1).second) queue.push_back(*it);
    }
  }
  std::sort(out.begin() + 1, out.end(), [](const EgoMember& x, const EgoMember& y) {
    return x.hops != y.hops ? x.hops < y.hops : x.vertex < y.vertex;
  });
  return out;
}

}  // namespace kg::graph::algo
