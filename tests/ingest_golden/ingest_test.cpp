// kg ingest into a memory store: evidence, one node per entity across documents, content
// hashes (re-ingest adds nothing), replacement of a changed document, bad documents skipped.
#include "ingest/ingest_pipeline.h"

#include <gtest/gtest.h>

#include "graph/graph_store.h"
#include "ingest/extract/conllu.h"
#include "ingest/graph_writer.h"
#include "tests/ingest/extract/conllu_builder.h"
#include "tests/test_util.h"

namespace kg::ingest {
namespace {

using graph::EdgeRecord;
using graph::NodeId;
using graph::NodeRecord;

// Two documents as trees; the annotator hands back the trees of whichever text it is given.
const char* kDocA = R"(
1 President President PROPN 2 compound
2 Ann Ann PROPN 4 nsubj B-PER
3 Ray Ray PROPN 2 flat I-PER
4 visited visit VERB 0 root
5 Paris Paris PROPN 4 obj B-LOC NoSpace
6 . . PUNCT 4 punct

1 Ray Ray PROPN 2 nsubj B-PER
2 praised praise VERB 0 root
3 Acme Acme PROPN 2 obj B-ORG NoSpace
4 . . PUNCT 2 punct
)";

const char* kDocB = R"(
1 Ann Ann PROPN 3 nsubj B-PER
2 Ray Ray PROPN 1 flat I-PER
3 left leave VERB 0 root
4 Paris Paris PROPN 3 obj B-LOC NoSpace
5 . . PUNCT 3 punct
)";

const char* kDocA2 = R"(
1 Ann Ann PROPN 3 nsubj B-PER
2 Ray Ray PROPN 1 flat I-PER
3 criticised criticise VERB 0 root
4 Acme Acme PROPN 3 obj B-ORG NoSpace
5 . . PUNCT 3 punct
)";

struct Corpus {
  std::map<std::string, std::vector<Sentence>> by_text;
  Document Add(const std::string& id, const char* compact) {
    ConlluDocument d = testing::ParseCompact(compact);
    by_text[d.text] = d.sentences;
    Document doc;
    doc.id = id;
    doc.path = id + ".txt";
    doc.text = d.text;
    return doc;
  }
  Annotator annotator() const {
    return [this](std::string_view text) -> Result<std::vector<Sentence>> {
      auto it = by_text.find(std::string(text));
      if (it == by_text.end()) return Status::InvalidArgument("no trees for this text");
      return it->second;
    };
  }
};

std::vector<EdgeRecord> EdgesOfType(const graph::GraphReader& g, const std::string& type) {
  std::vector<EdgeRecord> out;
  EXPECT_OK(g.ScanEdges([&](const EdgeRecord& e) {
    if (e.type == type) out.push_back(e);
    return true;
  }));
  return out;
}

NodeId OnlyNode(const graph::GraphReader& g, const std::string& name) {
  std::vector<NodeId> ids;
  EXPECT_OK(g.FindByName(name, &ids));
  EXPECT_EQ(ids.size(), 1u) << name;
  return ids.empty() ? 0 : ids[0];
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(IngestTest, WritesEntitiesRelationshipsAndEvidence) {
  Corpus c;
  std::vector<Document> docs = {c.Add("a", kDocA), c.Add("b", kDocB)};
  auto store = graph::NewMemoryStore();
  IngestStats stats;
  ASSERT_OK(Ingest(docs, c.annotator(), *store, IngestOptions{}, &stats));
  EXPECT_EQ(stats.documents, 2u);
  EXPECT_EQ(stats.failed, 0u);

  // One node for Ann Ray across both documents, with her title and alias.
  NodeId ann = OnlyNode(*store, "Ann Ray");
  NodeRecord rec;
  ASSERT_OK(store->GetNode(ann, &rec));
  EXPECT_EQ(rec.labels, std::vector<std::string>{"Person"});
  EXPECT_EQ(rec.properties["title"].as_string(), "President");
  EXPECT_EQ(OnlyNode(*store, "Ray"), ann);  // the alias finds her too

  std::vector<EdgeRecord> visits = EdgesOfType(*store, "visits");
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_EQ(visits[0].source, ann);
  EXPECT_EQ(visits[0].target, OnlyNode(*store, "Paris"));
  EXPECT_EQ(visits[0].properties["doc"].as_string(), "a");
  EXPECT_EQ(visits[0].properties["sentence"].as_int(), 1);
  EXPECT_EQ(visits[0].properties["sentence_text"].as_string(), "President Ann Ray visited Paris.");
  EXPECT_GT(visits[0].properties["confidence"].as_double(), 0.0);
  EXPECT_EQ(EdgesOfType(*store, "praises").size(), 1u);
  EXPECT_EQ(EdgesOfType(*store, "leaves").size(), 1u);

  // Documents are nodes linked to what they mention.
  std::vector<NodeId> documents;
  ASSERT_OK(store->ScanNodesByLabel("Document", [&](NodeId id) {
    documents.push_back(id);
    return true;
  }));
  ASSERT_EQ(documents.size(), 2u);
  ASSERT_OK(store->GetNode(documents[0], &rec));
  EXPECT_EQ(rec.properties["id"].as_string(), "a");
  EXPECT_EQ(rec.properties["sha256"].as_string(), Sha256Hex(docs[0].text));
  EXPECT_EQ(EdgesOfType(*store, "MENTIONS").size(), 5u);  // a: Ann Ray, Paris, Acme; b: Ann Ray, Paris
}

TEST(IngestTest, SameContentTwiceAddsNothing) {
  Corpus c;
  std::vector<Document> docs = {c.Add("a", kDocA)};
  auto store = graph::NewMemoryStore();
  IngestStats first, second;
  ASSERT_OK(Ingest(docs, c.annotator(), *store, IngestOptions{}, &first));
  auto before = store->Counts();
  ASSERT_TRUE(before.ok());
  ASSERT_OK(Ingest(docs, c.annotator(), *store, IngestOptions{}, &second));
  EXPECT_EQ(second.documents, 0u);
  EXPECT_EQ(second.unchanged, 1u);
  auto after = store->Counts();
  EXPECT_EQ(after->nodes, before->nodes);
  EXPECT_EQ(after->edges, before->edges);
  // The same text under another name is the same content.
  Document copy = docs[0];
  copy.id = "copy";
  IngestStats third;
  ASSERT_OK(Ingest({copy}, c.annotator(), *store, IngestOptions{}, &third));
  EXPECT_EQ(third.unchanged, 1u);
}

TEST(IngestTest, ChangedDocumentReplacesItsEvidence) {
  Corpus c;
  auto store = graph::NewMemoryStore();
  IngestStats s1, s2;
  ASSERT_OK(Ingest({c.Add("a", kDocA)}, c.annotator(), *store, IngestOptions{}, &s1));
  ASSERT_EQ(EdgesOfType(*store, "visits").size(), 1u);
  ASSERT_OK(Ingest({c.Add("a", kDocA2)}, c.annotator(), *store, IngestOptions{}, &s2));
  EXPECT_EQ(s2.documents, 1u);
  EXPECT_EQ(s2.replaced, 1u);
  EXPECT_TRUE(EdgesOfType(*store, "visits").empty());
  EXPECT_TRUE(EdgesOfType(*store, "praises").empty());
  EXPECT_EQ(EdgesOfType(*store, "criticises").size(), 1u);
  std::vector<NodeId> documents;
  ASSERT_OK(store->ScanNodesByLabel("Document", [&](NodeId id) {
    documents.push_back(id);
    return true;
  }));
  EXPECT_EQ(documents.size(), 1u);
}

TEST(IngestTest, FailedDocumentIsSkippedOthersStored) {
  Corpus c;
  Document good = c.Add("good", kDocB);
  Document bad;
  bad.id = "bad";
  bad.path = "bad.txt";
  bad.text = "text the annotator cannot handle";
  auto store = graph::NewMemoryStore();
  IngestStats stats;
  IngestOptions options;
  options.threads = 2;
  ASSERT_OK(Ingest({bad, good}, c.annotator(), *store, options, &stats));
  EXPECT_EQ(stats.documents, 1u);
  EXPECT_EQ(stats.failed, 1u);
  ASSERT_EQ(stats.errors.size(), 1u);
  EXPECT_NE(stats.errors[0].message().find("bad.txt"), std::string::npos);
  EXPECT_EQ(EdgesOfType(*store, "leaves").size(), 1u);
}

TEST(IngestTest, ThreadCountDoesNotChangeTheGraph) {
  Corpus c;
  std::vector<Document> docs = {c.Add("a", kDocA), c.Add("b", kDocB), c.Add("a2", kDocA2)};
  auto one = graph::NewMemoryStore();
  auto four = graph::NewMemoryStore();
  IngestStats s1, s4;
  ASSERT_OK(Ingest(docs, c.annotator(), *one, IngestOptions{}, &s1));
  IngestOptions o4;
  o4.threads = 4;
  ASSERT_OK(Ingest(docs, c.annotator(), *four, o4, &s4));
  EXPECT_EQ(one->Counts()->nodes, four->Counts()->nodes);
  EXPECT_EQ(one->Counts()->edges, four->Counts()->edges);
  EXPECT_EQ(s1.relationships, s4.relationships);
}

}  // namespace
}  // namespace kg::ingest
