// libFuzzer target: the whole text pipeline on arbitrary bytes. The first byte picks the reader
// (text, Markdown, HTML, JSONL); the rest is the file content, read by ingest/reader, then
// sentence splitting, tokenization, tagging, lemmas, parsing and entities with the committed
// models (datasets/models), then triple extraction.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "ingest/ingest_pipeline.h"
#include "ingest/nlp/nlp_pipeline.h"
#include "ingest/reader/reader.h"

namespace {

const kg::ingest::nlp::NlpPipeline* Pipeline() {
  static std::unique_ptr<kg::ingest::nlp::NlpPipeline> pipeline = [] {
    auto p = kg::ingest::nlp::NlpPipeline::Load(kg::ingest::nlp::NlpPipeline::DefaultModelDir());
    if (!p.ok()) {
      std::fprintf(stderr, "fuzz_text_pipeline: %s\n", p.status().ToString().c_str());
      std::abort();
    }
    return std::move(p).value();
  }();
  return pipeline.get();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Pipeline();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  static const char* kPaths[] = {"in.txt", "in.md", "in.html", "in.jsonl"};
  std::string_view path = kPaths[data[0] % 4];
  std::string_view content(reinterpret_cast<const char*>(data) + 1, size - 1);
  kg::ingest::ReadBatch batch;
  kg::ingest::ReadContent(path, content, kg::ingest::ReadOptions{}, &batch);
  const auto* pipeline = Pipeline();
  kg::ingest::Annotator annotate = [pipeline](std::string_view text) {
    return pipeline->Annotate(text);
  };
  for (const kg::ingest::Document& doc : batch.documents) {
    std::vector<kg::ingest::Sentence> sentences;
    auto x = kg::ingest::AnnotateAndExtract(annotate, doc, &sentences);
    (void)x;
  }
  return 0;
}
