// QueryEngine through its front door: plans (EXPLAIN text), binder error codes, syntax error
// positions, transactions.
#include "query/query_engine.h"

#include <gtest/gtest.h>

#include "graph/graph_store.h"

namespace kg::query {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = graph::NewMemoryStore();
    engine_ = std::make_unique<QueryEngine>(*store_);
    auto r = engine_->Execute(
        "CREATE (a:Person {name: 'Ann'})-[:KNOWS]->(b:Person {name: 'Bob'}), "
        "(b)-[:KNOWS]->(:Person {name: 'Cid'})");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  std::string Plan(const std::string& q) {
    auto r = engine_->Execute("EXPLAIN " + q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->plan : "";
  }

  std::string Error(const std::string& q) {
    auto r = engine_->Execute(q);
    EXPECT_FALSE(r.ok()) << q;
    return r.ok() ? "" : r.status().message();
  }

  std::unique_ptr<graph::GraphStore> store_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(EngineTest, AnchorsOnNameIndexAndPushesFiltersDown) {
  EXPECT_EQ(Plan("MATCH (a:Person {name: 'Ann'})-[:KNOWS]->(b) WHERE b.name <> 'x' RETURN b.name"),
            "ProduceResults b.name\n"
            "  Projection b.name\n"
            "    Filter b.name <> 'x'\n"
            "      Expand ($0)-[$2:KNOWS]->($1)\n"
            "        Filter a.name = 'Ann'\n"
            "          Filter a:Person\n"
            "            NodeByNameIndex $0 name = 'Ann'\n"
            "              Argument\n");
}

TEST_F(EngineTest, AnchorsOnLabelOtherwiseAndExpandsBackwards) {
  EXPECT_EQ(Plan("MATCH (a)-[:KNOWS]->(b:Person) RETURN a"),
            "ProduceResults a\n"
            "  Projection a\n"
            "    Expand ($1)<-[$2:KNOWS]-($0)\n"
            "      NodeByLabelScan $1:Person\n"
            "        Argument\n");
}

TEST_F(EngineTest, CountOverExpansionsDoesNotMaterialiseRows) {
  EXPECT_EQ(Plan("MATCH (a {name: 'Ann'})-[:KNOWS]->()-[:KNOWS]->() RETURN count(*)"),
            "ProduceResults count(*)\n"
            "  CountExpand $5 = count(*) from ($0)-[:KNOWS]->()-[:KNOWS]->()\n"
            "    Filter a.name = 'Ann'\n"
            "      NodeByNameIndex $0 name = 'Ann'\n"
            "        Argument\n");
  auto r = engine_->Execute("MATCH (a {name: 'Ann'})-[:KNOWS]->()-[:KNOWS]->() RETURN count(*)");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows.at(0).at(0).ToString(), "1");
}

TEST_F(EngineTest, BinderErrorsCarryTckCodes) {
  EXPECT_EQ(Error("MATCH (a) RETURN b").rfind("SyntaxError: UndefinedVariable:", 0), 0u);
  EXPECT_EQ(Error("MATCH (a)-[r]->() MATCH (r) RETURN r").rfind("SyntaxError: VariableTypeConflict", 0),
            0u);
  EXPECT_EQ(Error("MATCH (a) WHERE count(a) > 1 RETURN a").rfind("SyntaxError: InvalidAggregation", 0),
            0u);
  EXPECT_EQ(Error("RETURN count(count(1))").rfind("SyntaxError: NestedAggregation", 0), 0u);
  EXPECT_EQ(Error("UNWIND [1] AS x WITH x + 1 RETURN 1").rfind("SyntaxError: NoExpressionAlias", 0),
            0u);
  EXPECT_EQ(Error("RETURN 1 AS a UNION RETURN 2 AS b").rfind("SyntaxError: DifferentColumnsInUnion", 0),
            0u);
  EXPECT_EQ(Error("CALL nope.proc()").rfind("ProcedureError: ProcedureNotFound", 0), 0u);
}

TEST_F(EngineTest, SyntaxErrorsQuoteTheLineWithACaret) {
  std::string e = Error("MATCH (a)\nRETURN a +");
  EXPECT_NE(e.find("(line 2, column 11)"), std::string::npos) << e;
  EXPECT_NE(e.find("\n  RETURN a +\n            ^"), std::string::npos) << e;
  EXPECT_NE(Error("MACTH (a) RETURN a").find("Did you mean MATCH?"), std::string::npos);
}

TEST_F(EngineTest, RuntimeErrorsRollBackTheWholeStatement) {
  auto r = engine_->Execute("CREATE (:Temp) WITH 1 AS x RETURN x / 0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRuntimeError);
  auto count = engine_->Execute("MATCH (t:Temp) RETURN count(t)");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->rows[0][0].ToString(), "0");
}

TEST_F(EngineTest, ParametersAndScripts) {
  ValueMap params{{"who", Value("Bob")}};
  auto r = engine_->Execute("MATCH (p {name: $who})-[:KNOWS]->(f) RETURN f.name", params);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows.at(0).at(0).ToString(), "'Cid'");
  auto s = engine_->ExecuteScript("CREATE (:X); CREATE (:X); MATCH (x:X) RETURN count(x)");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[2].rows[0][0].ToString(), "2");
  EXPECT_FALSE(engine_->Execute("RETURN 1; RETURN 2").ok());
}

TEST_F(EngineTest, WritesDetectedForReadOnlyOpening) {
  EXPECT_FALSE(*QueryEngine::Writes("MATCH (n) RETURN n"));
  EXPECT_TRUE(*QueryEngine::Writes("MATCH (n) RETURN n; CREATE ()"));
  EXPECT_EQ(QueryEngine::EvaluateConstant("[1, {a: 'x'}]")->ToString(), "[1, {a: 'x'}]");
  EXPECT_FALSE(QueryEngine::EvaluateConstant("n.name").ok());
}

}  // namespace
}  // namespace kg::query
