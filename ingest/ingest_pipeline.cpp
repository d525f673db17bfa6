#include "ingest/ingest_pipeline.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "common/logging.h"
#include "ingest/graph_writer.h"

namespace kg::ingest {
namespace {

struct Work {
  const Document* doc = nullptr;
  std::string sha;
  bool done = false;
  Status status;
  size_t sentences = 0;
  Extraction extraction;
  StageSeconds seconds;
};

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Moves every offset of `sentences` (annotated on a section) by `base` bytes.
void Shift(std::vector<Sentence>* sentences, uint32_t base) {
  for (Sentence& s : *sentences) {
    s.begin += base;
    s.end += base;
    for (Token& t : s.tokens) {
      t.begin += base;
      t.end += base;
    }
  }
}

// A position in (lo, hi] just after the last occurrence of `pattern` in text[lo, hi), or 0.
size_t CutAfter(std::string_view text, size_t lo, size_t hi, std::string_view pattern) {
  if (hi - lo < pattern.size()) return 0;
  size_t at = text.substr(lo, hi - lo).rfind(pattern);
  return at == std::string_view::npos ? 0 : lo + at + pattern.size();
}

}  // namespace

std::vector<std::pair<size_t, size_t>> SplitSections(std::string_view text, size_t max_bytes) {
  max_bytes = std::max<size_t>(max_bytes, 1);
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  while (start < text.size()) {
    if (text.size() - start <= max_bytes) {
      out.emplace_back(start, text.size());
      break;
    }
    const size_t hi = start + max_bytes;  // the section is at most [start, hi)
    const size_t lo = start + max_bytes / 2;
    size_t cut = 0;
    for (std::string_view p : {"\n\n", "\n", ". ", "! ", "? ", " ", "\t"}) {
      cut = CutAfter(text, lo, hi, p);
      if (cut > lo) break;
      cut = 0;
    }
    if (cut == 0) {  // no space at all: the last UTF-8 character boundary
      cut = hi;
      while (cut > start + 1 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    out.emplace_back(start, cut);
    start = cut;
  }
  return out;
}

Result<Extraction> AnnotateAndExtract(const Annotator& annotate, const Document& doc,
                                      std::vector<Sentence>* sentences) {
  Result<std::vector<Sentence>> s = annotate(doc.text);
  if (!s.ok()) return s.status().WithContext(doc.path.empty() ? doc.id : doc.path);
  *sentences = std::move(s).value();
  return ExtractDocument(doc.text, *sentences);
}

Status ForEachSection(const Annotator& annotate, const Document& doc, size_t section_bytes,
                      const std::function<Status(Extraction&&)>& part, size_t* sentence_count,
                      StageSeconds* seconds) {
  StageSeconds local;
  if (seconds == nullptr) seconds = &local;
  const std::string& name = doc.path.empty() ? doc.id : doc.path;
  if (doc.text.size() >= 0xFFFFFFF0ULL) {  // offsets are 32-bit
    return Status::InvalidArgument(name + ": document of " + std::to_string(doc.text.size()) +
                                   " bytes is too large (limit 4 GiB)");
  }
  std::vector<std::pair<size_t, size_t>> sections = SplitSections(doc.text, section_bytes);
  std::set<std::tuple<std::string, std::string, std::string, bool>> seen;
  *sentence_count = 0;
  for (const auto& [begin, end] : sections) {
    auto t0 = std::chrono::steady_clock::now();
    std::string_view text = std::string_view(doc.text).substr(begin, end - begin);
    Result<std::vector<Sentence>> annotated = annotate(text);
    seconds->annotate += Since(t0);
    if (!annotated.ok()) {
      if (sections.size() == 1) return annotated.status().WithContext(name);
      return annotated.status().WithContext(name + ": section at byte offset " +
                                            std::to_string(begin));
    }
    std::vector<Sentence> sentences = std::move(annotated).value();
    Shift(&sentences, static_cast<uint32_t>(begin));
    t0 = std::chrono::steady_clock::now();
    Extraction x = ExtractDocument(doc.text, sentences);
    const int sentence_base = static_cast<int>(*sentence_count);
    *sentence_count += sentences.size();
    std::vector<Sentence>().swap(sentences);  // free the annotations before the next section
    if (sections.size() > 1) {
      for (ExtractedEntity& e : x.entities) e.first_sentence += sentence_base;
      // One triple per (subject, relation, object, negation) in a document, as ExtractDocument
      // keeps within a section.
      std::vector<ExtractedTriple> kept;
      for (ExtractedTriple& t : x.triples) {
        auto key = std::make_tuple(Lower(t.subject.text), t.relation, Lower(t.object.text),
                                   t.qualifiers.negated);
        if (!seen.insert(std::move(key)).second) continue;
        t.sentence += sentence_base;
        kept.push_back(std::move(t));
      }
      x.triples = std::move(kept);
    }
    seconds->extract += Since(t0);
    KG_RETURN_IF_ERROR(part(std::move(x)));
  }
  return Status::OK();
}

Result<Extraction> AnnotateAndExtractInSections(const Annotator& annotate, const Document& doc,
                                                size_t section_bytes, size_t* sentence_count,
                                                StageSeconds* seconds) {
  Extraction all;
  Status s = ForEachSection(
      annotate, doc, section_bytes,
      [&](Extraction&& x) {
        const int entity_base = static_cast<int>(all.entities.size());
        auto rebase = [&](Argument* a) {
          if (a->entity >= 0) a->entity += entity_base;
        };
        for (ExtractedEntity& e : x.entities) all.entities.push_back(std::move(e));
        for (ExtractedTriple& t : x.triples) {
          rebase(&t.subject);
          rebase(&t.object);
          for (Argument& a : t.extra) rebase(&a);
          all.triples.push_back(std::move(t));
        }
        return Status::OK();
      },
      sentence_count, seconds);
  if (!s.ok()) return s;
  return all;
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

  auto is_long = [&](const Document& d) { return d.text.size() > options.section_bytes; };
  // Long documents are read and written on the writer's thread, section by section (below).
  auto process = [&](Work* w) {
    if (is_long(*w->doc)) return;
    Result<Extraction> x = AnnotateAndExtractInSections(annotate, *w->doc, options.section_bytes,
                                                        &w->sentences, &w->seconds);
    if (x.ok()) {
      w->extraction = std::move(x).value();
    } else {
      w->status = x.status();
    }
  };

  // Workers annotate and extract ahead of the writer, at most `window` documents ahead so that
  // extractions waiting to be written stay bounded.
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;
  size_t written = 0;
  bool stop = false;
  int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(work.size())));
  const size_t window = 2 * static_cast<size_t>(threads);
  auto worker = [&]() {
    while (true) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stop || next >= work.size() || next < written + window; });
        if (stop || next >= work.size()) return;
        i = next++;
      }
      Work done;
      done.doc = work[i].doc;
      process(&done);
      std::lock_guard<std::mutex> lock(mu);
      work[i].status = std::move(done.status);
      work[i].extraction = std::move(done.extraction);
      work[i].sentences = done.sentences;
      work[i].seconds = done.seconds;
      work[i].done = true;
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  if (threads > 1) {
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  }

  Status fatal;
  // Counts a written document into the stats.
  auto count_written = [&](const WriteStats& ws, uint64_t sentences) {
    ++stats->documents;
    stats->replaced += ws.replaced ? 1 : 0;
    stats->sentences += sentences;
    stats->entities_created += ws.entities_created;
    stats->relationships += ws.relationships;
  };
  // A write error that would fail every later document too stops the ingest.
  auto stop_on = [&](const Status& err) {
    if (err.IsBusy() || err.code() == Status::Code::kIOError) fatal = err;
  };
  // A long document: each section is annotated, extracted and written in its own transaction
  // (LongDocumentWriter), so neither its annotations nor its writes are ever all in memory.
  auto WriteLong = [&](Work& w) {
    const Document& d = *w.doc;
    const std::string& name = d.path.empty() ? d.id : d.path;
    Logger().warn("{}: one document of {} bytes: read and written in sections of at most {} "
                  "bytes (names and pronouns are resolved within a section; byte offsets in NLP "
                  "warnings count from the section's start)",
                  name, d.text.size(), options.section_bytes);
    LongDocumentWriter writer(store, d, w.sha);
    Status write_error;
    Status s = ForEachSection(
        annotate, d, options.section_bytes,
        [&](Extraction&& x) {
          auto t0 = std::chrono::steady_clock::now();
          write_error = writer.WritePart(x);
          stats->seconds.write += Since(t0);
          return write_error;
        },
        &w.sentences, &w.seconds);
    stats->seconds.annotate += w.seconds.annotate;
    stats->seconds.extract += w.seconds.extract;
    Result<WriteStats> ws = s.ok() ? writer.Finish(w.sentences) : Result<WriteStats>(s);
    if (ws.ok()) {
      count_written(*ws, w.sentences);
      return;
    }
    Status cleanup = writer.Abandon();
    Status err = !write_error.ok() ? ws.status().WithContext(name) : ws.status();
    ++stats->failed;
    stats->errors.push_back(err);
    if (!cleanup.ok()) {  // the next ingest of the file replaces what stays
      stats->errors.push_back(cleanup.WithContext(name + ": removing the partly written document"));
    }
    stop_on(err);
  };
  for (size_t i = 0; i < work.size(); ++i) {
    Work& w = work[i];
    if (threads <= 1) {
      process(&w);
    } else {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return w.done; });
    }
    stats->seconds.annotate += w.seconds.annotate;
    stats->seconds.extract += w.seconds.extract;
    if (is_long(*w.doc)) {
      ++stats->sectioned;
      if (fatal.ok()) WriteLong(w);
    } else if (!w.status.ok()) {
      ++stats->failed;
      stats->errors.push_back(w.status);
    } else if (fatal.ok()) {
      auto t0 = std::chrono::steady_clock::now();
      Result<WriteStats> ws = WriteDocument(store, *w.doc, w.sha, w.sentences, w.extraction);
      stats->seconds.write += Since(t0);
      if (ws.ok()) {
        count_written(*ws, w.sentences);
      } else {
        ++stats->failed;
        stats->errors.push_back(ws.status().WithContext(w.doc->id));
        stop_on(ws.status());
      }
    }
    // Free the extraction as soon as it is written.
    w.extraction = Extraction{};
    if (threads > 1) {
      std::lock_guard<std::mutex> lock(mu);
      written = i + 1;
      cv.notify_all();
    }
    if (options.progress) options.progress(i + 1, work.size(), stats->sentences);
  }
  if (threads > 1) {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
      cv.notify_all();
    }
    for (std::thread& t : pool) t.join();
  }
  return fatal;
}

}  // namespace kg::ingest
