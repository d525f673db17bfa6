// Plain data types of the kg property graph: ids, property values, node and edge records.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace kg::graph {

using NodeId = uint64_t;
using EdgeId = uint64_t;

// A stored property value: null, boolean, 64-bit integer, double, UTF-8 string, or a list of
// property values.
struct PropertyValue {
  using List = std::vector<PropertyValue>;
  std::variant<std::monostate, bool, int64_t, double, std::string, List> data;

  PropertyValue() = default;
  PropertyValue(bool b) : data(b) {}                          // NOLINT
  PropertyValue(int64_t i) : data(i) {}                       // NOLINT
  PropertyValue(int i) : data(static_cast<int64_t>(i)) {}     // NOLINT
  PropertyValue(double d) : data(d) {}                        // NOLINT
  PropertyValue(std::string s) : data(std::move(s)) {}        // NOLINT
  PropertyValue(const char* s) : data(std::string(s)) {}      // NOLINT
  PropertyValue(List l) : data(std::move(l)) {}               // NOLINT

  bool is_null() const { return data.index() == 0; }
  bool is_bool() const { return data.index() == 1; }
  bool is_int() const { return data.index() == 2; }
  bool is_double() const { return data.index() == 3; }
  bool is_string() const { return data.index() == 4; }
  bool is_list() const { return data.index() == 5; }
  bool as_bool() const { return std::get<bool>(data); }
  int64_t as_int() const { return std::get<int64_t>(data); }
  double as_double() const { return std::get<double>(data); }
  const std::string& as_string() const { return std::get<std::string>(data); }
  const List& as_list() const { return std::get<List>(data); }

  bool operator==(const PropertyValue& o) const { return data == o.data; }
  bool operator!=(const PropertyValue& o) const { return !(*this == o); }
};

// Property maps are ordered by key so that output is deterministic.
using Properties = std::map<std::string, PropertyValue>;

// Human-readable rendering in openCypher TCK notation: 'str', 1, 1.5, true, null, [1, 2].
std::string PropertyToString(const PropertyValue& v);

struct NodeRecord {
  NodeId id = 0;
  std::vector<std::string> labels;  // sorted, unique
  Properties properties;
};

struct EdgeRecord {
  EdgeId id = 0;
  std::string type;
  NodeId source = 0;
  NodeId target = 0;
  Properties properties;
};

enum class Direction { kOut, kIn, kBoth };

// One adjacency entry seen from a node: the edge and the node at its other end.
struct AdjEntry {
  EdgeId edge = 0;
  NodeId neighbor = 0;
  std::string_view type;  // valid only during the visitor call
  bool outgoing = true;   // true if the edge leaves the node the expansion started from
};

// Counts kept by the store without scanning.
struct GraphCounts {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  std::map<std::string, uint64_t> nodes_per_label;
  std::map<std::string, uint64_t> edges_per_type;
};

}  // namespace kg::graph
