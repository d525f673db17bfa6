#include "query/value.h"

#include <cmath>

#include <gtest/gtest.h>

namespace kg::query {
namespace {

TEST(ValueTest, ToStringUsesTckNotation) {
  EXPECT_EQ(Value().ToString(), "null");
  EXPECT_EQ(Value(true).ToString(), "true");
  EXPECT_EQ(Value(int64_t{-3}).ToString(), "-3");
  EXPECT_EQ(Value(1.0).ToString(), "1.0");
  EXPECT_EQ(Value(0.1).ToString(), "0.1");
  EXPECT_EQ(Value(1e20).ToString(), "1.0e20");
  EXPECT_EQ(Value("it's").ToString(), "'it\\'s'");
  EXPECT_EQ(Value(ValueList{Value(1), Value("a")}).ToString(), "[1, 'a']");
  EXPECT_EQ(Value(ValueMap{{"b", Value(2)}, {"a", Value()}}).ToString(), "{a: null, b: 2}");
}

TEST(ValueTest, NodeRelationshipAndPathPrinting) {
  auto n = std::make_shared<graph::NodeRecord>();
  n->id = 1;
  n->labels = {"A", "B"};
  n->properties["name"] = graph::PropertyValue("x");
  auto m = std::make_shared<graph::NodeRecord>();
  m->id = 2;
  auto r = std::make_shared<graph::EdgeRecord>();
  r->id = 7;
  r->type = "T";
  r->source = 2;
  r->target = 1;
  EXPECT_EQ(Value(NodeValue{1, n}).ToString(), "(:A:B {name: 'x'})");
  EXPECT_EQ(Value(NodeValue{2, m}).ToString(), "()");
  EXPECT_EQ(Value(RelValue{7, r}).ToString(), "[:T]");
  PathValue p;
  p.nodes = {NodeValue{1, n}, NodeValue{2, m}};
  p.rels = {RelValue{7, r}};
  EXPECT_EQ(Value(p).ToString(), "<(:A:B {name: 'x'})<-[:T]-()>");
}

TEST(ValueTest, EqualityIsThreeValued) {
  EXPECT_EQ(Equals(Value(1), Value(1.0)), Tri::kTrue);
  EXPECT_EQ(Equals(Value(1), Value("1")), Tri::kFalse);
  EXPECT_EQ(Equals(Value(), Value()), Tri::kNull);
  EXPECT_EQ(Equals(Value(ValueList{Value(1), Value()}), Value(ValueList{Value(1), Value()})),
            Tri::kNull);
  EXPECT_EQ(Equals(Value(ValueList{Value(1), Value()}), Value(ValueList{Value(2), Value()})),
            Tri::kFalse);
  EXPECT_EQ(Equals(Value(std::nan("")), Value(std::nan(""))), Tri::kFalse);
}

TEST(ValueTest, ComparisonOfIncomparableTypesIsNull) {
  int c = 0;
  EXPECT_EQ(CompareForPredicate(Value(1), Value("a"), &c), Tri::kNull);
  EXPECT_EQ(CompareForPredicate(Value("a"), Value("b"), &c), Tri::kTrue);
  EXPECT_LT(c, 0);
  EXPECT_EQ(CompareForPredicate(Value(2), Value(1.5), &c), Tri::kTrue);
  EXPECT_GT(c, 0);
}

TEST(ValueTest, TotalOrderPutsNullLastAndGroupsTypes) {
  std::vector<Value> v = {Value(), Value(1), Value("s"), Value(true), Value(ValueList{}),
                          Value(ValueMap{})};
  std::sort(v.begin(), v.end(), ValueLess());
  EXPECT_TRUE(v[0].is_map());
  EXPECT_TRUE(v[1].is_list());
  EXPECT_TRUE(v[2].is_string());
  EXPECT_TRUE(v[3].is_bool());
  EXPECT_TRUE(v[4].is_int());
  EXPECT_TRUE(v[5].is_null());
  EXPECT_EQ(TotalOrder(Value(1), Value(1.0)), 0);
}

TEST(ValueTest, PropertyRoundTrip) {
  graph::PropertyValue p;
  ASSERT_TRUE(Value(ValueList{Value(1), Value(2)}).ToProperty(&p));
  EXPECT_EQ(Value::FromProperty(p).ToString(), "[1, 2]");
  EXPECT_FALSE(Value(ValueMap{{"a", Value(1)}}).ToProperty(&p));
}

}  // namespace
}  // namespace kg::query
