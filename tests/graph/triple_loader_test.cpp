#include "graph/triple_loader.h"

#include <random>
#include <sstream>
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

namespace kg::graph {
namespace {

// Every relationship's properties, in id order.
std::vector<Properties> EdgeProperties(const GraphStore& store) {
  std::vector<Properties> out;
  EXPECT_TRUE(store.ScanEdges([&](const EdgeRecord& e) {
    out.push_back(e.properties);
    return true;
  }).ok());
  return out;
}

// Extra columns become relationship properties: named by the header, by a key=value field or
// by the column number; values typed. The loader reuses one property map from row to row, so
// rows with other columns than the row before must not keep its keys.
TEST(TripleLoaderTest, ExtraColumnsBecomePropertiesRowByRow) {
  auto store = NewMemoryStore();
  std::vector<std::string> errors;
  {
    LoadOptions o;
    o.format = LoadOptions::Format::kTsv;
    TripleLoader loader(store.get(), o);
    std::istringstream in(
        "a\tr\tb\tw=2\tnote=x\n"
        "a\tr\tc\tw=0.5\n"
        "b\tr\tc\tplain\ttrue\n"
        "c\tr\ta\n"
        "c\tr\tb\tw=3\tw=4\n");
    ASSERT_TRUE(loader.Load(in, "t.tsv", &errors).ok());
    ASSERT_TRUE(loader.Finish().ok());
  }
  EXPECT_TRUE(errors.empty());
  std::vector<Properties> props = EdgeProperties(*store);
  ASSERT_EQ(props.size(), 5u);
  EXPECT_EQ(props[0], (Properties{{"w", PropertyValue(int64_t{2})}, {"note", PropertyValue("x")}}));
  EXPECT_EQ(props[1], (Properties{{"w", PropertyValue(0.5)}}));
  EXPECT_EQ(props[2], (Properties{{"col4", PropertyValue("plain")}, {"col5", PropertyValue(true)}}));
  EXPECT_EQ(props[3], Properties{});
  EXPECT_EQ(props[4], (Properties{{"w", PropertyValue(int64_t{4})}}));

  auto csv = NewMemoryStore();
  LoadOptions o;
  o.format = LoadOptions::Format::kCsv;
  o.header = true;
  o.subject_column = "src";
  o.relation_column = "rel";
  o.object_column = "dst";
  TripleLoader loader(csv.get(), o);
  std::istringstream in("src,dst,rel,doc,when\nx,y,r,7,\nx,z,r,8,2020\n");
  ASSERT_TRUE(loader.Load(in, "t.csv", &errors).ok());
  ASSERT_TRUE(loader.Finish().ok());
  props = EdgeProperties(*csv);
  ASSERT_EQ(props.size(), 2u);
  EXPECT_EQ(props[0], (Properties{{"doc", PropertyValue(int64_t{7})}, {"when", PropertyValue("")}}));
  EXPECT_EQ(props[1],
            (Properties{{"doc", PropertyValue(int64_t{8})}, {"when", PropertyValue(int64_t{2020})}}));
}

}  // namespace
}  // namespace kg::graph
