// Graph algorithms against published values on Zachary's karate club (the 78-edge graph as
// distributed with NetworkX, vertices 0..33) and against small hand-computed graphs.
#include "graph/algorithms.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "graph/csr_view.h"
#include "graph/graph_store.h"
#include "tests/test_util.h"

namespace kg::graph::algo {
namespace {

std::vector<std::pair<uint32_t, uint32_t>> KarateEdges() {
  // Zachary (1977), 1-based member numbers as in the paper.
  const int e[78][2] = {
      {1, 2},   {1, 3},   {1, 4},   {1, 5},   {1, 6},   {1, 7},   {1, 8},   {1, 9},
      {1, 11},  {1, 12},  {1, 13},  {1, 14},  {1, 18},  {1, 20},  {1, 22},  {1, 32},
      {2, 3},   {2, 4},   {2, 8},   {2, 14},  {2, 18},  {2, 20},  {2, 22},  {2, 31},
      {3, 4},   {3, 8},   {3, 9},   {3, 10},  {3, 14},  {3, 28},  {3, 29},  {3, 33},
      {4, 8},   {4, 13},  {4, 14},  {5, 7},   {5, 11},  {6, 7},   {6, 11},  {6, 17},
      {7, 17},  {9, 31},  {9, 33},  {9, 34},  {10, 34}, {14, 34}, {15, 33}, {15, 34},
      {16, 33}, {16, 34}, {19, 33}, {19, 34}, {20, 34}, {21, 33}, {21, 34}, {23, 33},
      {23, 34}, {24, 26}, {24, 28}, {24, 30}, {24, 33}, {24, 34}, {25, 26}, {25, 28},
      {25, 32}, {26, 32}, {27, 30}, {27, 34}, {28, 34}, {29, 32}, {29, 34}, {30, 33},
      {30, 34}, {31, 33}, {31, 34}, {32, 33}, {32, 34}, {33, 34}};
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const auto& p : e) out.emplace_back(p[0] - 1, p[1] - 1);
  return out;
}

std::shared_ptr<const CsrView> Karate() { return CsrView::FromEdges(34, KarateEdges()); }

TEST(CsrViewTest, KarateShape) {
  auto v = Karate();
  EXPECT_EQ(v->num_vertices(), 34u);
  EXPECT_EQ(v->num_edges(), 78u);
  EXPECT_EQ(boost::num_edges(v->both()), 156u);
  EXPECT_EQ(boost::out_degree(0u, v->both()), 16u);
  EXPECT_EQ(boost::out_degree(33u, v->both()), 17u);
}

TEST(AlgorithmsTest, KaratePageRank) {
  // nx.pagerank(nx.karate_club_graph()) (unweighted): node 33 -> 0.10091, node 0 -> 0.09700,
  // node 32 -> 0.07169, node 11 -> 0.00956.
  PageRankOptions o;
  o.direction = Direction::kBoth;
  o.iterations = 100;
  auto pr = PageRank(*Karate(), o);
  EXPECT_NEAR(pr[33], 0.10091, 1e-4);
  EXPECT_NEAR(pr[0], 0.09700, 1e-4);
  EXPECT_NEAR(pr[32], 0.07169, 1e-4);
  EXPECT_NEAR(pr[11], 0.00956, 1e-4);
  EXPECT_NEAR(std::accumulate(pr.begin(), pr.end(), 0.0), 1.0, 1e-9);
}

TEST(AlgorithmsTest, PageRankDanglingAndDirection) {
  // 0 -> 1 -> 2, 2 dangling. Hand computed: with d = 0.85 the stationary ranks solve
  // r0 = b, r1 = b + d r0, r2 = b + d r1, b = (1-d)/3 + d r2/3, sum 1.
  auto v = CsrView::FromEdges(3, {{0, 1}, {1, 2}});
  PageRankOptions o;
  o.iterations = 200;
  auto pr = PageRank(*v, o);
  const double d = 0.85;
  // Solve: r0 = b, r1 = b(1+d), r2 = b(1+d+d^2); sum = b(3+2d+d^2) = 1.
  double b = 1.0 / (3 + 2 * d + d * d);
  EXPECT_NEAR(pr[0], b, 1e-9);
  EXPECT_NEAR(pr[1], b * (1 + d), 1e-9);
  EXPECT_NEAR(pr[2], b * (1 + d + d * d), 1e-9);
  o.direction = Direction::kIn;
  auto rev = PageRank(*v, o);
  EXPECT_NEAR(rev[2], b, 1e-9);
  EXPECT_NEAR(rev[0], b * (1 + d + d * d), 1e-9);
}

TEST(AlgorithmsTest, KarateBetweenness) {
  // nx.betweenness_centrality(G, normalized=False): 0 -> 231.0714, 33 -> 160.5516,
  // 32 -> 76.6905, 2 -> 75.8508, 31 -> 73.0095; leaves such as 11 -> 0.
  auto bc = Betweenness(*Karate());
  EXPECT_NEAR(bc[0], 231.0714, 1e-3);
  EXPECT_NEAR(bc[33], 160.5516, 1e-3);
  EXPECT_NEAR(bc[32], 76.6905, 1e-3);
  EXPECT_NEAR(bc[2], 75.8508, 1e-3);
  EXPECT_NEAR(bc[31], 73.0095, 1e-3);
  EXPECT_EQ(bc[11], 0.0);
  BetweennessOptions norm;
  norm.normalized = true;
  EXPECT_NEAR(Betweenness(*Karate(), norm)[0], 0.43763, 1e-4);
}

TEST(AlgorithmsTest, SampledBetweennessApproximatesExact) {
  BetweennessOptions all;
  all.samples = 34;  // every vertex: equals the exact value
  auto exact = Betweenness(*Karate());
  auto full = Betweenness(*Karate(), all);
  for (int i = 0; i < 34; ++i) EXPECT_NEAR(full[i], exact[i], 1e-9);
  BetweennessOptions some;
  some.samples = 20;
  auto est = Betweenness(*Karate(), some);
  // The two hubs stay the two most central vertices.
  std::vector<int> order(34);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return est[a] > est[b]; });
  EXPECT_EQ(std::set<int>({order[0], order[1]}), std::set<int>({0, 33}));
}

TEST(AlgorithmsTest, DirectedBetweennessOnAPath) {
  // 0 -> 1 -> 2 -> 3: vertex 1 lies on 0->2, 0->3; vertex 2 on 0->3, 1->3.
  auto v = CsrView::FromEdges(4, {{0, 1}, {1, 2}, {2, 3}});
  BetweennessOptions o;
  o.direction = Direction::kOut;
  auto bc = Betweenness(*v, o);
  EXPECT_EQ(bc, (std::vector<double>{0, 2, 2, 0}));
}

TEST(AlgorithmsTest, KarateCloseness) {
  // nx.closeness_centrality: 0 -> 0.568966, 33 -> 0.55, 2 -> 0.559322, 16 -> 0.284483.
  auto c = Closeness(*Karate());
  EXPECT_NEAR(c[0], 0.568966, 1e-5);
  EXPECT_NEAR(c[33], 0.55, 1e-5);
  EXPECT_NEAR(c[2], 0.559322, 1e-5);
  EXPECT_NEAR(c[16], 0.284483, 1e-5);
}

TEST(AlgorithmsTest, ClosenessDisconnected) {
  // Two components {0,1,2} path and {3,4}. Vertex 1: reaches 2 at distance 1 each:
  // (2/2) * (2/4) = 0.5 with Wasserman-Faust scaling.
  auto v = CsrView::FromEdges(5, {{0, 1}, {1, 2}, {3, 4}});
  auto c = Closeness(*v);
  EXPECT_NEAR(c[1], 0.5, 1e-12);
  EXPECT_NEAR(c[0], (2.0 / 3) * (2.0 / 4), 1e-12);
  EXPECT_NEAR(c[3], 1.0 * (1.0 / 4), 1e-12);
}

TEST(AlgorithmsTest, Components) {
  // 0 -> 1 -> 2 -> 0 is a cycle, 2 -> 3, 4 <-> 5, 6 alone.
  auto v = CsrView::FromEdges(7, {{0, 1}, {1, 2}, {2, 0}, {2, 3}, {4, 5}, {5, 4}});
  auto wcc = WeaklyConnectedComponents(*v);
  EXPECT_EQ(wcc, (std::vector<Vertex>{0, 0, 0, 0, 4, 4, 6}));
  auto scc = StronglyConnectedComponents(*v);
  EXPECT_EQ(scc[0], scc[1]);
  EXPECT_EQ(scc[1], scc[2]);
  EXPECT_NE(scc[2], scc[3]);
  EXPECT_EQ(scc[4], scc[5]);
  EXPECT_NE(scc[4], scc[6]);
  EXPECT_EQ(std::set<Vertex>(scc.begin(), scc.end()).size(), 4u);
}

TEST(AlgorithmsTest, KarateLouvain) {
  // Best known modularity of the karate club is 0.4198 (4 communities); Louvain finds 0.4188
  // or better in the literature (Blondel et al. 2008: 0.42).
  auto r = Louvain(*Karate());
  EXPECT_GE(r.modularity, 0.415);
  EXPECT_LE(r.modularity, 0.4198 + 1e-4);
  EXPECT_NEAR(Modularity(*Karate(), r.community), r.modularity, 1e-12);
  std::set<Vertex> k(r.community.begin(), r.community.end());
  EXPECT_GE(k.size(), 3u);
  EXPECT_LE(k.size(), 5u);
  // The two leaders end up apart.
  EXPECT_NE(r.community[0], r.community[33]);
}

TEST(AlgorithmsTest, ModularityOfTheClubSplit) {
  // Zachary's observed two factions: modularity 0.3715 (Newman 2006).
  std::vector<Vertex> faction(34, 1);
  for (int m : {1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 17, 18, 20, 22}) faction[m - 1] = 0;
  EXPECT_NEAR(Modularity(*Karate(), faction), 0.3715, 1e-3);
}

TEST(AlgorithmsTest, LouvainAndLabelPropagationOnTwoCliques) {
  // Two 4-cliques {0..3} and {4..7} joined by the edge 3-4.
  std::vector<std::pair<uint32_t, uint32_t>> e;
  for (uint32_t base : {0u, 4u}) {
    for (uint32_t i = 0; i < 4; ++i) {
      for (uint32_t j = i + 1; j < 4; ++j) e.emplace_back(base + i, base + j);
    }
  }
  e.emplace_back(3, 4);
  auto v = CsrView::FromEdges(8, e);
  for (const auto& comm : {Louvain(*v).community, LabelPropagation(*v)}) {
    for (int i = 1; i < 4; ++i) EXPECT_EQ(comm[i], comm[0]);
    for (int i = 5; i < 8; ++i) EXPECT_EQ(comm[i], comm[4]);
    EXPECT_NE(comm[0], comm[4]);
  }
  // Hand computed: m = 13, each side has 6 internal edges and degree sum 13.
  EXPECT_NEAR(Louvain(*v).modularity, 2 * (6.0 / 13 - 0.25), 1e-12);
}

TEST(AlgorithmsTest, KarateTriangles) {
  // 45 triangles; nx.average_clustering 0.570638; nx.transitivity 0.255682;
  // nx.triangles: 0 -> 18, 33 -> 15; nx.clustering(0) = 0.15.
  auto t = Triangles(*Karate());
  EXPECT_EQ(t.total, 45u);
  EXPECT_EQ(t.triangles[0], 18u);
  EXPECT_EQ(t.triangles[33], 15u);
  EXPECT_NEAR(t.clustering[0], 0.15, 1e-12);
  EXPECT_NEAR(t.average_clustering, 0.570638, 1e-6);
  EXPECT_NEAR(t.transitivity, 0.255682, 1e-6);
}

TEST(AlgorithmsTest, TrianglesIgnoreLoopsAndParallelEdges) {
  auto v = CsrView::FromEdges(4, {{0, 1}, {1, 0}, {1, 2}, {2, 0}, {2, 2}, {2, 3}});
  auto t = Triangles(*v);
  EXPECT_EQ(t.total, 1u);
  EXPECT_EQ(t.triangles, (std::vector<uint64_t>{1, 1, 1, 0}));
  EXPECT_NEAR(t.clustering[2], 1.0 / 3, 1e-12);
}

TEST(AlgorithmsTest, KarateCoreNumbers) {
  // nx.core_number: 4 for members 1,2,3,4,8,9,14,31,33,34; 1 for member 12; max 4.
  auto core = CoreNumbers(*Karate());
  for (int m : {1, 2, 3, 4, 8, 9, 14, 31, 33, 34}) EXPECT_EQ(core[m - 1], 4u) << m;
  EXPECT_EQ(core[11], 1u);
  EXPECT_EQ(*std::max_element(core.begin(), core.end()), 4u);
  EXPECT_EQ(std::count(core.begin(), core.end(), 4u), 10);
}

TEST(AlgorithmsTest, ShortestPaths) {
  // 0->1 (1), 1->3 (1), 0->2 (1), 2->3 (5), 0->3 (10), 3->4 (1)
  auto v = CsrView::FromEdges(5, {{0, 1}, {1, 3}, {0, 2}, {2, 3}, {0, 3}, {3, 4}});
  std::vector<double> w = {1, 1, 1, 5, 10, 1};
  auto bfs = ShortestPath(*v, 0, 4);
  ASSERT_TRUE(bfs.has_value());
  EXPECT_EQ(bfs->cost, 2);
  EXPECT_EQ(bfs->vertices, (std::vector<Vertex>{0, 3, 4}));
  PathOptions weighted;
  weighted.weights = &w;
  auto dij = ShortestPath(*v, 0, 4, weighted);
  ASSERT_TRUE(dij.has_value());
  EXPECT_EQ(dij->cost, 3);
  EXPECT_EQ(dij->vertices, (std::vector<Vertex>{0, 1, 3, 4}));
  EXPECT_EQ(dij->edges, (std::vector<uint32_t>{0, 1, 5}));
  EXPECT_FALSE(ShortestPath(*v, 4, 0).has_value());
  PathOptions both;
  both.direction = Direction::kBoth;
  EXPECT_EQ(ShortestPath(*v, 4, 0, both)->vertices, (std::vector<Vertex>{4, 3, 0}));
  // Yen: costs 3 (0-1-3-4), 7 (0-2-3-4), 11 (0-3-4); no fourth path.
  auto ks = KShortestPaths(*v, 0, 4, 5, weighted);
  ASSERT_EQ(ks.size(), 3u);
  EXPECT_EQ(ks[0].cost, 3);
  EXPECT_EQ(ks[1].cost, 7);
  EXPECT_EQ(ks[1].vertices, (std::vector<Vertex>{0, 2, 3, 4}));
  EXPECT_EQ(ks[2].cost, 11);
  EXPECT_EQ(ks[2].vertices, (std::vector<Vertex>{0, 3, 4}));
}

TEST(AlgorithmsTest, YenOnTheWikipediaExample) {
  // Yen's algorithm article: C=0 D=1 E=2 F=3 G=4 H=5; K=3 paths C->H cost 5, 7, 8.
  auto v = CsrView::FromEdges(6, {{0, 1}, {0, 2}, {1, 3}, {2, 1}, {2, 3}, {2, 4}, {3, 4},
                                  {3, 5}, {4, 5}});
  std::vector<double> w = {3, 2, 4, 1, 2, 3, 2, 1, 2};
  PathOptions o;
  o.weights = &w;
  auto ks = KShortestPaths(*v, 0, 5, 3, o);
  ASSERT_EQ(ks.size(), 3u);
  EXPECT_EQ(ks[0].vertices, (std::vector<Vertex>{0, 2, 3, 5}));
  EXPECT_EQ(ks[0].cost, 5);
  EXPECT_EQ(ks[1].cost, 7);
  EXPECT_EQ(ks[2].cost, 8);
}

TEST(AlgorithmsTest, EgoNetwork) {
  auto ego = EgoNetwork(*Karate(), 11, 2);  // member 12 hangs off member 1 only
  ASSERT_GE(ego.size(), 2u);
  EXPECT_EQ(ego[0].vertex, 11u);
  EXPECT_EQ(ego[0].hops, 0u);
  EXPECT_EQ(ego[1].vertex, 0u);
  EXPECT_EQ(ego[1].hops, 1u);
  EXPECT_EQ(ego.size(), 1u + 1u + 15u);  // itself, member 1, member 1's 15 other neighbours
  auto d = BfsDistances(*Karate(), 11, Direction::kBoth);
  EXPECT_EQ(d[33], 3u);
}

TEST(CsrViewTest, BuildFromStoreWithFiltersAndCache) {
  auto store = NewMemoryStore();
  auto txn = store->BeginTransaction();
  ASSERT_TRUE(txn.ok());
  const std::vector<std::string> person = {"Person"}, org = {"Org"};
  Properties pa, pb, pc, weight;
  pa["name"] = PropertyValue("A");
  pb["name"] = PropertyValue("B");
  pc["name"] = PropertyValue("C");
  weight["w"] = PropertyValue(2.5);
  Transaction* t = txn->get();
  auto a = t->CreateNode(person, pa);
  auto b = t->CreateNode(person, pb);
  auto c = t->CreateNode(org, pc);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_TRUE(t->CreateEdge("KNOWS", *a, *b, weight).ok());
  ASSERT_TRUE(t->CreateEdge("WORKS_AT", *a, *c, Properties()).ok());
  ASSERT_OK((*txn)->Commit());

  auto all = CsrViewCache::Global().Get(*store);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)->num_vertices(), 3u);
  EXPECT_EQ((*all)->num_edges(), 2u);
  auto again = CsrViewCache::Global().Get(*store);
  EXPECT_EQ(all->get(), again->get());  // cached

  CsrFilter people;
  people.labels = {"Person"};
  auto p = CsrView::Build(*store, people);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->num_vertices(), 2u);
  EXPECT_EQ((*p)->num_edges(), 1u);
  EXPECT_EQ((*p)->edge_type(0), "KNOWS");
  CsrFilter works;
  works.types = {"WORKS_AT"};
  auto w = CsrView::Build(*store, works);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ((*w)->num_edges(), 1u);
  EXPECT_EQ((*w)->node_id((*w)->edge_target(0)), *c);
  auto weights = (*all)->EdgeWeights(*store, "w");
  ASSERT_TRUE(weights.ok());
  EXPECT_EQ(*weights, (std::vector<double>{2.5, 1.0}));

  // A commit invalidates the cached view.
  auto txn2 = store->BeginTransaction();
  ASSERT_TRUE(txn2.ok());
  ASSERT_TRUE((*txn2)->CreateEdge("KNOWS", *b, *c, Properties()).ok());
  ASSERT_OK((*txn2)->Commit());
  auto fresh = CsrViewCache::Global().Get(*store);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->get(), all->get());
  EXPECT_EQ((*fresh)->num_edges(), 3u);
}

// A view keeps no relationship ids when they are one run (base, base+1, ...): slots and ids
// map both ways with and without gaps (a deleted relationship, a type filter).
TEST(CsrViewTest, RelationshipIdsWithAndWithoutGaps) {
  auto store = NewMemoryStore();
  auto txn = store->BeginTransaction();
  ASSERT_TRUE(txn.ok());
  Transaction* t = txn->get();
  std::vector<NodeId> n;
  for (int i = 0; i < 4; ++i) n.push_back(*t->CreateNode({"N"}, Properties()));
  std::vector<EdgeId> e;
  for (int i = 0; i < 6; ++i) {
    e.push_back(*t->CreateEdge(i % 2 == 0 ? "A" : "B", n[i % 4], n[(i + 1) % 4], Properties()));
  }
  ASSERT_OK((*txn)->Commit());
  auto check = [&](const CsrView& v, const std::vector<EdgeId>& want) {
    ASSERT_EQ(v.num_edges(), want.size());
    for (uint32_t slot = 0; slot < want.size(); ++slot) {
      EXPECT_EQ(v.edge_id(slot), want[slot]);
      EXPECT_EQ(v.edge_slot(want[slot]), slot);
    }
    EXPECT_EQ(v.edge_slot(e.back() + 1), CsrView::kNone);
    EXPECT_EQ(v.edge_slot(e.front() - 1), CsrView::kNone);
  };
  check(**CsrView::Build(*store), e);  // one run
  CsrFilter only_a;
  only_a.types = {"A"};
  check(**CsrView::Build(*store, only_a), {e[0], e[2], e[4]});  // gaps
  EXPECT_EQ((*CsrView::Build(*store, only_a))->edge_slot(e[1]), CsrView::kNone);
  txn = store->BeginTransaction();
  ASSERT_OK((*txn)->DeleteEdge(e[3]));
  ASSERT_OK((*txn)->Commit());
  auto gap = CsrView::Build(*store);
  check(**gap, {e[0], e[1], e[2], e[4], e[5]});
  EXPECT_EQ((*gap)->edge_slot(e[3]), CsrView::kNone);
}

// Reading the relationships in id ranges on several threads gives the very view one thread
// reads: same vertices, relationships in id order, types in first-seen order, filters applied.
TEST(CsrViewTest, ParallelBuildEqualsSerialBuild) {
  auto store = NewMemoryStore();
  auto txn = store->BeginTransaction();
  ASSERT_TRUE(txn.ok());
  Transaction* t = txn->get();
  std::mt19937 rng(11);
  std::vector<NodeId> nodes;
  for (int i = 0; i < 300; ++i) {
    Properties p;
    p["name"] = PropertyValue("n" + std::to_string(i));
    auto id = t->CreateNode({i % 3 == 0 ? "Org" : "Person"}, p);
    ASSERT_TRUE(id.ok());
    nodes.push_back(*id);
  }
  const std::vector<std::string> types = {"KNOWS", "WORKS_AT", "MEETS", "CALLS"};
  for (int i = 0; i < 4000; ++i) {
    ASSERT_TRUE(t->CreateEdge(types[(i * 7 + i / 100) % types.size()], nodes[rng() % nodes.size()],
                              nodes[rng() % nodes.size()], Properties())
                    .ok());
  }
  ASSERT_OK((*txn)->Commit());
  auto same = [](const CsrView& a, const CsrView& b) {
    ASSERT_EQ(a.num_vertices(), b.num_vertices());
    ASSERT_EQ(a.num_edges(), b.num_edges());
    for (uint32_t v = 0; v < a.num_vertices(); ++v) EXPECT_EQ(a.node_id(v), b.node_id(v));
    for (uint32_t e = 0; e < a.num_edges(); ++e) {
      EXPECT_EQ(a.edge_id(e), b.edge_id(e));
      EXPECT_EQ(a.edge_type(e), b.edge_type(e));
      EXPECT_EQ(a.edge_source(e), b.edge_source(e));
      EXPECT_EQ(a.edge_target(e), b.edge_target(e));
    }
    for (uint32_t v = 0; v < a.num_vertices(); ++v) {
      EXPECT_EQ(boost::out_degree(v, a.out()), boost::out_degree(v, b.out()));
      EXPECT_EQ(boost::out_degree(v, a.in()), boost::out_degree(v, b.in()));
    }
  };
  CsrFilter people;
  people.labels = {"Person"};
  CsrFilter two_types;
  two_types.types = {"CALLS", "KNOWS"};
  for (const CsrFilter& f : {CsrFilter(), people, two_types}) {
    auto serial = CsrView::Build(*store, f);
    auto parallel = CsrView::Build(*store, f, /*parallel_from=*/1);
    ASSERT_TRUE(serial.ok() && parallel.ok());
    EXPECT_GT((*serial)->num_edges(), 0u);
    same(**serial, **parallel);
  }
  // PageRank over the parallel view, with its chunked parallel pull, equals the serial one.
  auto serial = CsrView::Build(*store);
  auto parallel = CsrView::Build(*store, CsrFilter(), 1);
  EXPECT_EQ(PageRank(**serial, {}), PageRank(**parallel, {}));

  // Node ids with a gap (a deleted node) are read, not assumed: the view's vertices are exactly
  // the stored nodes, on either path.
  auto del = store->BeginTransaction();
  ASSERT_TRUE(del.ok());
  ASSERT_OK((*del)->DeleteNode(nodes[150], /*detach=*/true));
  ASSERT_OK((*del)->Commit());
  std::vector<NodeId> stored;
  ASSERT_OK(store->ScanNodes([&](NodeId id) {
    stored.push_back(id);
    return true;
  }));
  for (uint64_t from : {uint64_t{1}, CsrView::kParallelFrom}) {
    auto v = CsrView::Build(*store, CsrFilter(), from);
    ASSERT_TRUE(v.ok());
    ASSERT_EQ((*v)->num_vertices(), stored.size());
    for (uint32_t i = 0; i < stored.size(); ++i) EXPECT_EQ((*v)->node_id(i), stored[i]);
    EXPECT_EQ((*v)->vertex(nodes[150]), CsrView::kNone);
    for (uint32_t e = 0; e < (*v)->num_edges(); ++e) {
      EXPECT_NE((*v)->node_id((*v)->edge_source(e)), nodes[150]);
      EXPECT_NE((*v)->node_id((*v)->edge_target(e)), nodes[150]);
    }
  }
}

}  // namespace
}  // namespace kg::graph::algo
