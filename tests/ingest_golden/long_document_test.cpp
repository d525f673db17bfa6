// One very long single-line document (a 50 MB scrape with no line breaks, scaled down): it is
// split into sections, every sentence is read once, evidence offsets refer to the whole
// document, and names met again in a later section share their node. No test here is timed:
// the old per-mention scans over every entity made these inputs take minutes (quadratic in a
// document's entities), which ctest's TIMEOUT for this executable turns into a failure.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/graph_store.h"
#include "ingest/graph_writer.h"
#include "ingest/ingest_pipeline.h"
#include "tests/test_util.h"

namespace kg::ingest {
namespace {

// Distinct alphabetic names: IsNameToken accepts letters only.
std::string Code(size_t i) {
  std::string s;
  do {
    s.push_back(static_cast<char>('a' + i % 26));
    i /= 26;
  } while (i > 0);
  return s;
}

// "Ka… Lo… visited Pq…." sentences on one line; every `repeat`-th one is "Ann Ray visited
// Paris." instead. *sentences gets the sentence count, *repeats the number of Ann Rays.
std::string OneLine(size_t bytes, size_t repeat, size_t* sentences, size_t* repeats) {
  std::string text;
  *sentences = *repeats = 0;
  for (size_t i = 0; text.size() < bytes; ++i) {
    if (!text.empty()) text += ' ';
    if (repeat > 0 && i % repeat == 0) {
      text += "Ann Ray visited Paris.";
      ++*repeats;
    } else {
      std::string c = Code(i);
      text += "Ka" + c + " Lo" + c + " visited Pq" + c + ".";  // never "Paris"
    }
    ++*sentences;
  }
  return text;
}

// Annotates "First Last visited Place." sentences with their tree and entity spans; any other
// sentence shape (a section cut inside a sentence) is an error.
Result<std::vector<Sentence>> Annotate(std::string_view text) {
  std::vector<Sentence> out;
  std::vector<std::pair<uint32_t, uint32_t>> words;
  auto flush = [&]() -> Status {
    if (words.size() != 4) {
      return Status::InvalidArgument("a sentence of " + std::to_string(words.size()) +
                                     " words at byte offset " +
                                     std::to_string(words.empty() ? 0 : words[0].first));
    }
    Sentence s;
    static const char* kUpos[] = {"PROPN", "PROPN", "VERB", "PROPN", "PUNCT"};
    static const int kHead[] = {2, 0, -1, 2, 2};
    static const char* kRel[] = {"nsubj", "flat", "root", "obj", "punct"};
    auto [b3, e3] = words[3];
    words[3] = {b3, e3 - 1};
    words.emplace_back(e3 - 1, e3);
    for (size_t k = 0; k < 5; ++k) {
      Token t;
      t.begin = words[k].first;
      t.end = words[k].second;
      t.text = std::string(text.substr(t.begin, t.end - t.begin));
      t.upos = kUpos[k];
      t.xpos = k == 2 ? "VBD" : k == 4 ? "." : "NNP";
      t.lemma = k == 2 ? "visit" : t.text;
      t.head = kHead[k];
      t.deprel = kRel[k];
      t.space_after = k != 3;
      s.tokens.push_back(std::move(t));
    }
    s.begin = s.tokens.front().begin;
    s.end = s.tokens.back().end;
    s.entities = {EntitySpan{0, 1, EntityType::kPerson}, EntitySpan{3, 3, EntityType::kLocation}};
    out.push_back(std::move(s));
    words.clear();
    return Status::OK();
  };
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    words.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
    if (text[j - 1] == '.') KG_RETURN_IF_ERROR(flush());
    i = j;
  }
  if (!words.empty()) KG_RETURN_IF_ERROR(flush());
  return out;
}

size_t CountEdges(const graph::GraphReader& g, const std::string& type) {
  size_t n = 0;
  EXPECT_OK(g.ScanEdges([&](const graph::EdgeRecord& e) {
    n += e.type == type ? 1 : 0;
    return true;
  }));
  return n;
}

std::vector<graph::NodeRecord> Documents(const graph::GraphReader& g) {
  std::vector<graph::NodeRecord> out;
  EXPECT_OK(g.ScanNodesByLabel("Document", [&](graph::NodeId id) {
    graph::NodeRecord r;
    EXPECT_OK(g.GetNode(id, &r));
    out.push_back(r);
    return true;
  }));
  return out;
}

TEST(SplitSectionsTest, CutsAtTheBestBoundaryInTheSecondHalf) {
  // A paragraph break wins over later sentence ends.
  std::string text = std::string(60, 'a') + "\n\n" + std::string(20, 'b') + ". " +
                     std::string(40, 'c');
  auto s = SplitSections(text, 100);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], std::make_pair(size_t{0}, size_t{62}));
  EXPECT_EQ(s[1], std::make_pair(size_t{62}, text.size()));
  // A sentence end wins over a later space.
  text = std::string(60, 'a') + ". " + std::string(20, 'b') + " " + std::string(40, 'c');
  s = SplitSections(text, 100);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].second, 62u);
  // A break in the first half is not taken: the section would be too short.
  text = "a b" + std::string(200, 'x');
  s = SplitSections(text, 100);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].second, 100u);
  // No space at all: never inside a UTF-8 character.
  text.clear();
  for (int i = 0; i < 100; ++i) text += "\xC3\xA9";  // é
  s = SplitSections(text, 25);
  size_t covered = 0;
  for (auto [b, e] : s) {
    EXPECT_EQ(b, covered);
    EXPECT_LE(e - b, 25u);
    EXPECT_NE(static_cast<unsigned char>(text[b]) & 0xC0, 0x80u) << b;
    covered = e;
  }
  EXPECT_EQ(covered, text.size());
  EXPECT_TRUE(SplitSections("", 10).empty());
  EXPECT_EQ(SplitSections("short", 10).size(), 1u);
}

// About 1 MB of distinct names in one document, not split: entity resolution alone must stay
// near-linear (77,000 entities; the old resolver needed minutes here).
TEST(LongDocumentTest, OneMegabyteWithDistinctNamesInOnePiece) {
  size_t sentences = 0, repeats = 0;
  Document doc;
  doc.id = doc.path = "one-line.txt";
  doc.text = OneLine(1 << 20, 0, &sentences, &repeats);
  ASSERT_EQ(doc.text.find('\n'), std::string::npos);
  size_t count = 0;
  Result<Extraction> x = AnnotateAndExtractInSections(Annotate, doc, doc.text.size(), &count);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(count, sentences);
  EXPECT_EQ(x->entities.size(), 2 * sentences);
  EXPECT_EQ(x->triples.size(), sentences);
}

// About 2 MB on one line, read in 256 KiB sections and written to a store that already holds a
// document, beside a small document in the same batch.
TEST(LongDocumentTest, TwoMegabytesInSectionsIntoAStore) {
  size_t sentences = 0, repeats = 0;
  std::vector<Document> docs(2);
  docs[0].id = docs[0].path = "huge-line.txt";
  docs[0].text = OneLine(2 << 20, 1000, &sentences, &repeats);
  docs[1].id = docs[1].path = "small.txt";
  docs[1].text = "Bob Lee visited Rome.";
  Document before;
  before.id = before.path = "before.txt";
  before.text = "Cy Dee visited Oslo.";

  auto store = graph::NewMemoryStore();
  IngestStats first;
  ASSERT_OK(Ingest({before}, Annotate, *store, IngestOptions{}, &first));
  ASSERT_EQ(first.relationships, 1u);

  IngestOptions options;
  options.section_bytes = 256 << 10;
  IngestStats stats;
  ASSERT_OK(Ingest(docs, Annotate, *store, options, &stats));
  EXPECT_TRUE(stats.errors.empty()) << stats.errors[0].ToString();
  EXPECT_EQ(stats.documents, 2u);
  EXPECT_EQ(stats.sectioned, 1u);
  EXPECT_EQ(stats.sentences, sentences + 1);
  // One `visits` per distinct sentence: Ann Ray's repeated visit to Paris is read once.
  const size_t distinct = sentences - repeats + 1;
  EXPECT_EQ(stats.relationships, distinct + 1);

  // Evidence offsets count from the start of the whole document, not of a section.
  size_t visits = 0, mentions = 0, checked = 0;
  int64_t ann_mentions = 0;
  ASSERT_OK(store->ScanEdges([&](const graph::EdgeRecord& e) {
    if (e.type == "visits") {
      ++visits;
      std::string doc = e.properties.at("doc").as_string();
      if (doc == "huge-line.txt") {
        int64_t b = e.properties.at("span_begin").as_int();
        int64_t end = e.properties.at("span_end").as_int();
        EXPECT_EQ(docs[0].text.substr(b, end - b), e.properties.at("sentence_text").as_string());
        ++checked;
      }
    } else if (e.type == "MENTIONS") {
      ++mentions;
      graph::NodeRecord n;
      EXPECT_OK(store->GetNode(e.target, &n));
      if (n.properties["name"].as_string() == "Ann Ray") ann_mentions = e.properties.at("count").as_int();
    }
    return true;
  }));
  EXPECT_EQ(visits, distinct + 2);  // and before.txt's, small.txt's
  EXPECT_EQ(checked, distinct);
  // Ann Ray and Paris: one MENTIONS each for the long document, however many sections.
  EXPECT_EQ(mentions, 2 * distinct + 4);
  // Its count is the relationships it takes part in, as for an unsectioned document: one.
  EXPECT_EQ(ann_mentions, 1);
  std::vector<graph::NodeId> ann;
  ASSERT_OK(store->FindByName("Ann Ray", &ann));
  EXPECT_EQ(ann.size(), 1u);

  graph::CheckReport report;
  ASSERT_OK(store->Check(&report));
  EXPECT_EQ(report.problem_count, 0u) << (report.problems.empty() ? "" : report.problems[0]);
}

// A section the annotator fails on names the document and the section's byte offset; the rest
// of the batch is still written.
TEST(LongDocumentTest, FailedSectionNamesFileAndOffset) {
  size_t sentences = 0, repeats = 0;
  std::vector<Document> docs(2);
  docs[0].id = docs[0].path = "bad-line.txt";
  docs[0].text = OneLine(100 << 10, 0, &sentences, &repeats) + " Not a shape";
  docs[1].id = docs[1].path = "small.txt";
  docs[1].text = "Bob Lee visited Rome.";
  auto store = graph::NewMemoryStore();
  IngestOptions options;
  options.section_bytes = 16 << 10;
  IngestStats stats;
  ASSERT_OK(Ingest(docs, Annotate, *store, options, &stats));
  EXPECT_EQ(stats.documents, 1u);
  EXPECT_EQ(stats.failed, 1u);
  ASSERT_EQ(stats.errors.size(), 1u);
  const std::string& m = stats.errors[0].message();
  EXPECT_NE(m.find("bad-line.txt: section at byte offset "), std::string::npos) << m;
  // The sections written before the failing one are removed again: only small.txt's visits and
  // its MENTIONS of Bob Lee and Rome remain, and one Document.
  EXPECT_EQ(store->Counts()->edges, 3u);
  EXPECT_EQ(Documents(*store).size(), 1u);
}

// An ingest stopped between two sections leaves a `partial` document without a content hash;
// the next ingest of the file replaces it, and a changed long document replaces its old version.
TEST(LongDocumentTest, UnfinishedPartsAreReplacedAndChangesReplaceOldEvidence) {
  size_t sentences = 0, repeats = 0;
  Document doc;
  doc.id = doc.path = "huge-line.txt";
  doc.text = OneLine(200 << 10, 100, &sentences, &repeats);
  auto store = graph::NewMemoryStore();
  IngestOptions options;
  options.section_bytes = 32 << 10;
  {
    LongDocumentWriter writer(*store, doc, Sha256Hex(doc.text));
    size_t count = 0;
    int parts = 0;
    Status s = ForEachSection(Annotate, doc, options.section_bytes, [&](Extraction&& x) {
      return ++parts > 2 ? Status::Cancelled("stopped") : writer.WritePart(x);
    }, &count);
    EXPECT_EQ(s.code(), Status::Code::kCancelled);  // nothing calls Finish: as if killed
  }
  std::vector<graph::NodeRecord> docs = Documents(*store);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_TRUE(docs[0].properties["partial"].as_bool());
  const size_t partial_visits = CountEdges(*store, "visits");
  EXPECT_GT(partial_visits, 0u);

  IngestStats stats;
  ASSERT_OK(Ingest({doc}, Annotate, *store, options, &stats));
  EXPECT_EQ(stats.documents, 1u);
  docs = Documents(*store);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].properties.count("partial"), 0u);
  EXPECT_EQ(docs[0].properties["sentences"].as_int(), static_cast<int64_t>(sentences));
  const size_t distinct = sentences - repeats + 1;
  EXPECT_EQ(CountEdges(*store, "visits"), distinct);
  EXPECT_EQ(CountEdges(*store, "MENTIONS"), 2 * distinct);
  IngestStats again;
  ASSERT_OK(Ingest({doc}, Annotate, *store, options, &again));
  EXPECT_EQ(again.unchanged, 1u);

  // Changed content under the same id: the old version's evidence goes.
  Document changed = doc;
  size_t s2 = 0, r2 = 0;
  changed.text = "Bob Lee visited Rome. " + OneLine(100 << 10, 100, &s2, &r2);
  IngestStats third;
  ASSERT_OK(Ingest({changed}, Annotate, *store, options, &third));
  EXPECT_EQ(third.replaced, 1u);
  EXPECT_EQ(Documents(*store).size(), 1u);
  EXPECT_EQ(CountEdges(*store, "visits"), third.relationships);
  graph::CheckReport report;
  ASSERT_OK(store->Check(&report));
  EXPECT_EQ(report.problem_count, 0u) << (report.problems.empty() ? "" : report.problems[0]);
}

}  // namespace
}  // namespace kg::ingest
