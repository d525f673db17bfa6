// kg extract, kg ingest: articles to triples (printed) or into the graph.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/store_access.h"
#include "ingest/extract/conllu.h"
#include "ingest/extract/extraction.h"
#include "ingest/extract/triple_output.h"
#include "ingest/ingest_pipeline.h"
#include "ingest/nlp/nlp_pipeline.h"
#include "ingest/reader/reader.h"

namespace kg::cli {
namespace {

namespace nlp = kg::ingest::nlp;
using ingest::Document;
using ingest::Extraction;

struct ExtractArgs {
  std::vector<std::string> files;
  std::string format = "tsv";
  bool sentences = false;
  bool conllu = false;
  std::string models;
};

struct IngestArgs {
  std::vector<std::string> paths;
  int threads = 1;
  std::string models;
};

Result<std::string> ReadAll(const std::string& f) {
  std::ostringstream ss;
  if (f == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(f, std::ios::binary);
  if (!in) return Status::IOError(f + ": cannot open");
  ss << in.rdbuf();
  return ss.str();
}

Result<std::unique_ptr<nlp::NlpPipeline>> LoadModels(const std::string& dir) {
  return nlp::NlpPipeline::Load(dir.empty() ? nlp::NlpPipeline::DefaultModelDir() : dir);
}

void PrintSkipped(const std::vector<Status>& errors) {
  for (const Status& e : errors) std::cerr << "kg: error: " << e.message() << "\n";
}

class Printer {
 public:
  Printer(std::string format, std::ostream& out) : format_(std::move(format)), out_(out) {
    if (format_ == "tsv") out_ << ingest::TsvHeader() << "\n";
  }
  // `sentence_line` is the input line for --sentences (CaRB), empty otherwise.
  void Print(const Extraction& x, const std::string& doc_id, const std::string& text,
             const std::string& sentence_line) {
    if (format_ == "tsv") {
      ingest::WriteTsv(x, doc_id, out_);
    } else if (format_ == "jsonl") {
      ingest::WriteJsonl(x, doc_id, text, out_);
    } else {
      ingest::WriteCarb(x, sentence_line.empty() ? text : sentence_line, out_);
    }
  }

 private:
  std::string format_;
  std::ostream& out_;
};

int RunExtract(const Globals& g, const ExtractArgs& a) {
  std::vector<std::string> files = a.files.empty() ? std::vector<std::string>{"-"} : a.files;
  Printer printer(a.format, std::cout);
  std::vector<Status> skipped;

  if (a.conllu) {
    for (const std::string& f : files) {
      Result<std::string> data = ReadAll(f);
      if (!data.ok()) {
        skipped.push_back(data.status());
        continue;
      }
      Result<ingest::ConlluDocument> doc = ingest::ParseConllu(*data, f);
      if (!doc.ok()) {
        skipped.push_back(doc.status());
        continue;
      }
      if (a.sentences || a.format == "carb") {
        for (const ingest::Sentence& s : doc->sentences) {
          std::vector<ingest::Sentence> one{s};
          Extraction x = ingest::ExtractDocument(doc->text, one);
          std::string line = doc->text.substr(s.begin, s.end - s.begin);
          printer.Print(x, f, doc->text, line);
        }
      } else {
        Extraction x = ingest::ExtractDocument(doc->text, doc->sentences);
        printer.Print(x, f, doc->text, "");
      }
    }
  } else {
    auto pipeline = LoadModels(a.models);
    if (!pipeline.ok()) return ReportError(pipeline.status());
    const nlp::NlpPipeline& p = **pipeline;
    if (a.sentences) {
      for (const std::string& f : files) {
        Result<std::string> data = ReadAll(f);
        if (!data.ok()) {
          skipped.push_back(data.status());
          continue;
        }
        std::istringstream in(*data);
        std::string line;
        while (std::getline(in, line)) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.find_first_not_of(" \t") == std::string::npos) continue;
          auto sentences = p.Annotate(line);
          if (!sentences.ok()) {
            skipped.push_back(sentences.status().WithContext(f));
            continue;
          }
          Extraction x = ingest::ExtractDocument(line, *sentences);
          printer.Print(x, f, line, line);
        }
      }
    } else {
      ingest::ReadBatch batch;
      ingest::ReadPaths(files, ingest::ReadOptions{}, &batch);
      skipped = batch.errors;
      for (const Document& d : batch.documents) {
        auto sentences = p.Annotate(d.text);
        if (!sentences.ok()) {
          skipped.push_back(sentences.status().WithContext(d.id));
          continue;
        }
        Extraction x = ingest::ExtractDocument(d.text, *sentences);
        printer.Print(x, d.id, d.text, "");
      }
    }
  }
  std::cout.flush();
  PrintSkipped(skipped);
  if (!std::cout.good()) return ReportError(Status::IOError("write to standard output failed"));
  if (!skipped.empty()) {
    if (!g.quiet) std::cerr << "kg: " << skipped.size() << " input(s) skipped\n";
    return 1;
  }
  return 0;
}

std::string Seconds(double s) {
  std::ostringstream ss;
  ss << std::fixed << std::setprecision(s < 10 ? 1 : 0) << s << " s";
  return ss.str();
}

int RunIngest(const Globals& g, const IngestArgs& a) {
  auto start = std::chrono::steady_clock::now();
  ingest::ReadBatch batch;
  ingest::ReadPaths(a.paths, ingest::ReadOptions{}, &batch);
  PrintSkipped(batch.errors);
  auto pipeline = LoadModels(a.models);
  if (!pipeline.ok()) return ReportError(pipeline.status());
  const nlp::NlpPipeline& p = **pipeline;
  auto store = OpenForWrite(g);
  if (!store.ok()) return ReportError(store.status());

  ingest::IngestOptions options;
  options.threads = a.threads;
  bool tty = ::isatty(2) && !g.quiet;
  if (tty) {
    options.progress = [start](size_t done, size_t total, size_t sentences) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double rate = secs > 0 ? sentences / secs : 0;
      double eta = done > 0 ? secs / done * (total - done) : 0;
      std::fprintf(stderr, "\r  %zu/%zu files  %zu sentences  %.0f sentences/s  ETA %s   ", done,
                   total, sentences, rate, Seconds(eta).c_str());
      std::fflush(stderr);
    };
  }
  ingest::Annotator annotate = [&p](std::string_view text) { return p.Annotate(text); };
  ingest::IngestStats stats;
  Status st = ingest::Ingest(batch.documents, annotate, **store, options, &stats);
  if (tty) std::fprintf(stderr, "\n");
  PrintSkipped(stats.errors);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t skipped = batch.errors.size() + stats.failed;
  if (!g.quiet) {
    std::cerr << "ingested " << stats.documents << " documents (" << stats.replaced
              << " replaced, " << stats.unchanged << " unchanged), " << stats.sentences
              << " sentences, " << stats.entities_created << " new entities, "
              << stats.relationships << " relationships, " << skipped << " skipped, in "
              << Seconds(secs);
    if (secs > 0) std::cerr << " (" << static_cast<long>(stats.sentences / secs) << " sentences/s)";
    std::cerr << "\n";
  }
  if (g.verbose) {
    auto ms = [&](double s) {
      std::ostringstream o;
      o << std::fixed << std::setprecision(3)
        << (stats.sentences > 0 ? 1000.0 * s / stats.sentences : 0.0);
      return o.str();
    };
    std::cerr << "stage time per sentence (summed over threads): annotation "
              << ms(stats.seconds.annotate) << " ms, extraction " << ms(stats.seconds.extract)
              << " ms, graph writes " << ms(stats.seconds.write) << " ms\n";
  }
  if (!st.ok()) return ReportError(st);
  return skipped > 0 ? 1 : 0;
}

}  // namespace

void RegisterIngestCommands(CLI::App& app, CommandContext& ctx) {
  auto ex = std::make_shared<ExtractArgs>();
  CLI::App* extract = app.add_subcommand(
      "extract", "Print the triples read from articles (no database)");
  extract->add_option("files", ex->files,
                      "Files or directories (text, Markdown, HTML, JSONL), or - for stdin");
  extract->add_option("--format", ex->format, "Output: tsv, jsonl or carb")
      ->check(CLI::IsMember({"tsv", "jsonl", "carb"}));
  extract->add_flag("--sentences", ex->sentences, "Input is one sentence per line (CaRB)");
  extract->add_flag("--conllu", ex->conllu,
                    "Input is CoNLL-U dependency trees (no NLP models needed)");
  extract->add_option("--models", ex->models, "NLP model directory (default: $KG_MODELS or "
                                              "datasets/models)");
  extract->callback([&ctx, ex] { ctx.run = [&ctx, ex] { return RunExtract(ctx.globals, *ex); }; });

  auto in = std::make_shared<IngestArgs>();
  CLI::App* ing = app.add_subcommand(
      "ingest", "Read articles into the database: entities, relationships and their evidence");
  ing->add_option("paths", in->paths,
                  "Files or directories (text, Markdown, HTML, JSONL), or - for stdin")
      ->required();
  ing->add_option("--threads", in->threads, "Worker threads for annotation and extraction")
      ->check(CLI::Range(1, 256));
  ing->add_option("--models", in->models, "NLP model directory (default: $KG_MODELS or "
                                          "datasets/models)");
  ing->callback([&ctx, in] { ctx.run = [&ctx, in] { return RunIngest(ctx.globals, *in); }; });
}

}  // namespace kg::cli
