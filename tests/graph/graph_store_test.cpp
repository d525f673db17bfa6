// One contract, run on every GraphStore implementation (memory and RocksDB).
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <random>
#include <thread>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "graph/graph_store.h"
#include "tests/test_util.h"

namespace kg::graph {
namespace {

using kg::testing::TempDir;

struct MemoryFactory {
  std::unique_ptr<GraphStore> Open() { return NewMemoryStore(); }
  static constexpr bool kPersistent = false;
  std::unique_ptr<GraphStore> Reopen(std::unique_ptr<GraphStore> s) { return s; }
};

struct RocksFactory {
  TempDir dir;
  std::unique_ptr<GraphStore> Open() {
    auto r = OpenRocksDbStore(dir.Sub("db"), OpenOptions{});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }
  static constexpr bool kPersistent = true;
  std::unique_ptr<GraphStore> Reopen(std::unique_ptr<GraphStore> s) {
    s.reset();
    return Open();
  }
};

template <typename F>
class GraphStoreContract : public ::testing::Test {
 protected:
  void SetUp() override { store_ = factory_.Open(); }
  void Reopen() { store_ = factory_.Reopen(std::move(store_)); }

  std::unique_ptr<Transaction> Begin() {
    auto t = store_->BeginTransaction();
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return std::move(t).value();
  }

  std::vector<NodeId> Names(std::string_view name) {
    std::vector<NodeId> out;
    EXPECT_OK(store_->FindByName(name, &out));
    return out;
  }

  std::vector<std::pair<NodeId, std::string>> Adj(NodeId n, Direction d,
                                                   std::vector<std::string> types = {}) {
    std::vector<std::pair<NodeId, std::string>> out;
    EXPECT_OK(store_->Expand(n, d, types, [&](const AdjEntry& e) {
      out.emplace_back(e.neighbor, std::string(e.type));
      return true;
    }));
    return out;
  }

  F factory_;
  std::unique_ptr<GraphStore> store_;
};

using Factories = ::testing::Types<MemoryFactory, RocksFactory>;
TYPED_TEST_SUITE(GraphStoreContract, Factories);

TYPED_TEST(GraphStoreContract, CreateAndReadNodesAndEdges) {
  auto txn = this->Begin();
  auto a = txn->CreateNode({"Person", "Person"}, {{"name", "Donald Trump"}, {"age", 80}});
  auto b = txn->CreateNode({"Person"}, {{"name", "Steve Witkoff"}, {"skip", PropertyValue()}});
  ASSERT_TRUE(a.ok() && b.ok());
  auto e = txn->CreateEdge("defends", *a, *b, {{"confidence", 0.9}});
  ASSERT_TRUE(e.ok());
  // The transaction reads its own writes.
  NodeRecord rec;
  ASSERT_OK(txn->GetNode(*a, &rec));
  EXPECT_EQ(rec.labels, std::vector<std::string>{"Person"});
  ASSERT_OK(txn->Commit());

  ASSERT_OK(this->store_->GetNode(*b, &rec));
  EXPECT_EQ(rec.properties.count("skip"), 0u);
  EXPECT_EQ(rec.properties.at("name").as_string(), "Steve Witkoff");
  EdgeRecord er;
  ASSERT_OK(this->store_->GetEdge(*e, &er));
  EXPECT_EQ(er.type, "defends");
  EXPECT_EQ(er.source, *a);
  EXPECT_EQ(er.target, *b);
  EXPECT_DOUBLE_EQ(er.properties.at("confidence").as_double(), 0.9);
  EXPECT_TRUE(this->store_->GetNode(999, &rec).IsNotFound());
  EXPECT_TRUE(this->store_->GetEdge(999, &er).IsNotFound());

  auto counts = this->store_->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->nodes, 2u);
  EXPECT_EQ(counts->edges, 1u);
  EXPECT_EQ(counts->nodes_per_label.at("Person"), 2u);
  EXPECT_EQ(counts->edges_per_type.at("defends"), 1u);
}

TYPED_TEST(GraphStoreContract, EdgeToMissingNodeIsNotFound) {
  auto txn = this->Begin();
  auto a = txn->CreateNode({}, {});
  EXPECT_TRUE(txn->CreateEdge("x", *a, 12345, {}).status().IsNotFound());
  EXPECT_FALSE(txn->CreateEdge("", *a, *a, {}).ok());
}

TYPED_TEST(GraphStoreContract, AdjacencyBothWaysFilteredByType) {
  auto txn = this->Begin();
  NodeId a = *txn->CreateNode({"P"}, {});
  NodeId b = *txn->CreateNode({"P"}, {});
  NodeId c = *txn->CreateNode({"Q"}, {});
  ASSERT_TRUE(txn->CreateEdge("knows", a, b, {}).ok());
  ASSERT_TRUE(txn->CreateEdge("likes", a, c, {}).ok());
  ASSERT_TRUE(txn->CreateEdge("knows", c, a, {}).ok());
  ASSERT_TRUE(txn->CreateEdge("self", a, a, {}).ok());
  ASSERT_OK(txn->Commit());
  using V = std::vector<std::pair<NodeId, std::string>>;
  EXPECT_EQ(this->Adj(a, Direction::kOut), (V{{b, "knows"}, {c, "likes"}, {a, "self"}}));
  EXPECT_EQ(this->Adj(a, Direction::kIn), (V{{c, "knows"}, {a, "self"}}));
  EXPECT_EQ(this->Adj(a, Direction::kBoth).size(), 4u);  // self-loop once
  EXPECT_EQ(this->Adj(a, Direction::kOut, {"knows"}), (V{{b, "knows"}}));
  EXPECT_EQ(this->Adj(a, Direction::kBoth, {"knows", "missing"}), (V{{b, "knows"}, {c, "knows"}}));
  EXPECT_EQ(*this->store_->Degree(a, Direction::kOut, {}), 3u);
  EXPECT_EQ(*this->store_->Degree(b, Direction::kIn, {"knows"}), 1u);

  std::vector<NodeId> ps;
  ASSERT_OK(this->store_->ScanNodesByLabel("P", [&](NodeId n) {
    ps.push_back(n);
    return true;
  }));
  EXPECT_EQ(ps, (std::vector<NodeId>{a, b}));
  int edges = 0;
  ASSERT_OK(this->store_->ScanEdges([&](const EdgeRecord&) { return ++edges < 2; }));
  EXPECT_EQ(edges, 2);  // the visitor stopped the scan
}

TYPED_TEST(GraphStoreContract, NameIndexIsCaseInsensitiveAndCoversAliases) {
  auto txn = this->Begin();
  NodeId t = *txn->CreateNode(
      {"Person"}, {{"name", "Donald Trump"},
                   {"aliases", PropertyValue::List{PropertyValue("Trump"), PropertyValue("Mr Trump")}}});
  NodeId r = *txn->CreateNode({"Location"}, {{"name", "Straße"}});
  ASSERT_OK(txn->Commit());
  EXPECT_EQ(this->Names("donald  TRUMP"), std::vector<NodeId>{t});
  EXPECT_EQ(this->Names("trump"), std::vector<NodeId>{t});
  EXPECT_EQ(this->Names("MR TRUMP"), std::vector<NodeId>{t});
  EXPECT_EQ(this->Names("STRASSE"), std::vector<NodeId>{r});  // full case folding
  EXPECT_TRUE(this->Names("Donald").empty());

  txn = this->Begin();
  ASSERT_OK(txn->SetNodeProperty(t, "aliases", PropertyValue::List{PropertyValue("The Donald")}));
  ASSERT_OK(txn->Commit());
  EXPECT_TRUE(this->Names("trump").empty());
  EXPECT_EQ(this->Names("the donald"), std::vector<NodeId>{t});
}

TYPED_TEST(GraphStoreContract, UpdatesLabelsPropertiesAndDeletes) {
  auto txn = this->Begin();
  NodeId a = *txn->CreateNode({"A"}, {{"name", "x"}});
  NodeId b = *txn->CreateNode({"B"}, {});
  EdgeId e = *txn->CreateEdge("r", a, b, {});
  ASSERT_OK(txn->Commit());

  txn = this->Begin();
  ASSERT_OK(txn->AddLabel(a, "C"));
  ASSERT_OK(txn->RemoveLabel(a, "A"));
  ASSERT_OK(txn->SetNodeProperty(a, "name", PropertyValue()));
  ASSERT_OK(txn->SetEdgeProperty(e, "w", 2));
  EXPECT_FALSE(txn->DeleteNode(a, /*detach=*/false).ok());
  ASSERT_OK(txn->Commit());
  NodeRecord rec;
  ASSERT_OK(this->store_->GetNode(a, &rec));
  EXPECT_EQ(rec.labels, std::vector<std::string>{"C"});
  EXPECT_TRUE(rec.properties.empty());
  EXPECT_TRUE(this->Names("x").empty());
  auto counts = *this->store_->Counts();
  EXPECT_EQ(counts.nodes_per_label.count("A"), 0u);
  EXPECT_EQ(counts.nodes_per_label.at("C"), 1u);

  txn = this->Begin();
  ASSERT_OK(txn->DeleteNode(a, /*detach=*/true));
  ASSERT_OK(txn->Commit());
  EXPECT_FALSE(this->store_->NodeExists(a));
  EdgeRecord er;
  EXPECT_TRUE(this->store_->GetEdge(e, &er).IsNotFound());
  EXPECT_TRUE(this->Adj(b, Direction::kBoth).empty());
  counts = *this->store_->Counts();
  EXPECT_EQ(counts.nodes, 1u);
  EXPECT_EQ(counts.edges, 0u);
}

TYPED_TEST(GraphStoreContract, RollbackLeavesNothing) {
  {
    auto txn = this->Begin();
    NodeId a = *txn->CreateNode({"Ghost"}, {{"name", "Casper"}});
    ASSERT_TRUE(txn->CreateEdge("haunts", a, a, {}).ok());
    ASSERT_OK(txn->PutMeta("k", "v"));
    // destroyed without Commit
  }
  auto counts = *this->store_->Counts();
  EXPECT_EQ(counts.nodes, 0u);
  EXPECT_TRUE(this->Names("casper").empty());
  std::string v;
  EXPECT_TRUE(this->store_->GetMeta("k", &v).IsNotFound());
  EXPECT_TRUE(this->store_->Labels().empty());
  // A new transaction works after a rollback and ids stay unique.
  auto txn = this->Begin();
  NodeId n = *txn->CreateNode({"Real"}, {});
  ASSERT_OK(txn->Commit());
  EXPECT_TRUE(this->store_->NodeExists(n));
  EXPECT_EQ(this->store_->Labels(), std::vector<std::string>{"Real"});
}

TYPED_TEST(GraphStoreContract, CheckFindsNoProblemsInAHealthyStore) {
  auto txn = this->Begin();
  NodeId a = *txn->CreateNode({"P", "Q"}, {{"name", "A"}, {"aliases", PropertyValue::List{PropertyValue("Alpha")}}});
  NodeId b = *txn->CreateNode({"P"}, {{"name", "B"}});
  ASSERT_TRUE(txn->CreateEdge("r", a, b, {}).ok());
  ASSERT_TRUE(txn->CreateEdge("r", a, a, {}).ok());
  ASSERT_OK(txn->Commit());
  txn = this->Begin();
  ASSERT_OK(txn->RemoveLabel(a, "Q"));
  ASSERT_OK(txn->SetNodeProperty(b, "name", "Bee"));
  ASSERT_OK(txn->Commit());
  auto bulk = std::move(this->store_->BeginBulkLoad()).value();
  NodeId c = *bulk->AddNode({"P"}, {{"name", "C"}});
  ASSERT_TRUE(bulk->AddEdge("s", c, a, {}).ok());
  ASSERT_OK(bulk->Finish());
  CheckReport report;
  ASSERT_OK(this->store_->Check(&report));
  EXPECT_EQ(report.nodes, 3u);
  EXPECT_EQ(report.edges, 3u);
  EXPECT_EQ(report.problem_count, 0u) << report.problems[0];
  EXPECT_EQ(this->Names("alpha"), std::vector<NodeId>{a});
  EXPECT_EQ(this->Names("c"), std::vector<NodeId>{c});
}

TYPED_TEST(GraphStoreContract, OneTransactionAtATime) {
  auto txn = this->Begin();
  auto second = this->store_->BeginTransaction();
  EXPECT_TRUE(second.status().IsBusy());
  txn->Rollback();
  EXPECT_TRUE(this->store_->BeginTransaction().ok());
}

TYPED_TEST(GraphStoreContract, ReopenPersists) {
  auto txn = this->Begin();
  NodeId a = *txn->CreateNode({"Person"}, {{"name", "Ada"}});
  ASSERT_OK(txn->PutMeta("doc:1", "hash"));
  ASSERT_OK(txn->Commit());
  this->Reopen();
  NodeRecord rec;
  ASSERT_OK(this->store_->GetNode(a, &rec));
  EXPECT_EQ(rec.properties.at("name").as_string(), "Ada");
  std::string v;
  ASSERT_OK(this->store_->GetMeta("doc:1", &v));
  EXPECT_EQ(v, "hash");
  EXPECT_EQ(this->Names("ADA"), std::vector<NodeId>{a});
  // New ids never reuse old ones after reopening.
  txn = this->Begin();
  NodeId b = *txn->CreateNode({"Person"}, {});
  ASSERT_OK(txn->Commit());
  EXPECT_GT(b, a);
}

// Degree records are derived data: after any mix of transactions (self-loops, deletes, detach
// deletes) and bulk loads onto existing nodes, Degree and ScanDegrees must equal what Expand
// counts, ScanAdjacency must see each relationship once, and Check must stay clean.
TYPED_TEST(GraphStoreContract, DegreesAgreeWithAdjacencyThroughEveryKindOfWrite) {
  std::mt19937 rng(7);
  const std::vector<std::string> types = {"a", "b", "c"};
  std::vector<NodeId> nodes;
  std::vector<EdgeId> edges;
  auto verify = [&](const GraphReader& g, const std::string& when) {
    SCOPED_TRACE(when);
    const std::vector<std::vector<std::string>> filters = {{}, {"a"}, {"b", "c"}, {"zzz"}};
    std::map<NodeId, std::tuple<uint64_t, uint64_t, uint64_t>> expected;  // for filter {}
    for (NodeId n : nodes) {
      if (!g.NodeExists(n)) continue;
      for (const auto& f : filters) {
        for (Direction d : {Direction::kOut, Direction::kIn, Direction::kBoth}) {
          uint64_t count = 0;
          ASSERT_OK(g.Expand(n, d, f, [&](const AdjEntry&) {
            ++count;
            return true;
          }));
          auto deg = g.Degree(n, d, f);
          ASSERT_TRUE(deg.ok()) << deg.status().ToString();
          EXPECT_EQ(*deg, count) << "node " << n << " dir " << static_cast<int>(d)
                                 << " types " << f.size();
        }
      }
      uint64_t out = *g.Degree(n, Direction::kOut, {}), in = *g.Degree(n, Direction::kIn, {});
      uint64_t loops = out + in - *g.Degree(n, Direction::kBoth, {});
      if (out + in > 0) expected[n] = {out, in, loops};
    }
    std::map<NodeId, std::tuple<uint64_t, uint64_t, uint64_t>> scanned;
    ASSERT_OK(g.ScanDegrees({}, {}, [&](NodeId n, uint64_t out, uint64_t in, uint64_t loops) {
      scanned[n] = {out, in, loops};
      return true;
    }));
    EXPECT_EQ(scanned, expected);
    // Typed: out counts only "a", in only "b"; loops need a type counted both ways (none here).
    ASSERT_OK(g.ScanDegrees({"a"}, {"b"}, [&](NodeId n, uint64_t out, uint64_t in, uint64_t loops) {
      EXPECT_EQ(out, *g.Degree(n, Direction::kOut, {"a"}));
      EXPECT_EQ(in, *g.Degree(n, Direction::kIn, {"b"}));
      EXPECT_EQ(loops, 0u);
      return true;
    }));
    std::multiset<EdgeId> seen;
    EdgeId last = 0;
    ASSERT_OK(g.ScanAdjacency([&](NodeId source, const AdjEntry& e) {
      EXPECT_GT(e.edge, last);
      last = e.edge;
      EdgeRecord r;
      EXPECT_OK(g.GetEdge(e.edge, &r));
      EXPECT_EQ(r.source, source);
      EXPECT_EQ(r.target, e.neighbor);
      EXPECT_EQ(r.type, e.type);
      seen.insert(e.edge);
      return true;
    }));
    ASSERT_OK(g.ScanNodes([&](NodeId id) {
      EXPECT_LT(id, g.NodeIdLimit());
      return true;
    }));
    // Id ranges split the same scan: [0, k) then [k, end) for any k.
    const EdgeId limit = g.EdgeIdLimit();
    EXPECT_GT(limit, seen.empty() ? 0 : *seen.rbegin());
    for (EdgeId k : {EdgeId{1}, limit / 3, limit / 2, limit}) {
      if (k == 0) continue;  // an end of 0 means no end
      std::multiset<EdgeId> parts;
      ASSERT_OK(g.ScanAdjacencyRange(0, k, [&](NodeId, const AdjEntry& e) {
        EXPECT_LT(e.edge, k);
        parts.insert(e.edge);
        return true;
      }));
      ASSERT_OK(g.ScanAdjacencyRange(k, 0, [&](NodeId, const AdjEntry& e) {
        EXPECT_GE(e.edge, k);
        parts.insert(e.edge);
        return true;
      }));
      EXPECT_EQ(parts, seen) << "split at " << k;
    }
    uint64_t total = 0;
    ASSERT_OK(g.ScanEdges([&](const EdgeRecord& r) {
      ++total;
      EXPECT_EQ(seen.count(r.id), 1u) << "relationship " << r.id;
      return true;
    }));
    EXPECT_EQ(seen.size(), total);
  };
  for (int round = 0; round < 6; ++round) {
    auto txn = this->Begin();
    for (int i = 0; i < 8; ++i) nodes.push_back(*txn->CreateNode({"N"}, {}));
    for (int i = 0; i < 40; ++i) {
      NodeId s = nodes[rng() % nodes.size()], t = nodes[rng() % nodes.size()];
      if (rng() % 6 == 0) t = s;  // self-loops
      if (!txn->NodeExists(s) || !txn->NodeExists(t)) continue;
      edges.push_back(*txn->CreateEdge(types[rng() % 3], s, t, {}));
    }
    for (int i = 0; i < 8; ++i) {
      EdgeId e = edges[rng() % edges.size()];
      EdgeRecord r;
      if (txn->GetEdge(e, &r).ok()) ASSERT_OK(txn->DeleteEdge(e));
    }
    NodeId victim = nodes[rng() % nodes.size()];
    if (txn->NodeExists(victim)) ASSERT_OK(txn->DeleteNode(victim, /*detach=*/true));
    verify(*txn, "inside transaction " + std::to_string(round));
    ASSERT_OK(txn->Commit());
    verify(*this->store_, "after transaction " + std::to_string(round));

    auto bulk = std::move(this->store_->BeginBulkLoad()).value();
    std::vector<NodeId> live;
    for (NodeId n : nodes) {
      if (this->store_->NodeExists(n)) live.push_back(n);
    }
    for (int i = 0; i < 4; ++i) live.push_back(*bulk->AddNode({"N"}, {}));
    for (int i = 0; i < 30; ++i) {
      NodeId s = live[rng() % live.size()], t = rng() % 5 == 0 ? s : live[rng() % live.size()];
      edges.push_back(*bulk->AddEdge(types[rng() % 3], s, t, {}));
    }
    ASSERT_OK(bulk->Finish());
    for (size_t i = live.size() - 4; i < live.size(); ++i) nodes.push_back(live[i]);
    verify(*this->store_, "after bulk load " + std::to_string(round));
    CheckReport report;
    ASSERT_OK(this->store_->Check(&report));
    EXPECT_EQ(report.problem_count, 0u) << report.problems[0];
  }
  this->Reopen();
  verify(*this->store_, "after reopening");
}

// A bulk load orders its adjacency by bucketing entries per node when the relationships' ends
// are close together, and by one sort when they are spread over a much wider id range (here:
// three relationships between nodes 20,000 ids apart). Both must give every node its
// relationships in key order (type, then neighbour, then relationship id) with clean degrees.
TYPED_TEST(GraphStoreContract, BulkAdjacencyIsOrderedForCloseAndScatteredEnds) {
  auto txn = this->Begin();
  std::vector<NodeId> old_nodes;
  for (int i = 0; i < 20001; ++i) old_nodes.push_back(*txn->CreateNode({"N"}, {}));
  ASSERT_OK(txn->Commit());
  std::mt19937 rng(11);
  std::map<NodeId, std::vector<std::tuple<bool, std::string, NodeId, EdgeId>>> expected;
  std::map<NodeId, uint64_t> out_degree, in_degree;
  auto add = [&](BulkWriter* bulk, const std::string& type, NodeId s, NodeId t) {
    EdgeId e = *bulk->AddEdge(type, s, t, {});
    expected[s].emplace_back(true, type, t, e);
    ++out_degree[s];
    ++in_degree[t];
    if (s != t) expected[t].emplace_back(false, type, s, e);  // kBoth lists a self-loop once
  };
  {  // scattered: the fallback sort
    auto bulk = std::move(this->store_->BeginBulkLoad()).value();
    add(bulk.get(), "b", old_nodes[20000], old_nodes[0]);
    add(bulk.get(), "a", old_nodes[20000], old_nodes[0]);
    add(bulk.get(), "a", old_nodes[0], old_nodes[0]);
    ASSERT_OK(bulk->Finish());
  }
  {  // close together: buckets; a hub, self-loops, repeated pairs, old and new nodes
    auto bulk = std::move(this->store_->BeginBulkLoad()).value();
    std::vector<NodeId> ends(old_nodes.end() - 50, old_nodes.end());
    for (int i = 0; i < 20; ++i) ends.push_back(*bulk->AddNode({"M"}, {}));
    const std::vector<std::string> types = {"c", "a", "b"};
    for (int i = 0; i < 3000; ++i) {
      NodeId s = i % 3 == 0 ? ends[7] : ends[rng() % ends.size()];
      NodeId t = rng() % 10 == 0 ? s : ends[rng() % ends.size()];
      add(bulk.get(), types[rng() % types.size()], s, t);
    }
    ASSERT_OK(bulk->Finish());
  }
  // Types are keyed by their interned id, given in order of first use: b, a, c.
  const std::map<std::string, int> type_rank = {{"b", 0}, {"a", 1}, {"c", 2}};
  for (auto& [node, want] : expected) {
    // Expand lists outgoing then incoming, each in key order.
    std::sort(want.begin(), want.end(), [&](const auto& x, const auto& y) {
      return std::make_tuple(!std::get<0>(x), type_rank.at(std::get<1>(x)), std::get<2>(x),
                             std::get<3>(x)) <
             std::make_tuple(!std::get<0>(y), type_rank.at(std::get<1>(y)), std::get<2>(y),
                             std::get<3>(y));
    });
    std::vector<std::tuple<bool, std::string, NodeId, EdgeId>> got;
    ASSERT_OK(this->store_->Expand(node, Direction::kBoth, {}, [&](const AdjEntry& a) {
      got.emplace_back(a.outgoing, std::string(a.type), a.neighbor, a.edge);
      return true;
    }));
    ASSERT_EQ(got, want) << "node " << node;
    EXPECT_EQ(*this->store_->Degree(node, Direction::kOut, {}), out_degree[node]);
    EXPECT_EQ(*this->store_->Degree(node, Direction::kIn, {}), in_degree[node]);
  }
  CheckReport report;
  ASSERT_OK(this->store_->Check(&report));
  EXPECT_EQ(report.problem_count, 0u) << report.problems[0];
}

// Many degree lookups switch a store to an in-memory degree table; it must give the same
// answers and follow later writes.
TYPED_TEST(GraphStoreContract, DegreeTableAfterManyLookupsFollowsWrites) {
  auto txn = this->Begin();
  std::vector<NodeId> nodes;
  for (int i = 0; i < 30; ++i) nodes.push_back(*txn->CreateNode({"N"}, {}));
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(txn->CreateEdge("r", nodes[i], nodes[(i * 7) % 30], {}).ok());
    ASSERT_TRUE(txn->CreateEdge("s", nodes[(i * 11) % 30], nodes[i], {}).ok());
  }
  ASSERT_OK(txn->Commit());
  auto expected = [&](NodeId n, Direction d) { return uint64_t{this->Adj(n, d).size()}; };
  std::vector<NodeId> many;
  for (int i = 0; i < 5000; ++i) many.push_back(nodes[i % 30]);
  for (int round = 0; round < 2; ++round) {
    for (Direction d : {Direction::kOut, Direction::kIn, Direction::kBoth}) {
      std::vector<uint64_t> got;
      ASSERT_OK(this->store_->Degrees(many, d, {}, &got));  // builds the table
      ASSERT_OK(this->store_->Degrees(many, d, {}, &got));  // answers from it
      for (size_t i = 0; i < 30; ++i) EXPECT_EQ(got[i], expected(many[i], d)) << i;
      EXPECT_EQ(*this->store_->Degree(nodes[3], d, {}), expected(nodes[3], d));
      EXPECT_EQ(*this->store_->Degree(99999, d, {}), 0u);
    }
    // Whole scans answer from the table too, skipping nodes without relationships.
    size_t visited = 0;
    ASSERT_OK(this->store_->ScanDegrees({}, {}, [&](NodeId n, uint64_t out, uint64_t in,
                                                    uint64_t loops) {
      ++visited;
      EXPECT_EQ(out, expected(n, Direction::kOut)) << n;
      EXPECT_EQ(in, expected(n, Direction::kIn)) << n;
      EXPECT_EQ(out + in - loops, expected(n, Direction::kBoth)) << n;
      EXPECT_GT(out + in, 0u);
      return true;
    }));
    EXPECT_EQ(visited, round == 0 ? 30u : 29u);
    txn = this->Begin();
    ASSERT_TRUE(txn->CreateEdge("r", nodes[3], nodes[3], {}).ok());
    ASSERT_OK(txn->DeleteNode(nodes[4 + round], /*detach=*/true));
    ASSERT_OK(txn->Commit());
  }
}

// RocksDB-only behaviour.
class RocksDbStoreTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

// A database creation killed before RocksDB wrote CURRENT leaves its bookkeeping files behind;
// the next writer creates the database over them. A directory holding anything else is refused.
TEST_F(RocksDbStoreTest, CreationCutShortIsCreatedOverButOtherFilesAreRefused) {
  namespace fs = std::filesystem;
  std::string cut = dir_.Sub("cut");
  fs::create_directories(cut);
  for (const char* f : {"LOCK", "LOG", "IDENTITY", "MANIFEST-000001", "000001.dbtmp"}) {
    std::ofstream(fs::path(cut) / f) << "x";
  }
  {
    auto s = OpenRocksDbStore(cut, {});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto txn = (*s)->BeginTransaction();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->CreateNode({"Person"}, {}).ok());
    ASSERT_OK((*txn)->Commit());
  }
  auto again = OpenRocksDbStore(cut, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->Counts()->nodes, 1u);

  std::string other = dir_.Sub("other");
  fs::create_directories(other);
  std::ofstream(fs::path(other) / "LOCK") << "x";
  std::ofstream(fs::path(other) / "notes.txt") << "mine";
  auto refused = OpenRocksDbStore(other, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("is not empty and holds no kg database"),
            std::string::npos)
      << refused.status().ToString();
  EXPECT_TRUE(fs::exists(fs::path(other) / "notes.txt"));
}

// A bulk load writes its records into files before it ingests them. An abandoned load leaves
// neither records nor files, and files left by a killed load are removed when the database is
// next opened for writing.
TEST_F(RocksDbStoreTest, AbandonedBulkLoadLeavesNoRecordsAndStaleFilesAreRemoved) {
  namespace fs = std::filesystem;
  std::string path = dir_.Sub("bulk");
  {
    auto s = OpenRocksDbStore(path, {});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto bulk = std::move((*s)->BeginBulkLoad()).value();
    std::vector<NodeId> nodes;
    for (int i = 0; i < 70000; ++i) nodes.push_back(*bulk->AddNode({"N"}, {}));  // > a chunk
    for (int i = 0; i < 70000; ++i) {
      ASSERT_TRUE(bulk->AddEdge("r", nodes[i], nodes[(i * 7) % 70000], {}).ok());
    }
    bulk.reset();  // abandoned
    EXPECT_EQ((*s)->Counts()->nodes, 0u);
    EXPECT_EQ((*s)->Counts()->edges, 0u);
    EXPECT_FALSE(fs::exists(fs::path(path) / "bulk-load.tmp") &&
                 !fs::is_empty(fs::path(path) / "bulk-load.tmp"));
    auto again = std::move((*s)->BeginBulkLoad()).value();
    NodeId a = *again->AddNode({"N"}, {{"name", "a"}});
    ASSERT_TRUE(again->AddEdge("r", a, a, {}).ok());
    ASSERT_OK(again->Finish());
    EXPECT_EQ((*s)->Counts()->nodes, 1u);
    // A finished load leaves no files behind (also none for the indexes it had nothing for).
    EXPECT_FALSE(fs::exists(fs::path(path) / "bulk-load.tmp"));
    CheckReport report;
    ASSERT_OK((*s)->Check(&report));
    EXPECT_EQ(report.problem_count, 0u) << report.problems[0];
  }
  fs::create_directories(fs::path(path) / "bulk-load.tmp");
  std::ofstream(fs::path(path) / "bulk-load.tmp" / "f7.sst") << "left by a killed load";
  auto s = OpenRocksDbStore(path, {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE(fs::exists(fs::path(path) / "bulk-load.tmp"));
  EXPECT_EQ((*s)->Counts()->edges, 1u);
}

TEST_F(RocksDbStoreTest, SecondWriterGetsClearBusyError) {
  std::string path = dir_.Sub("db");
  { ASSERT_TRUE(OpenRocksDbStore(path, {}).ok()); }
  // Another process holds the database open for writing.
  int ready[2], done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  pid_t pid = fork();
  if (pid == 0) {
    auto holder = OpenRocksDbStore(path, {});
    char c = holder.ok() ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    (void)!read(done[0], &c, 1);
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto second = OpenRocksDbStore(path, {});
  (void)!write(done[1], &c, 1);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.status().IsBusy()) << second.status().ToString();
  EXPECT_EQ(second.status().message(), "database " + path + " is in use by another kg process");
  // Read-only access still works while the writer is away or present.
  OpenOptions ro;
  ro.read_only = true;
  EXPECT_TRUE(OpenRocksDbStore(path, ro).ok());
}

TEST_F(RocksDbStoreTest, ReadOnlyOpenWorksBesideAWriter) {
  std::string path = dir_.Sub("db");
  auto writer = OpenRocksDbStore(path, {});
  ASSERT_TRUE(writer.ok());
  auto txn = std::move((*writer)->BeginTransaction()).value();
  NodeId a = *txn->CreateNode({"P"}, {{"name", "A"}});
  ASSERT_OK(txn->Commit());
  OpenOptions ro;
  ro.read_only = true;
  auto reader = OpenRocksDbStore(path, ro);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE((*reader)->NodeExists(a));
  EXPECT_FALSE((*reader)->BeginTransaction().ok());
}

// A writer that reopens the database moves the last run's write-ahead log into a table and
// deletes the log; a read-only open at that moment must not see a database without those writes.
// A thread reopens and writes over and over while this one opens read-only (RocksDB's read-only
// opens take no lock, so both work in one process; a forked child would inherit RocksDB's thread
// pool without its threads): the node count the reader sees never falls.
TEST_F(RocksDbStoreTest, ReadOnlyOpensBesideAReopeningWriterSeeEveryCommit) {
  std::string path = dir_.Sub("db");
  {
    auto s = OpenRocksDbStore(path, {});
    ASSERT_TRUE(s.ok());
    auto txn = std::move((*s)->BeginTransaction()).value();
    ASSERT_TRUE(txn->CreateNode({"P"}, {}).ok());
    ASSERT_OK(txn->Commit());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::string writer_error;
  std::thread writer([&] {
    while (!stop.load()) {
      auto s = OpenRocksDbStore(path, {});
      if (!s.ok()) {
        writer_error = s.status().ToString();
        return;
      }
      auto txn = std::move((*s)->BeginTransaction()).value();
      Status c = txn->CreateNode({"P"}, {}).status();
      if (c.ok()) c = txn->Commit();
      if (!c.ok()) {
        writer_error = c.ToString();
        return;
      }
      ++commits;
    }
  });
  OpenOptions ro;
  ro.read_only = true;
  uint64_t seen = 1;
  int opens = 0;
  std::string failure;
  // At least 20 opens and 5 of the writer's reopens (the deadline only guards against a hang; a
  // sanitizer build opens several times slower).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (; (opens < 20 || commits.load() < 5) && failure.empty() &&
         std::chrono::steady_clock::now() < deadline;
       ++opens) {
    auto r = OpenRocksDbStore(path, ro);
    if (!r.ok()) {
      failure = "open " + std::to_string(opens) + ": " + r.status().ToString();
      break;
    }
    auto counts = (*r)->Counts();
    if (!counts.ok() || counts->nodes < seen) {
      failure = "open " + std::to_string(opens) + " saw " +
                (counts.ok() ? std::to_string(counts->nodes) : counts.status().ToString()) +
                " nodes after " + std::to_string(seen);
    } else {
      seen = counts->nodes;
    }
  }
  stop = true;
  writer.join();
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_TRUE(writer_error.empty()) << writer_error;
  EXPECT_GE(opens, 20);
  EXPECT_GE(commits.load(), 5);
}

TEST_F(RocksDbStoreTest, ErrorsNameThePath) {
  OpenOptions ro;
  ro.read_only = true;
  auto missing = OpenRocksDbStore(dir_.Sub("nope"), ro);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(dir_.Sub("nope")), std::string::npos);

  std::string file = dir_.Sub("file");
  FILE* f = fopen(file.c_str(), "w");
  fputs("x", f);
  fclose(f);
  auto not_dir = OpenRocksDbStore(file, {});
  ASSERT_FALSE(not_dir.ok());
  EXPECT_NE(not_dir.status().message().find(file), std::string::npos);

  if (geteuid() != 0) {
    std::string locked = dir_.Sub("locked");
    std::filesystem::create_directories(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    auto denied = OpenRocksDbStore(locked + "/db", {});
    EXPECT_FALSE(denied.ok());
  }
}

TEST_F(RocksDbStoreTest, CheckReportsAMissingAdjacencyEntry) {
  std::string path = dir_.Sub("db");
  {
    auto s = OpenRocksDbStore(path, {});
    ASSERT_TRUE(s.ok());
    auto txn = std::move((*s)->BeginTransaction()).value();
    NodeId a = *txn->CreateNode({"P"}, {{"name", "A"}});
    NodeId b = *txn->CreateNode({"P"}, {{"name", "B"}});
    ASSERT_TRUE(txn->CreateEdge("r", a, b, {}).ok());
    ASSERT_OK(txn->Commit());
  }
  {
    // Damage the store behind kg's back: drop the first adjacency entry.
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* n : {"default", "nodes", "edges", "adj", "labels", "names", "deg"}) {
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &db).ok());
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[3]));
    it->SeekToFirst();
    ASSERT_TRUE(it->Valid());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[3], it->key()).ok());
    it.reset();
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto s = OpenRocksDbStore(path, {});
  ASSERT_TRUE(s.ok());
  CheckReport report;
  ASSERT_OK((*s)->Check(&report));
  // The relationship misses its outgoing entry, and node A's degree record no longer agrees.
  ASSERT_EQ(report.problem_count, 2u);
  EXPECT_NE(report.problems[0].find("missing from the outgoing adjacency"), std::string::npos)
      << report.problems[0];
  EXPECT_NE(report.problems[1].find("degree record of node"), std::string::npos)
      << report.problems[1];
}

// A kg-store-1 database (no degree records) is still read correctly read-only, and gains its
// degree records when first opened for writing.
TEST_F(RocksDbStoreTest, OlderSchemaWithoutDegreesIsReadAndUpgraded) {
  std::string path = dir_.Sub("db");
  NodeId a = 0, b = 0;
  {
    auto s = OpenRocksDbStore(path, {});
    ASSERT_TRUE(s.ok());
    auto txn = std::move((*s)->BeginTransaction()).value();
    a = *txn->CreateNode({"P"}, {{"name", "A"}});
    b = *txn->CreateNode({"P"}, {{"name", "B"}});
    ASSERT_TRUE(txn->CreateEdge("r", a, b, {}).ok());
    ASSERT_TRUE(txn->CreateEdge("r", a, a, {}).ok());
    ASSERT_OK(txn->Commit());
  }
  {
    // Turn it into what kg-store-1 wrote: no deg column family, the old version record.
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* n : {"default", "nodes", "edges", "adj", "labels", "names", "deg"}) {
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[0], "v", "kg-store-1").ok());
    ASSERT_TRUE(db->DropColumnFamily(handles[6]).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  {
    auto ro = OpenRocksDbStore(path, {.read_only = true});
    ASSERT_TRUE(ro.ok()) << ro.status().ToString();
    EXPECT_EQ(*(*ro)->Degree(a, Direction::kOut, {}), 2u);
    EXPECT_EQ(*(*ro)->Degree(a, Direction::kBoth, {}), 2u);
    EXPECT_EQ(*(*ro)->Degree(b, Direction::kIn, {"r"}), 1u);
    CheckReport report;
    ASSERT_OK((*ro)->Check(&report));
    EXPECT_EQ(report.problem_count, 0u) << report.problems[0];
  }
  auto rw = OpenRocksDbStore(path, {});
  ASSERT_TRUE(rw.ok()) << rw.status().ToString();
  EXPECT_EQ(*(*rw)->Degree(a, Direction::kBoth, {"r"}), 2u);
  CheckReport report;
  ASSERT_OK((*rw)->Check(&report));
  EXPECT_EQ(report.problem_count, 0u) << report.problems[0];
  EXPECT_GT(report.index_entries, 4u);  // the adjacency entries plus two degree records
  rw->reset();
  auto again = OpenRocksDbStore(path, {.read_only = true});
  ASSERT_TRUE(again.ok());
  uint64_t records = 0;
  ASSERT_OK((*again)->ScanDegrees({}, {}, [&](NodeId, uint64_t, uint64_t, uint64_t) {
    ++records;
    return true;
  }));
  EXPECT_EQ(records, 2u);
}

TEST_F(RocksDbStoreTest, OtherSchemaVersionIsRefusedWithBothVersions) {
  std::string path = dir_.Sub("db");
  { ASSERT_TRUE(OpenRocksDbStore(path, {}).ok()); }
  {
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* n : {"default", "nodes", "edges", "adj", "labels", "names", "deg"}) {
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[0], "v", "kg-store-999").ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto s = OpenRocksDbStore(path, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("kg-store-999"), std::string::npos) << s.status().ToString();
  EXPECT_NE(s.status().message().find("kg-store-2"), std::string::npos) << s.status().ToString();
  EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().ToString();
}

TEST_F(RocksDbStoreTest, CorruptedFilesGiveCorruptionNotCrash) {
  std::string path = dir_.Sub("db");
  {
    auto s = OpenRocksDbStore(path, {});
    ASSERT_TRUE(s.ok());
    auto txn = std::move((*s)->BeginTransaction()).value();
    ASSERT_TRUE(txn->CreateNode({"P"}, {{"name", "A"}}).ok());
    ASSERT_OK(txn->Commit());
  }
  // Overwrite the MANIFEST pointer with garbage.
  FILE* f = fopen((path + "/CURRENT").c_str(), "w");
  fputs("MANIFEST-999999\n", f);
  fclose(f);
  auto s = OpenRocksDbStore(path, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().ToString();
}

}  // namespace
}  // namespace kg::graph

namespace kg::graph {
namespace {

// A writer process is SIGKILLed at random moments while committing batches of 500 nodes and
// 500 edges; after every kill the reopened store holds only whole batches, and its counts,
// label index, name index and adjacency agree with the records.
TEST(RocksDbCrashTest, KilledWriterLeavesOnlyWholeBatches) {
  kg::testing::TempDir dir;
  std::string path = dir.Sub("db");
  constexpr int kBatch = 500;
  std::mt19937 rng(1234);
  for (int round = 0; round < 8; ++round) {
    pid_t pid = fork();
    if (pid == 0) {
      auto store = OpenRocksDbStore(path, {});
      if (!store.ok()) _exit(3);
      for (int b = 0;; ++b) {
        auto txn = std::move((*store)->BeginTransaction()).value();
        NodeId prev = 0;
        for (int i = 0; i < kBatch; ++i) {
          NodeId n = *txn->CreateNode({"Item"}, {{"name", "item " + std::to_string(round) + "-" +
                                                          std::to_string(b) + "-" +
                                                          std::to_string(i)}});
          if (prev != 0) (void)txn->CreateEdge("next", prev, n, {});
          prev = n;
        }
        (void)txn->CreateEdge("next", prev, prev, {});
        if (!txn->Commit().ok()) _exit(4);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 150));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited early with " << WEXITSTATUS(status);

    auto store = OpenRocksDbStore(path, {});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto counts = (*store)->Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->nodes % kBatch, 0u) << "round " << round;
    EXPECT_EQ(counts->edges, counts->nodes) << "round " << round;
    uint64_t scanned = 0, labelled = 0, adj_out = 0;
    ASSERT_OK((*store)->ScanNodes([&](NodeId n) {
      ++scanned;
      adj_out += *(*store)->Degree(n, Direction::kOut, {});
      return true;
    }));
    ASSERT_OK((*store)->ScanNodesByLabel("Item", [&](NodeId) { return ++labelled, true; }));
    EXPECT_EQ(scanned, counts->nodes);
    EXPECT_EQ(labelled, counts->nodes);
    EXPECT_EQ(adj_out, counts->edges);
    uint64_t named = 0;
    ASSERT_OK((*store)->ScanNodes([&](NodeId n) {
      NodeRecord rec;
      EXPECT_OK((*store)->GetNode(n, &rec));
      std::vector<NodeId> found;
      EXPECT_OK((*store)->FindByName(rec.properties.at("name").as_string(), &found));
      named += found == std::vector<NodeId>{n};
      return true;
    }));
    EXPECT_EQ(named, counts->nodes);
    CheckReport report;
    ASSERT_OK((*store)->Check(&report));
    EXPECT_EQ(report.problem_count, 0u) << (report.problems.empty() ? "" : report.problems[0]);
  }
}

}  // namespace
}  // namespace kg::graph
