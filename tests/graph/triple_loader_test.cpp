#include "graph/triple_loader.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kg::graph {
namespace {

using Fields = std::vector<std::string>;

Fields Split(std::string_view line, LoadOptions::Format f) {
  Fields out;
  Status s = SplitLine(line, f, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

constexpr auto kCsv = LoadOptions::Format::kCsv;
constexpr auto kTsv = LoadOptions::Format::kTsv;

TEST(SplitLineTest, CsvQuotesAndEmptyFields) {
  EXPECT_EQ(Split("a,b,c", kCsv), (Fields{"a", "b", "c"}));
  EXPECT_EQ(Split("", kCsv), (Fields{""}));
  EXPECT_EQ(Split(",,", kCsv), (Fields{"", "", ""}));
  EXPECT_EQ(Split("a,", kCsv), (Fields{"a", ""}));
  EXPECT_EQ(Split("\"a,b\",c", kCsv), (Fields{"a,b", "c"}));
  EXPECT_EQ(Split("\"say \"\"hi\"\"\",x", kCsv), (Fields{"say \"hi\"", "x"}));
  EXPECT_EQ(Split("ab\"c,d\"e,f", kCsv), (Fields{"abc,de", "f"}));  // quotes mid-field
  Fields out;
  Status s = SplitLine("a,\"bc", kCsv, &out);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("column 3"), std::string::npos) << s.message();
}

TEST(SplitLineTest, TsvEscapes) {
  EXPECT_EQ(Split("a\tb\tc", kTsv), (Fields{"a", "b", "c"}));
  EXPECT_EQ(Split("a\\tb\\\\\tc\\nd", kTsv), (Fields{"a\tb\\", "c\nd"}));
  EXPECT_EQ(Split("a\\x\t", kTsv), (Fields{"a\\x", ""}));  // unknown escape kept
}

TEST(SplitLineTest, ReusedVectorTakesTheNewLinesFieldCount) {
  Fields out;
  ASSERT_TRUE(SplitLine("1,2,3,4,5", kCsv, &out).ok());
  ASSERT_TRUE(SplitLine("x,y", kCsv, &out).ok());
  EXPECT_EQ(out, (Fields{"x", "y"}));
  ASSERT_TRUE(SplitLine("\"p,q\",r,s", kCsv, &out).ok());
  EXPECT_EQ(out, (Fields{"p,q", "r", "s"}));
  ASSERT_TRUE(SplitLine("only", kTsv, &out).ok());
  EXPECT_EQ(out, (Fields{"only"}));
}

// The straightforward character-by-character reading of both formats, kept as the reference the
// fast paths must agree with.
Status Reference(std::string_view line, LoadOptions::Format format, Fields* fields) {
  fields->clear();
  std::string cur;
  if (format == kTsv) {
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == '\t') {
        fields->push_back(cur);
        cur.clear();
      } else if (c == '\\' && i + 1 < line.size() &&
                 (line[i + 1] == 't' || line[i + 1] == 'n' || line[i + 1] == 'r' ||
                  line[i + 1] == '\\')) {
        char n = line[++i];
        cur.push_back(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : '\\');
      } else {
        cur.push_back(c);
      }
    }
    fields->push_back(cur);
    return Status::OK();
  }
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields->push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  fields->push_back(cur);
  return quoted ? Status::InvalidArgument("unterminated") : Status::OK();
}

TEST(SplitLineTest, AgreesWithTheReferenceOnRandomLines) {
  std::mt19937 rng(5);
  const std::string alphabet = "ab,\"\t\\ntr";
  Fields fast;  // reused across lines on purpose
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    for (int n = rng() % 24; n > 0; --n) line.push_back(alphabet[rng() % alphabet.size()]);
    for (auto f : {kCsv, kTsv}) {
      Fields ref;
      Status want = Reference(line, f, &ref);
      Status got = SplitLine(line, f, &fast);
      ASSERT_EQ(got.ok(), want.ok()) << "line [" << line << "]";
      if (want.ok()) ASSERT_EQ(fast, ref) << "line [" << line << "]";
    }
  }
}

}  // namespace
}  // namespace kg::graph
