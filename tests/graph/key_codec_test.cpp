#include "graph/key_codec.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

namespace kg::graph::codec {
namespace {

TEST(KeyCodecTest, BigEndianKeysSortNumerically) {
  std::mt19937_64 rng(42);
  std::vector<uint64_t> ids = {0, 1, 255, 256, 65535, 65536, UINT64_MAX, 1ull << 40};
  for (int i = 0; i < 200; ++i) ids.push_back(rng());
  std::vector<std::pair<std::string, uint64_t>> keys;
  for (uint64_t id : ids) keys.emplace_back(NodeKey(id), id);
  std::sort(keys.begin(), keys.end());
  for (size_t i = 1; i < keys.size(); ++i) EXPECT_LE(keys[i - 1].second, keys[i].second);
  for (const auto& [k, id] : keys) EXPECT_EQ(DecodeFixed64BE(k.data()), id);
}

TEST(KeyCodecTest, AdjKeysGroupByNodeDirectionType) {
  std::string a = AdjKey(5, 0, 2, 100, 7);
  std::string b = AdjKey(5, 0, 3, 1, 1);
  std::string c = AdjKey(5, 1, 0, 0, 0);
  std::string d = AdjKey(6, 0, 0, 0, 0);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
  EXPECT_EQ(a.substr(0, 13), AdjPrefix(5, 0, 2));
  AdjKeyParts p;
  ASSERT_TRUE(ParseAdjKey(a, &p));
  EXPECT_EQ(p.node, 5u);
  EXPECT_EQ(p.dir, 0);
  EXPECT_EQ(p.type, 2u);
  EXPECT_EQ(p.neighbor, 100u);
  EXPECT_EQ(p.edge, 7u);
  EXPECT_FALSE(ParseAdjKey("short", &p));
}

TEST(KeyCodecTest, ValuesRoundTrip) {
  std::vector<PropertyValue> values = {
      PropertyValue(), PropertyValue(true), PropertyValue(false), PropertyValue(int64_t{0}),
      PropertyValue(int64_t{-1}), PropertyValue(INT64_MIN), PropertyValue(INT64_MAX),
      PropertyValue(3.25), PropertyValue(-0.0), PropertyValue(std::string("")),
      PropertyValue(std::string("Donald Trump \xe2\x80\x94 \"quoted\"")),
      PropertyValue(PropertyValue::List{PropertyValue(1), PropertyValue("a"),
                                        PropertyValue(PropertyValue::List{})})};
  for (const auto& v : values) {
    std::string enc;
    EncodeValue(&enc, v);
    std::string_view in = enc;
    PropertyValue out;
    ASSERT_TRUE(DecodeValue(&in, &out));
    EXPECT_TRUE(in.empty());
    EXPECT_EQ(out, v) << PropertyToString(v);
  }
}

TEST(KeyCodecTest, MalformedRecordsAreCorruptionNotCrashes) {
  StoredNode n;
  n.labels = {1, 2};
  n.props = {{0, PropertyValue("x")}, {3, PropertyValue(PropertyValue::List{PropertyValue(1)})}};
  std::string enc = EncodeNode(n);
  StoredNode out;
  ASSERT_TRUE(DecodeNode(enc, &out).ok());
  EXPECT_EQ(out.labels, n.labels);
  for (size_t cut = 0; cut < enc.size(); ++cut) {
    EXPECT_FALSE(DecodeNode(std::string_view(enc).substr(0, cut), &out).ok()) << cut;
  }
  // Random garbage never crashes.
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 40, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    (void)DecodeNode(junk, &out);
    StoredEdge e;
    (void)DecodeEdge(junk, &e);
  }
  // A deeply nested list is rejected.
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "\x06\x01";
  std::string_view in = deep;
  PropertyValue v;
  EXPECT_FALSE(DecodeValue(&in, &v));
}

}  // namespace
}  // namespace kg::graph::codec
