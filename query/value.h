// Value: one openCypher value as the query engine sees it: null, boolean, integer, float, string,
// list, map, node, relationship or path. Lists, maps and paths are immutable and shared, so
// copying a Value is cheap. ToString() renders TCK notation ('str', [1, 2], (:L {k: 1}), [:T],
// <(:A)-[:T]->(:B)>); the result printers, the e2e runner and the TCK runner all share it.
// Nodes and relationships carry their id and, once materialised for output, a snapshot record.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "graph/types.h"

namespace kg::query {

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;

struct NodeValue {
  graph::NodeId id = 0;
  std::shared_ptr<const graph::NodeRecord> record;  // set once materialised for output
};
struct RelValue {
  graph::EdgeId id = 0;
  std::shared_ptr<const graph::EdgeRecord> record;
};
// A path: nodes.size() == rels.size() + 1.
struct PathValue {
  std::vector<NodeValue> nodes;
  std::vector<RelValue> rels;
};

class Value {
 public:
  enum class Type { kNull, kBool, kInt, kFloat, kString, kList, kMap, kNode, kRel, kPath };

  Value() = default;
  Value(bool b) : data_(b) {}                                       // NOLINT
  Value(int64_t i) : data_(i) {}                                    // NOLINT
  Value(int i) : data_(static_cast<int64_t>(i)) {}                  // NOLINT
  Value(double d) : data_(d) {}                                     // NOLINT
  Value(std::string s) : data_(std::move(s)) {}                     // NOLINT
  Value(const char* s) : data_(std::string(s)) {}                   // NOLINT
  Value(ValueList l) : data_(std::make_shared<const ValueList>(std::move(l))) {}  // NOLINT
  Value(ValueMap m) : data_(std::make_shared<const ValueMap>(std::move(m))) {}    // NOLINT
  Value(NodeValue n) : data_(std::move(n)) {}                       // NOLINT
  Value(RelValue r) : data_(std::move(r)) {}                        // NOLINT
  Value(PathValue p) : data_(std::make_shared<const PathValue>(std::move(p))) {}  // NOLINT

  static Value Null() { return Value(); }
  static Value FromProperty(const graph::PropertyValue& p);

  Type type() const { return static_cast<Type>(data_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_float() const { return type() == Type::kFloat; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return type() == Type::kString; }
  bool is_list() const { return type() == Type::kList; }
  bool is_map() const { return type() == Type::kMap; }
  bool is_node() const { return type() == Type::kNode; }
  bool is_rel() const { return type() == Type::kRel; }
  bool is_path() const { return type() == Type::kPath; }

  // REQUIRES: the matching type.
  bool as_bool() const { return std::get<bool>(data_); }
  int64_t as_int() const { return std::get<int64_t>(data_); }
  double as_float() const { return std::get<double>(data_); }
  // Integer or float as double. REQUIRES: is_number().
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_float(); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const ValueList& as_list() const { return *std::get<std::shared_ptr<const ValueList>>(data_); }
  const ValueMap& as_map() const { return *std::get<std::shared_ptr<const ValueMap>>(data_); }
  const NodeValue& as_node() const { return std::get<NodeValue>(data_); }
  const RelValue& as_rel() const { return std::get<RelValue>(data_); }
  const PathValue& as_path() const { return *std::get<std::shared_ptr<const PathValue>>(data_); }

  // Converts to a storable property value. Returns false for maps, nodes, relationships, paths
  // and lists holding them (or mixing types), which cannot be stored.
  bool ToProperty(graph::PropertyValue* out) const;

  // TCK notation. Nodes and relationships without a record print as (#id) / [#id].
  std::string ToString() const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string,
               std::shared_ptr<const ValueList>, std::shared_ptr<const ValueMap>, NodeValue,
               RelValue, std::shared_ptr<const PathValue>>
      data_;
};

// The openCypher type name used in error messages: "Integer", "String", "Node"...
const char* TypeName(Value::Type t);

// Ternary result of openCypher comparisons: kFalse, kTrue or kNull (unknown).
enum class Tri { kFalse, kTrue, kNull };
inline Value TriToValue(Tri t) { return t == Tri::kNull ? Value() : Value(t == Tri::kTrue); }

// openCypher equality (`=`): null when either side is (or contains, where it matters) null.
Tri Equals(const Value& a, const Value& b);
// openCypher comparison (`<` etc.): returns -1/0/1 in *cmp, or kNull when the values are not
// comparable (different types, null, NaN involved).
Tri CompareForPredicate(const Value& a, const Value& b, int* cmp);
// The total order of ORDER BY (maps < nodes < relationships < lists < paths < strings < booleans
// < numbers < null). Also used for grouping and DISTINCT: equal under this order means
// equivalent (1 and 1.0 are equivalent, null is equivalent to null).
int TotalOrder(const Value& a, const Value& b);

struct ValueLess {
  bool operator()(const Value& a, const Value& b) const { return TotalOrder(a, b) < 0; }
};
struct RowLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// Float rendering used by ToString: shortest round-trip digits, always with '.' or exponent.
std::string FormatFloat(double d);
// Quotes a string in TCK notation: 'it\'s'.
std::string QuoteString(const std::string& s);

}  // namespace kg::query
