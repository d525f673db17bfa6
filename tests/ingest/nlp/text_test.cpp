#include "ingest/nlp/text.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kg::ingest::nlp {
namespace {

std::vector<std::string> Toks(const std::string& text) {
  std::vector<std::string> out;
  for (Span s : Tokenize(text, {0, static_cast<uint32_t>(text.size())})) {
    out.push_back(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

std::vector<std::string> Sents(const std::string& text) {
  std::vector<std::string> out;
  for (Span s : SplitSentences(text)) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

using V = std::vector<std::string>;

TEST(TokenizerTest, ClitilcsAndPunctuation) {
  EXPECT_EQ(Toks("I don't know, it's John's."),
            (V{"I", "do", "n't", "know", ",", "it", "'s", "John", "'s", "."}));
  EXPECT_EQ(Toks("They can't and won't."), (V{"They", "ca", "n't", "and", "wo", "n't", "."}));
  EXPECT_EQ(Toks("we're here, you'll see"), (V{"we", "'re", "here", ",", "you", "'ll", "see"}));
  EXPECT_EQ(Toks("He cannot go!"), (V{"He", "can", "not", "go", "!"}));
}

TEST(TokenizerTest, CurlyQuotesAndDashes) {
  EXPECT_EQ(Toks("\xE2\x80\x9CYes,\xE2\x80\x9D she said \xE2\x80\x94 it\xE2\x80\x99s over."),
            (V{"\xE2\x80\x9C", "Yes", ",", "\xE2\x80\x9D", "she", "said", "\xE2\x80\x94", "it",
               "\xE2\x80\x99s", "over", "."}));
  EXPECT_EQ(Toks("\"Quote\" -- and (parens)"),
            (V{"\"", "Quote", "\"", "--", "and", "(", "parens", ")"}));
  EXPECT_EQ(Toks("a well-known, non-stop show"), (V{"a", "well-known", ",", "non-stop", "show"}));
}

TEST(TokenizerTest, NumbersMoneyAndPercent) {
  EXPECT_EQ(Toks("It cost \xC2\xA3" "2.36m, up 17%."),
            (V{"It", "cost", "\xC2\xA3", "2.36", "m", ",", "up", "17", "%", "."}));
  EXPECT_EQ(Toks("$1,000.50 at 10:30"), (V{"$", "1,000.50", "at", "10:30"}));
  EXPECT_EQ(Toks("$5bn deal"), (V{"$", "5", "bn", "deal"}));
}

TEST(TokenizerTest, UrlsEmailsAndAbbreviations) {
  EXPECT_EQ(Toks("See http://www.bbc.co.uk/news/a-b?x=1."),
            (V{"See", "http://www.bbc.co.uk/news/a-b?x=1", "."}));
  EXPECT_EQ(Toks("Mail bob@example.com now"), (V{"Mail", "bob@example.com", "now"}));
  EXPECT_EQ(Toks("Mr. Smith of the U.S. Army"), (V{"Mr.", "Smith", "of", "the", "U.S.", "Army"}));
  EXPECT_EQ(Toks("Wait..."), (V{"Wait", "..."}));
}

TEST(TokenizerTest, OffsetsPointIntoText) {
  std::string text = "  Hello,  world!";
  auto spans = Tokenize(text, {0, static_cast<uint32_t>(text.size())});
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].begin, 2u);
  EXPECT_EQ(spans[0].end, 7u);
  EXPECT_EQ(spans[1].begin, 7u);
  EXPECT_EQ(spans[2].begin, 10u);
  EXPECT_EQ(spans[3].end, text.size());
}

TEST(TokenizerTest, OtherScripts) {
  EXPECT_EQ(Toks("Привет, мир!"), (V{"Привет", ",", "мир", "!"}));
  EXPECT_EQ(Toks("東京 は"), (V{"東京", "は"}));
}

TEST(SentenceSplitterTest, AbbreviationsAndQuotes) {
  EXPECT_EQ(Sents("Mr. Smith went to Washington. He met Sen. Jones there."),
            (V{"Mr. Smith went to Washington.", "He met Sen. Jones there."}));
  EXPECT_EQ(Sents("The U.S. economy grew. Prices rose 3 p.m. on Friday."),
            (V{"The U.S. economy grew.", "Prices rose 3 p.m. on Friday."}));
  EXPECT_EQ(Sents("\"We will win,\" he said. \"Really?\" she asked."),
            (V{"\"We will win,\" he said.", "\"Really?\" she asked."}));
  EXPECT_EQ(Sents("He lives in the U.S. and works in Jan. 5 meetings."),
            (V{"He lives in the U.S. and works in Jan. 5 meetings."}));
}

TEST(SentenceSplitterTest, HeadlinesAndBlankInput) {
  EXPECT_EQ(Sents("Ad sales boost Time Warner profit\n\nQuarterly profits rose 76%."),
            (V{"Ad sales boost Time Warner profit", "Quarterly profits rose 76%."}));
  EXPECT_TRUE(Sents("").empty());
  EXPECT_TRUE(Sents("   \n\t ").empty());
}

TEST(CleanUtf8Test, ReplacesInvalidBytesAndKeepsOffsets) {
  std::string bad = "ab\xFF" "cd\xC3";
  CleanText c = CleanUtf8(bad);
  EXPECT_EQ(c.invalid_count, 2u);
  ASSERT_EQ(c.invalid_offsets.size(), 2u);
  EXPECT_EQ(c.invalid_offsets[0], 2u);
  EXPECT_EQ(c.invalid_offsets[1], 5u);
  EXPECT_EQ(c.text, "ab\xEF\xBF\xBD" "cd\xEF\xBF\xBD");
  EXPECT_EQ(c.Original(5), 3u);  // 'c'
  EXPECT_EQ(c.Original(c.text.size()), bad.size());
}

TEST(CleanUtf8Test, ControlCharactersBecomeSpaces) {
  CleanText c = CleanUtf8(std::string("a\x01" "b\x7F", 4));
  EXPECT_EQ(c.text, "a b ");
  EXPECT_EQ(c.control_count, 2u);
  EXPECT_TRUE(c.offset_map.empty());
  CleanText ok = CleanUtf8("plain \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(ok.invalid_count, 0u);
  EXPECT_TRUE(ok.offset_map.empty());
}

}  // namespace
}  // namespace kg::ingest::nlp
