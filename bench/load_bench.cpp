// Bulk-load benchmark: loads a triple file into a fresh RocksDB store through TripleLoader (the
// code behind `kg load`) and prints triples/s and peak memory.
//   load_bench EDGES.csv [--names NODES.csv] [--columns src,rel,dst] [--tsv] [--db DIR] [--reps N]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "graph/graph_store.h"
#include "graph/triple_loader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: load_bench FILE... [--names F | --nodes F] [--columns S,R,O] [--tsv] [--db DIR] "
                 "[--reps N]\n");
    return 2;
  }
  std::vector<std::string> files;
  std::string names_file, columns, db = "/tmp/kg-load-bench.db";
  bool tsv = false;
  bool all_nodes = false;
  std::vector<std::string> node_ids;
  int reps = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--names" && i + 1 < argc) {
      names_file = argv[++i];
    } else if (a == "--nodes" && i + 1 < argc) {
      names_file = argv[++i];
      all_nodes = true;
    } else if (a == "--columns" && i + 1 < argc) {
      columns = argv[++i];
    } else if (a == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else if (a == "--reps" && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--tsv") {
      tsv = true;
    } else {
      files.push_back(a);
    }
  }
  kg::graph::LoadOptions opts;
  opts.format = tsv ? kg::graph::LoadOptions::Format::kTsv : kg::graph::LoadOptions::Format::kCsv;
  opts.header = !tsv;
  if (!columns.empty()) {
    size_t a = columns.find(','), b = columns.rfind(',');
    opts.subject_column = columns.substr(0, a);
    opts.relation_column = columns.substr(a + 1, b - a - 1);
    opts.object_column = columns.substr(b + 1);
  }
  std::unordered_map<std::string, std::string> names;
  if (!names_file.empty()) {
    kg::Status s = kg::graph::ReadNamesFile(names_file, &names, all_nodes ? &node_ids : nullptr);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    opts.names = &names;
  }
  std::vector<double> times;
  uint64_t rows = 0;
  for (int r = 0; r < reps; ++r) {
    std::filesystem::remove_all(db);
    auto start = std::chrono::steady_clock::now();
    {
      auto store = kg::graph::OpenRocksDbStore(db, {});
      if (!store.ok()) {
        std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
        return 1;
      }
      kg::graph::TripleLoader loader(store->get(), opts);
      std::vector<std::string> errors;
      if (kg::Status s = loader.AddNodes(node_ids); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
      for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        kg::Status s = loader.Load(in, f, &errors);
        if (!s.ok()) {
          std::fprintf(stderr, "%s\n", s.ToString().c_str());
          return 1;
        }
      }
      auto parsed = std::chrono::steady_clock::now();
      kg::Status s = loader.Finish();
      std::fprintf(stderr, "  rep %d: read+resolve %.3f s, finish (sort, write, ingest) %.3f s\n", r,
                   std::chrono::duration<double>(parsed - start).count(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - parsed).count());
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
      rows = loader.stats().rows;
    }
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("bulk_load rows=%llu median_s=%.3f triples_per_s=%.0f peak_rss_mb=%.1f\n",
              static_cast<unsigned long long>(rows), median, rows / median, ru.ru_maxrss / 1024.0);
  std::filesystem::remove_all(db);
  return 0;
}
