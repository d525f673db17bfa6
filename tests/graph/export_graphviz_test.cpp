// Exports: escaping of hostile text in DOT, SVG (rendered by libgvc), GraphML, CSV and
// N-Triples; ego subgraphs; the node cap.
#include "graph/export_graphviz.h"

#include <sstream>

#include <gtest/gtest.h>

#include "graph/graph_store.h"
#include "tests/test_util.h"

namespace kg::graph {
namespace {

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = NewMemoryStore();
    auto txn = store_->BeginTransaction();
    ASSERT_TRUE(txn.ok());
    Transaction* t = txn->get();
    const std::vector<std::string> person = {"Person"}, place = {"Location"};
    Properties pa, pb, pc, pe;
    pa["name"] = PropertyValue(kNasty);
    pb["name"] = PropertyValue("B");
    pc["name"] = PropertyValue("C");
    pe["sentence_text"] = PropertyValue("He said \"<b>hi</b>\" & left");
    a_ = *t->CreateNode(person, pa);
    b_ = *t->CreateNode(person, pb);
    c_ = *t->CreateNode(place, pc);
    ASSERT_TRUE(t->CreateEdge("said \"x\"", a_, b_, pe).ok());
    ASSERT_TRUE(t->CreateEdge("lives_in", b_, c_, Properties()).ok());
    ASSERT_OK(t->Commit());
  }
  std::string Export(ExportFormat f, const Subgraph& sub) {
    std::ostringstream out;
    Status s = ExportSubgraph(*store_, sub, f, {}, out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out.str();
  }
  static constexpr const char* kNasty = "Q\"uote \\back <tag> & 'apos'\nline2";
  std::unique_ptr<GraphStore> store_;
  NodeId a_ = 0, b_ = 0, c_ = 0;
};

TEST_F(ExportTest, EscapeFunctions) {
  EXPECT_EQ(EscapeDot("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(EscapeXml("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
}

TEST_F(ExportTest, DotAndSvgSurviveHostileText) {
  auto sub = WholeGraph(*store_, 100);
  ASSERT_TRUE(sub.ok());
  EXPECT_FALSE(sub->truncated);
  std::string dot = Export(ExportFormat::kDot, *sub);
  EXPECT_NE(dot.find("label=\"Q\\\"uote \\\\back <tag> & 'apos'\\nline2\""), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("shape=hexagon"), std::string::npos);  // Location
  std::string svg = Export(ExportFormat::kSvg, *sub);
  ASSERT_NE(svg.find("<svg"), std::string::npos);
  // Graphviz escapes the text for XML; the raw markup must not appear.
  EXPECT_EQ(svg.find("<tag>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;tag&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<b>hi</b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;hi&lt;/b&gt;"), std::string::npos);  // evidence tooltip
  std::string png = Export(ExportFormat::kPng, *sub);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

TEST_F(ExportTest, DataFormats) {
  auto sub = WholeGraph(*store_, 100);
  ASSERT_TRUE(sub.ok());
  std::string graphml = Export(ExportFormat::kGraphml, *sub);
  EXPECT_NE(graphml.find("Q&quot;uote \\back &lt;tag&gt; &amp; &apos;apos&apos;"),
            std::string::npos);
  std::string csv = Export(ExportFormat::kCsv, *sub);
  EXPECT_NE(csv.find("\"Q\"\"uote \\back <tag> & 'apos'\nline2\""), std::string::npos) << csv;
  std::string nt = Export(ExportFormat::kNTriples, *sub);
  EXPECT_NE(nt.find("\"Q\\\"uote \\\\back <tag> & 'apos'\\nline2\""), std::string::npos) << nt;
  EXPECT_NE(nt.find("<urn:kg:rel:said%20%22x%22>"), std::string::npos) << nt;
  std::string json = Export(ExportFormat::kJson, *sub);
  EXPECT_NE(json.find("\"relationships\""), std::string::npos);
  EXPECT_NE(json.find("Q\\\"uote \\\\back"), std::string::npos);
  EXPECT_FALSE(ParseExportFormat("bmp").ok());
}

TEST_F(ExportTest, EgoAndCap) {
  auto ego = EgoSubgraph(*store_, a_, 1, 100);
  ASSERT_TRUE(ego.ok());
  EXPECT_EQ(ego->nodes, (std::vector<NodeId>{a_, b_}));
  EXPECT_EQ(ego->edges.size(), 1u);
  auto two = EgoSubgraph(*store_, a_, 2, 100);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->nodes.size(), 3u);
  EXPECT_EQ(two->edges.size(), 2u);
  auto capped = WholeGraph(*store_, 2);
  ASSERT_TRUE(capped.ok());
  EXPECT_TRUE(capped->truncated);
  EXPECT_EQ(capped->nodes.size(), 2u);
  EXPECT_EQ(capped->edges.size(), 1u);
  EXPECT_FALSE(RenderDot("digraph { a -> b }", "nosuchlayout", "svg").ok());
  EXPECT_FALSE(RenderDot("digraph { a -> ", "dot", "svg").ok());
}

}  // namespace
}  // namespace kg::graph
