// The loaded pipeline on ordinary and bad input. Uses the committed models in datasets/models.
#include "ingest/nlp/nlp_pipeline.h"

#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace kg::ingest::nlp {
namespace {

const NlpPipeline* Pipeline() {
  static std::unique_ptr<NlpPipeline> p = [] {
    auto r = NlpPipeline::Load((kg::testing::SourceDir() / "datasets/models").string());
    return r.ok() ? std::move(r).value() : nullptr;
  }();
  return p.get();
}

#define REQUIRE_MODELS()                                                                   \
  if (Pipeline() == nullptr) {                                                             \
    GTEST_SKIP() << "no models in datasets/models; run: kg train --treebank "              \
                    "../shared/datasets/ud-english-ewt --out datasets/models";             \
  }

// Structural invariants every annotation must satisfy.
void CheckWellFormed(const std::vector<Sentence>& sentences, size_t text_size) {
  uint32_t last_end = 0;
  for (const auto& s : sentences) {
    ASSERT_FALSE(s.tokens.empty());
    ASSERT_LE(s.tokens.size(), kMaxSentenceTokens);
    EXPECT_GE(s.begin, last_end);
    EXPECT_LE(s.end, text_size);
    int roots = 0;
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const Token& t = s.tokens[i];
      EXPECT_LT(t.begin, t.end);
      EXPECT_LE(t.end, text_size);
      EXPECT_GE(t.begin, last_end);
      last_end = t.end;
      EXPECT_FALSE(t.upos.empty());
      EXPECT_FALSE(t.xpos.empty());
      EXPECT_FALSE(t.deprel.empty());
      EXPECT_GE(t.head, -1);
      EXPECT_LT(t.head, static_cast<int>(s.tokens.size()));
      EXPECT_NE(t.head, static_cast<int>(i));
      if (t.head == -1) {
        ++roots;
        EXPECT_EQ(t.deprel, "root");
      }
    }
    EXPECT_EQ(roots, 1);
    int prev_last = -1;
    for (const auto& e : s.entities) {
      EXPECT_GT(e.first, prev_last);
      EXPECT_LE(e.first, e.last);
      EXPECT_LT(e.last, static_cast<int>(s.tokens.size()));
      prev_last = e.last;
    }
  }
}

TEST(NlpPipelineTest, AnnotatesNews) {
  REQUIRE_MODELS();
  std::string text =
      "Barack Obama visited Paris on Monday. He met President Emmanuel Macron at the Elysee "
      "Palace.\nThe talks were described as \"productive\" by officials.";
  auto r = Pipeline()->Annotate(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  CheckWellFormed(*r, text.size());
  const Sentence& s0 = (*r)[0];
  EXPECT_EQ(text.substr(s0.tokens[0].begin, s0.tokens[0].end - s0.tokens[0].begin), "Barack");
  EXPECT_EQ(s0.tokens[0].upos, "PROPN");
  EXPECT_EQ(s0.tokens[2].lemma, "visit");
  EXPECT_EQ(s0.tokens[2].deprel, "root");
  EXPECT_EQ(s0.tokens[0].deprel, "nsubj");
  EXPECT_EQ(s0.tokens[1].deprel, "flat");
  ASSERT_FALSE(s0.entities.empty());
  EXPECT_EQ(s0.entities[0].first, 0);
  EXPECT_EQ(s0.entities[0].last, 1);
  EXPECT_EQ(s0.entities[0].type, EntityType::kPerson);
  // "were described ... by officials": passive subject.
  const Sentence& s2 = (*r)[2];
  EXPECT_EQ(s2.tokens[1].deprel, "nsubj:pass");
}

TEST(NlpPipelineTest, EmptyAndWhitespace) {
  REQUIRE_MODELS();
  for (std::string text : {std::string(), std::string(" \n\t  \r\n")}) {
    auto r = Pipeline()->Annotate(text);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->empty());
  }
}

TEST(NlpPipelineTest, InvalidUtf8IsReplacedAndCounted) {
  REQUIRE_MODELS();
  std::string text = "The \xFF\xFE company said \xC3 it would grow.";
  AnnotateStats stats;
  auto r = Pipeline()->Annotate(text, &stats);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(stats.invalid_utf8_bytes, 3u);
  CheckWellFormed(*r, text.size());
  bool saw_replacement = false;
  for (const auto& s : *r) {
    for (const auto& t : s.tokens) {
      if (t.text.find("\xEF\xBF\xBD") != std::string::npos) saw_replacement = true;
    }
  }
  EXPECT_TRUE(saw_replacement);
  // Offsets still point into the original text.
  const Token& last = r->back().tokens.back();
  EXPECT_EQ(text.substr(last.begin, last.end - last.begin), ".");
}

TEST(NlpPipelineTest, ControlCharactersAndOtherScripts) {
  REQUIRE_MODELS();
  std::string text = std::string("Hello\x01\x02 world\x7F. ") +
                     "Москва — столица России. 東京は日本の首都です。 مرحبا بالعالم.";
  AnnotateStats stats;
  auto r = Pipeline()->Annotate(text, &stats);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(stats.control_chars, 3u);
  CheckWellFormed(*r, text.size());
  EXPECT_GE(r->size(), 3u);
}

TEST(NlpPipelineTest, HugeSentenceIsChunked) {
  REQUIRE_MODELS();
  std::string text;
  for (int i = 0; i < 2000; ++i) text += (i % 7 == 0 ? "and " : "word ");
  AnnotateStats stats;
  auto r = Pipeline()->Annotate(text, &stats);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(stats.chunked_sentences, 1u);
  size_t tokens = 0;
  for (const auto& s : *r) tokens += s.tokens.size();
  EXPECT_EQ(tokens, 2000u);
  CheckWellFormed(*r, text.size());
}

TEST(NlpPipelineTest, RandomBytesNeverCrash) {
  REQUIRE_MODELS();
  std::mt19937 rng(7);
  std::string text(200000, '\0');
  for (char& c : text) c = static_cast<char>(rng() & 0xFF);
  auto r = Pipeline()->Annotate(text);
  ASSERT_TRUE(r.ok());
  CheckWellFormed(*r, text.size());
}

TEST(NlpPipelineTest, ConcurrentAnnotateGivesSameResult) {
  REQUIRE_MODELS();
  std::string text = "Shares in Apple rose 5% on Tuesday. Analysts in London were surprised.";
  auto expected = Pipeline()->Annotate(text);
  ASSERT_TRUE(expected.ok());
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      bool ok = true;
      for (int rep = 0; rep < 50; ++rep) {
        auto r = Pipeline()->Annotate(text);
        ok = ok && r.ok() && r->size() == expected->size();
        for (size_t i = 0; ok && i < r->size(); ++i) {
          for (size_t j = 0; j < (*r)[i].tokens.size(); ++j) {
            ok = ok && (*r)[i].tokens[j].head == (*expected)[i].tokens[j].head &&
                 (*r)[i].tokens[j].deprel == (*expected)[i].tokens[j].deprel;
          }
        }
      }
      same[k] = ok;
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < 4; ++k) EXPECT_TRUE(same[k]);
}

}  // namespace
}  // namespace kg::ingest::nlp

namespace kg::ingest::nlp {
namespace {

Sentence Words(std::initializer_list<const char*> words) {
  Sentence s;
  for (const char* w : words) {
    Token t;
    t.text = w;
    s.tokens.push_back(t);
  }
  return s;
}

TEST(PropagateEntitiesTest, RepeatsNamesAndSurnames) {
  std::vector<Sentence> doc;
  doc.push_back(Words({"Patricia", "Hewitt", "visited", "Leeds", "."}));
  doc[0].entities = {{0, 1, EntityType::kPerson}, {3, 3, EntityType::kLocation}};
  doc.push_back(Words({"Ms", "Hewitt", "left", "Leeds", "for", "Hewitt", "Associates", "."}));
  PropagateEntities(&doc);
  ASSERT_EQ(doc[1].entities.size(), 2u);
  EXPECT_EQ(doc[1].entities[0].first, 1);
  EXPECT_EQ(doc[1].entities[0].last, 1);
  EXPECT_EQ(doc[1].entities[0].type, EntityType::kPerson);
  EXPECT_EQ(doc[1].entities[1].first, 3);
  EXPECT_EQ(doc[1].entities[1].type, EntityType::kLocation);
  // "Hewitt Associates" continues past the match: not labelled a person.
}

}  // namespace
}  // namespace kg::ingest::nlp
