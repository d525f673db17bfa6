// Google Benchmark micro-benchmarks of the store and view hot paths that the query and algorithm
// benchmarks (query_bench) rest on: key and record encoding, adjacency expansion and degree
// lookups on RocksDB, building the CSR view and PageRank on it.
//   micro_bench [--benchmark_filter=REGEX]     env: KG_MICRO_EDGES (default 200000)
// The graph is random (nodes = edges / 10, four relationship types), bulk-loaded once into a
// temporary RocksDB directory that is removed at exit. NLP hot paths are in nlp_bench.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "graph/algorithms.h"
#include "graph/csr_view.h"
#include "graph/graph_store.h"
#include "graph/key_codec.h"

namespace {

using namespace kg::graph;

uint64_t EdgeCount() {
  const char* e = std::getenv("KG_MICRO_EDGES");
  return e ? std::max<uint64_t>(1000, std::strtoull(e, nullptr, 10)) : 200000;
}

// One store for the whole run, loaded on first use.
struct Fixture {
  std::string dir;
  std::unique_ptr<GraphStore> store;
  std::vector<NodeId> nodes;

  Fixture() {
    dir = (std::filesystem::temp_directory_path() /
           ("kg-micro-bench-" + std::to_string(::getpid())))
              .string();
    auto s = OpenRocksDbStore(dir, OpenOptions());
    if (!s.ok()) {
      std::fprintf(stderr, "micro_bench: %s\n", s.status().ToString().c_str());
      std::exit(1);
    }
    store = std::move(*s);
    const uint64_t m = EdgeCount(), n = m / 10;
    auto w = store->BeginBulkLoad();
    if (!w.ok()) std::exit(1);
    std::mt19937_64 rng(42);
    for (uint64_t i = 0; i < n; ++i) {
      Properties p;
      p["name"] = PropertyValue("node" + std::to_string(i));
      nodes.push_back(*(*w)->AddNode({"Node"}, p));
    }
    const char* types[] = {"KNOWS", "WORKS_AT", "MEETS", "CALLS"};
    for (uint64_t i = 0; i < m; ++i) {
      (void)(*w)->AddEdge(types[rng() % 4], nodes[rng() % n], nodes[rng() % n], Properties());
    }
    if (!(*w)->Finish().ok()) std::exit(1);
  }
  ~Fixture() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

Fixture& F() {
  static Fixture f;
  return f;
}

void BM_AdjKeyEncode(benchmark::State& state) {
  uint64_t i = 0;
  for (auto _ : state) {
    std::string k = codec::AdjKey(i, 0, 3, i * 7, i * 13);
    benchmark::DoNotOptimize(k);
    ++i;
  }
}
BENCHMARK(BM_AdjKeyEncode);

void BM_AdjKeyParse(benchmark::State& state) {
  const std::string k = codec::AdjKey(123456, 1, 3, 987654, 55555);
  codec::AdjKeyParts p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec::ParseAdjKey(k, &p));
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_AdjKeyParse);

void BM_EdgeRecordRoundTrip(benchmark::State& state) {
  codec::StoredEdge e;
  e.type = 3;
  e.source = 123456;
  e.target = 654321;
  e.props.emplace_back(1, PropertyValue("the evidence sentence, about sixty bytes long......"));
  e.props.emplace_back(2, PropertyValue(int64_t{42}));
  codec::StoredEdge out;
  for (auto _ : state) {
    std::string v = codec::EncodeEdge(e);
    benchmark::DoNotOptimize(codec::DecodeEdge(v, &out));
  }
}
BENCHMARK(BM_EdgeRecordRoundTrip);

void BM_DecodeEdgeEnds(benchmark::State& state) {
  codec::StoredEdge e;
  e.type = 3;
  e.source = 123456;
  e.target = 654321;
  const std::string v = codec::EncodeEdge(e);
  uint32_t t;
  uint64_t s, d;
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec::DecodeEdgeEnds(v, &t, &s, &d));
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_DecodeEdgeEnds);

// One node's outgoing relationships (about ten) from RocksDB's adjacency keys.
void BM_ExpandOut(benchmark::State& state) {
  auto& f = F();
  std::mt19937_64 rng(1);
  uint64_t seen = 0;
  for (auto _ : state) {
    NodeId n = f.nodes[rng() % f.nodes.size()];
    (void)f.store->Expand(n, Direction::kOut, {}, [&](const AdjEntry& e) {
      seen += e.neighbor;
      return true;
    });
  }
  benchmark::DoNotOptimize(seen);
}
BENCHMARK(BM_ExpandOut);

// A batch of 64 degree lookups (MultiGet on the degree records, or the in-memory table once the
// store has answered enough of them).
void BM_Degrees64(benchmark::State& state) {
  auto& f = F();
  std::mt19937_64 rng(2);
  std::vector<NodeId> batch(64);
  std::vector<uint64_t> out;
  for (auto _ : state) {
    for (auto& n : batch) n = f.nodes[rng() % f.nodes.size()];
    (void)f.store->Degrees(batch, Direction::kBoth, {}, &out);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Degrees64);

// Building the CSR view of the whole graph: arg 1 on one thread, 0 on the cores.
void BM_CsrBuild(benchmark::State& state) {
  auto& f = F();
  const uint64_t parallel_from = state.range(0) == 1 ? UINT64_MAX : 1;
  for (auto _ : state) {
    auto v = CsrView::Build(*f.store, CsrFilter(), parallel_from);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations() * EdgeCount());
}
BENCHMARK(BM_CsrBuild)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_PageRank20(benchmark::State& state) {
  auto& f = F();
  auto v = CsrView::Build(*f.store);
  algo::PageRankOptions o;
  o.iterations = 20;
  o.tolerance = 0;
  for (auto _ : state) {
    auto r = algo::PageRank(**v, o);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 20 * EdgeCount());
}
BENCHMARK(BM_PageRank20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
