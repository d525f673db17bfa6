// Throughput of the NLP core over the BBC news articles in ../shared/datasets/news/bbc/:
// tokenize only, and tokenize+tag+parse+entities (one thread = one core). Reports sentences/s
// and the memory held by the loaded models. Skips with a message when the data is absent.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/nlp/nlp_pipeline.h"
#include "ingest/nlp/text.h"

namespace {

namespace fs = std::filesystem;
namespace nlp = kg::ingest::nlp;

const std::vector<std::string>& Articles() {
  static std::vector<std::string> docs = [] {
    std::vector<std::string> out;
    fs::path dir = fs::path(KG_SOURCE_DIR).parent_path() / "shared/datasets/news/bbc";
    if (!fs::exists(dir)) return out;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".txt" &&
          e.path().filename() != "ORIGINAL-README.TXT") {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }();
  return docs;
}

const nlp::NlpPipeline* Pipeline() {
  static std::unique_ptr<nlp::NlpPipeline> p = [] {
    auto r = nlp::NlpPipeline::Load(nlp::NlpPipeline::DefaultModelDir());
    if (!r.ok()) {
      std::cerr << "nlp_bench: " << r.status().ToString() << "\n";
      return std::unique_ptr<nlp::NlpPipeline>();
    }
    return std::move(r).value();
  }();
  return p.get();
}

void BM_Tokenize(benchmark::State& state) {
  const auto& docs = Articles();
  if (docs.empty()) {
    state.SkipWithError("../shared/datasets/news/bbc is absent; nothing to measure");
    return;
  }
  size_t sentences = 0, bytes = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto clean = nlp::CleanUtf8(d);
      for (auto s : nlp::SplitSentences(clean.text)) {
        auto toks = nlp::Tokenize(clean.text, s);
        benchmark::DoNotOptimize(toks.data());
        ++sentences;
      }
      bytes += d.size();
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(sentences, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_Annotate(benchmark::State& state) {
  const auto& docs = Articles();
  if (docs.empty()) {
    state.SkipWithError("../shared/datasets/news/bbc is absent; nothing to measure");
    return;
  }
  const nlp::NlpPipeline* p = Pipeline();
  if (!p) {
    state.SkipWithError("models not loadable; run kg train (see stderr)");
    return;
  }
  size_t sentences = 0, tokens = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto r = p->Annotate(d);
      if (!r.ok()) continue;
      sentences += r->size();
      for (const auto& s : *r) tokens += s.tokens.size();
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(sentences, benchmark::Counter::kIsRate);
  state.counters["tokens/s"] = benchmark::Counter(tokens, benchmark::Counter::kIsRate);
  state.counters["model_MiB"] = static_cast<double>(p->MemoryBytes()) / (1 << 20);
}
BENCHMARK(BM_Annotate)->Unit(benchmark::kMillisecond)->Iterations(1);

// Pre-tokenized sentences of all articles, for the per-stage benchmarks.
std::vector<kg::ingest::Sentence> Tokenized() {
  std::vector<kg::ingest::Sentence> out;
  for (const auto& d : Articles()) {
    auto clean = nlp::CleanUtf8(d);
    for (auto span : nlp::SplitSentences(clean.text)) {
      kg::ingest::Sentence s;
      for (auto t : nlp::Tokenize(clean.text, span)) {
        kg::ingest::Token tok;
        tok.text = clean.text.substr(t.begin, t.end - t.begin);
        s.tokens.push_back(std::move(tok));
      }
      if (!s.tokens.empty() && s.tokens.size() <= nlp::kMaxSentenceTokens) {
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

// Stage 0 = tag+lemmatize, 1 = parse, 2 = entities (each on the output of the previous ones).
void BM_Stage(benchmark::State& state) {
  const nlp::NlpPipeline* p = Pipeline();
  if (Articles().empty() || !p) {
    state.SkipWithError("BBC articles or models absent");
    return;
  }
  auto sentences = Tokenized();
  const int stage = static_cast<int>(state.range(0));
  for (auto& s : sentences) {
    if (stage > 0) p->Tag(&s);
    if (stage > 1) p->Parse(&s);
  }
  size_t n = 0;
  for (auto _ : state) {
    for (auto& s : sentences) {
      if (stage == 0) p->Tag(&s);
      if (stage == 1) p->Parse(&s);
      if (stage == 2) p->FindEntities(&s);
      ++n;
    }
  }
  state.SetLabel(stage == 0 ? "tag+lemma" : stage == 1 ? "parse" : "entities");
  state.counters["sentences/s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Stage)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
