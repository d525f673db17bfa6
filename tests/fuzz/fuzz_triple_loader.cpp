// libFuzzer target: `kg load` on arbitrary bytes. The first byte picks TSV or CSV and whether
// the first line is a header; the rest is the file. Loads into an in-memory store and then runs
// the store's integrity check, which must find nothing.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "graph/graph_store.h"
#include "graph/triple_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  kg::graph::LoadOptions options;
  options.format = (data[0] & 1) ? kg::graph::LoadOptions::Format::kCsv
                                 : kg::graph::LoadOptions::Format::kTsv;
  options.header = (data[0] & 2) != 0;
  if (options.header && (data[0] & 4)) {
    options.subject_column = "s";
    options.relation_column = "r";
    options.object_column = "o";
  }
  options.chunk_rows = 1 + data[0] % 7;  // several commits per input
  std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto store = kg::graph::NewMemoryStore();
  std::vector<std::string> errors;
  {
    kg::graph::TripleLoader loader(store.get(), options);
    std::istringstream in(content);
    kg::Status s = loader.Load(in, "fuzz.tsv", &errors);
    if (s.ok()) {
      s = loader.Finish();
    }
    (void)s;  // header errors are reported as a Status, not a crash
  }
  kg::graph::CheckReport report;
  kg::Status s = store->Check(&report);
  if (!s.ok() || !report.problems.empty()) {
    std::fprintf(stderr, "integrity check after load: %s %s\n", s.ToString().c_str(),
                 report.problems.empty() ? "" : report.problems[0].c_str());
    std::abort();
  }
  return 0;
}
