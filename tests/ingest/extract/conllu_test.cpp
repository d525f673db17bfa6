#include "ingest/extract/conllu.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace kg::ingest {
namespace {

const char* kTwo =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = Hi, Bob.\n"
    "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n"
    "2\t,\t,\tPUNCT\t,\t_\t1\tpunct\t_\t_\n"
    "3\tBob\tBob\tPROPN\tNNP\t_\t1\tvocative\t_\tSpaceAfter=No|NER=B-PER\n"
    "4\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
    "\n"
    "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\tSpaceAfter=No\n"
    "2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
    "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tEntity=B-LOC\n"
    "\n";

TEST(ConlluTest, ReadsWordsOffsetsAndEntities) {
  Result<ConlluDocument> doc = ParseConllu(kTwo, "t.conllu");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->sentences.size(), 2u);
  EXPECT_EQ(doc->text, "Hi, Bob.\ndon't go");
  const Sentence& s = doc->sentences[0];
  ASSERT_EQ(s.tokens.size(), 4u);
  EXPECT_EQ(s.tokens[2].text, "Bob");
  EXPECT_EQ(doc->text.substr(s.tokens[2].begin, s.tokens[2].end - s.tokens[2].begin), "Bob");
  EXPECT_EQ(s.tokens[2].head, 0);
  EXPECT_EQ(s.tokens[0].head, -1);
  ASSERT_EQ(s.entities.size(), 1u);
  EXPECT_EQ(s.entities[0].type, EntityType::kPerson);
  EXPECT_EQ(doc->sent_ids[0], "s1");
  EXPECT_EQ(doc->sentences[1].tokens.size(), 3u);  // the 1-2 range line is skipped
  EXPECT_EQ(doc->sentences[1].entities.size(), 1u);
  EXPECT_EQ(doc->sentences[1].entities[0].type, EntityType::kLocation);
}

TEST(ConlluTest, RoundTripsThroughWriter) {
  Result<ConlluDocument> doc = ParseConllu(kTwo, "t.conllu");
  ASSERT_TRUE(doc.ok());
  std::string again = ToConllu(doc->sentences, doc->text);
  Result<ConlluDocument> doc2 = ParseConllu(again, "again");
  ASSERT_TRUE(doc2.ok()) << doc2.status().ToString();
  EXPECT_EQ(doc2->text, "Hi, Bob.\ndon't go");
  ASSERT_EQ(doc2->sentences.size(), 2u);
  EXPECT_EQ(doc2->sentences[0].entities.size(), 1u);
  EXPECT_EQ(doc2->sentences[1].tokens[2].deprel, "root");
}

TEST(ConlluTest, MalformedLinesNameTheLine) {
  Result<ConlluDocument> bad = ParseConllu("1\tHi\thi\n", "x.conllu");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("x.conllu:1:"), std::string::npos);
  Result<ConlluDocument> bad_head =
      ParseConllu("1\tHi\thi\tINTJ\tUH\t_\t7\troot\t_\t_\n\n", "y.conllu");
  ASSERT_FALSE(bad_head.ok());
  EXPECT_NE(bad_head.status().message().find("HEAD"), std::string::npos);
  Result<ConlluDocument> bad_id =
      ParseConllu("2\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n", "z.conllu");
  ASSERT_FALSE(bad_id.ok());
}

TEST(ConlluTest, ReadsTheEwtDevTreebank) {
  std::string data =
      kg::testing::ReadFile(kg::testing::SharedDir() / "datasets/ud-english-ewt/en_ewt-ud-dev.conllu");
  if (data.empty()) GTEST_SKIP() << "EWT dev treebank not available";
  Result<ConlluDocument> doc = ParseConllu(data, "en_ewt-ud-dev.conllu");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_GT(doc->sentences.size(), 2000u);
}

}  // namespace
}  // namespace kg::ingest
