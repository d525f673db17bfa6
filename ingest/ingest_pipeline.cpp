#include "ingest/ingest_pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "ingest/graph_writer.h"

namespace kg::ingest {
namespace {

struct Work {
  const Document* doc = nullptr;
  std::string sha;
  bool done = false;
  Status status;
  std::vector<Sentence> sentences;
  Extraction extraction;
};

}  // namespace

Result<Extraction> AnnotateAndExtract(const Annotator& annotate, const Document& doc,
                                      std::vector<Sentence>* sentences) {
  Result<std::vector<Sentence>> s = annotate(doc.text);
  if (!s.ok()) return s.status().WithContext(doc.path.empty() ? doc.id : doc.path);
  *sentences = std::move(s).value();
  return ExtractDocument(doc.text, *sentences);
}

Status Ingest(const std::vector<Document>& docs, const Annotator& annotate,
              graph::GraphStore& store, const IngestOptions& options, IngestStats* stats) {
  // Decide what needs work before any NLP: unchanged content and in-batch duplicates are skipped.
  std::vector<Work> work;
  std::set<std::string> batch_shas;
  for (const Document& d : docs) {
    std::string sha = Sha256Hex(d.text);
    Result<DocumentState> st = CheckDocument(store, d, sha);
    if (!st.ok()) return st.status().WithContext(d.id);
    if (*st == DocumentState::kUnchanged || !batch_shas.insert(sha).second) {
      ++stats->unchanged;
      continue;
    }
    Work w;
    w.doc = &d;
    w.sha = std::move(sha);
    work.push_back(std::move(w));
  }

  std::mutex mu;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    while (true) {
      size_t i = next.fetch_add(1);
      if (i >= work.size()) return;
      Work& w = work[i];
      std::vector<Sentence> sentences;
      Result<Extraction> x = AnnotateAndExtract(annotate, *w.doc, &sentences);
      std::lock_guard<std::mutex> lock(mu);
      if (x.ok()) {
        w.extraction = std::move(x).value();
        w.sentences = std::move(sentences);
      } else {
        w.status = x.status();
      }
      w.done = true;
      cv.notify_all();
    }
  };
  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(work.size())));
  std::vector<std::thread> pool;
  if (threads > 1) {
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  }

  Status fatal;
  for (size_t i = 0; i < work.size(); ++i) {
    Work& w = work[i];
    if (threads <= 1) {
      Result<Extraction> x = AnnotateAndExtract(annotate, *w.doc, &w.sentences);
      if (x.ok()) w.extraction = std::move(x).value();
      else w.status = x.status();
    } else {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return w.done; });
    }
    if (!w.status.ok()) {
      ++stats->failed;
      stats->errors.push_back(w.status);
    } else if (fatal.ok()) {
      Result<WriteStats> ws = WriteDocument(store, *w.doc, w.sha, w.sentences, w.extraction);
      if (ws.ok()) {
        ++stats->documents;
        stats->replaced += ws->replaced ? 1 : 0;
        stats->sentences += w.sentences.size();
        stats->entities_created += ws->entities_created;
        stats->relationships += ws->relationships;
      } else {
        ++stats->failed;
        stats->errors.push_back(ws.status().WithContext(w.doc->id));
        if (ws.status().IsBusy() || ws.status().code() == Status::Code::kIOError) fatal = ws.status();
      }
    }
    // Free the annotations as soon as they are written.
    std::vector<Sentence>().swap(w.sentences);
    w.extraction = Extraction{};
    if (options.progress) options.progress(i + 1, work.size(), stats->sentences);
  }
  if (threads > 1) {
    next.store(work.size());
    for (std::thread& t : pool) t.join();
  }
  return fatal;
}

}  // namespace kg::ingest
