#include "query/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace kg::query {

Value Value::FromProperty(const graph::PropertyValue& p) {
  if (p.is_null()) {
    return Value();
  }
  if (p.is_bool()) {
    return Value(p.as_bool());
  }
  if (p.is_int()) {
    return Value(p.as_int());
  }
  if (p.is_double()) {
    return Value(p.as_double());
  }
  if (p.is_string()) {
    return Value(p.as_string());
  }
  ValueList list;
  list.reserve(p.as_list().size());
  for (const auto& e : p.as_list()) {
    list.push_back(FromProperty(e));
  }
  return Value(std::move(list));
}

bool Value::ToProperty(graph::PropertyValue* out) const {
  switch (type()) {
    case Type::kNull:
      *out = graph::PropertyValue();
      return true;
    case Type::kBool:
      *out = graph::PropertyValue(as_bool());
      return true;
    case Type::kInt:
      *out = graph::PropertyValue(as_int());
      return true;
    case Type::kFloat:
      *out = graph::PropertyValue(as_float());
      return true;
    case Type::kString:
      *out = graph::PropertyValue(as_string());
      return true;
    case Type::kList: {
      graph::PropertyValue::List list;
      for (const Value& e : as_list()) {
        graph::PropertyValue pv;
        if (e.is_null() || e.is_list() || !e.ToProperty(&pv)) {
          return false;
        }
        list.push_back(std::move(pv));
      }
      *out = graph::PropertyValue(std::move(list));
      return true;
    }
    default:
      return false;
  }
}

const char* TypeName(Value::Type t) {
  switch (t) {
    case Value::Type::kNull:
      return "Null";
    case Value::Type::kBool:
      return "Boolean";
    case Value::Type::kInt:
      return "Integer";
    case Value::Type::kFloat:
      return "Float";
    case Value::Type::kString:
      return "String";
    case Value::Type::kList:
      return "List";
    case Value::Type::kMap:
      return "Map";
    case Value::Type::kNode:
      return "Node";
    case Value::Type::kRel:
      return "Relationship";
    case Value::Type::kPath:
      return "Path";
  }
  return "Unknown";
}

std::string FormatFloat(double d) {
  if (std::isnan(d)) {
    return "NaN";
  }
  if (std::isinf(d)) {
    return d > 0 ? "Infinity" : "-Infinity";
  }
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof(buf), "%.*g", prec, d);
    if (std::strtod(buf, nullptr) == d) {
      break;
    }
  }
  std::string s = buf;
  // Java-like: exponent as "e", and always a fraction part.
  auto epos = s.find('e');
  std::string mant = epos == std::string::npos ? s : s.substr(0, epos);
  std::string exp = epos == std::string::npos ? "" : s.substr(epos + 1);
  if (mant.find('.') == std::string::npos) {
    mant += ".0";
  }
  if (exp.empty()) {
    return mant;
  }
  // Strip "+" and leading zeros of the exponent.
  bool neg = false;
  size_t i = 0;
  if (exp[i] == '+' || exp[i] == '-') {
    neg = exp[i] == '-';
    ++i;
  }
  while (i + 1 < exp.size() && exp[i] == '0') {
    ++i;
  }
  return mant + "e" + (neg ? "-" : "") + exp.substr(i);
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '\'';
  return out;
}

namespace {

void AppendProps(const graph::Properties& props, std::string* out) {
  if (props.empty()) {
    return;
  }
  *out += " {";
  bool first = true;
  for (const auto& [k, v] : props) {
    if (!first) {
      *out += ", ";
    }
    first = false;
    *out += k + ": " + Value::FromProperty(v).ToString();
  }
  *out += "}";
}

std::string NodeString(const NodeValue& n) {
  if (!n.record) {
    return "(#" + std::to_string(n.id) + ")";
  }
  std::string out = "(";
  for (const auto& l : n.record->labels) {
    out += ":" + l;
  }
  std::string props;
  AppendProps(n.record->properties, &props);
  if (n.record->labels.empty() && !props.empty()) {
    props = props.substr(1);
  }
  out += props + ")";
  return out;
}

std::string RelString(const RelValue& r) {
  if (!r.record) {
    return "[#" + std::to_string(r.id) + "]";
  }
  std::string out = "[:" + r.record->type;
  AppendProps(r.record->properties, &out);
  return out + "]";
}

int TypeRank(const Value& v) {
  switch (v.type()) {
    case Value::Type::kMap:
      return 0;
    case Value::Type::kNode:
      return 1;
    case Value::Type::kRel:
      return 2;
    case Value::Type::kList:
      return 3;
    case Value::Type::kPath:
      return 4;
    case Value::Type::kString:
      return 5;
    case Value::Type::kBool:
      return 6;
    case Value::Type::kInt:
    case Value::Type::kFloat:
      return 7;
    case Value::Type::kNull:
      return 8;
  }
  return 9;
}

int Sign(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int CompareNumbers(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    return Sign(a.as_int(), b.as_int());
  }
  double x = a.as_number();
  double y = b.as_number();
  bool xn = std::isnan(x);
  bool yn = std::isnan(y);
  if (xn || yn) {
    return xn == yn ? 0 : (xn ? 1 : -1);
  }
  if (x < y) {
    return -1;
  }
  if (x > y) {
    return 1;
  }
  // Mixed int/float equal as doubles: compare exactly when the float is integral.
  if (a.is_int() && !b.is_int() && std::abs(y) < 9.2e18) {
    return Sign(a.as_int(), static_cast<int64_t>(y));
  }
  if (b.is_int() && !a.is_int() && std::abs(x) < 9.2e18) {
    return Sign(static_cast<int64_t>(x), b.as_int());
  }
  return 0;
}

}  // namespace

std::string Value::ToString() const {
  switch (type()) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return as_bool() ? "true" : "false";
    case Type::kInt:
      return std::to_string(as_int());
    case Type::kFloat:
      return FormatFloat(as_float());
    case Type::kString:
      return QuoteString(as_string());
    case Type::kList: {
      std::string out = "[";
      bool first = true;
      for (const auto& e : as_list()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        out += e.ToString();
      }
      return out + "]";
    }
    case Type::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : as_map()) {
        if (!first) {
          out += ", ";
        }
        first = false;
        out += k + ": " + v.ToString();
      }
      return out + "}";
    }
    case Type::kNode:
      return NodeString(as_node());
    case Type::kRel:
      return RelString(as_rel());
    case Type::kPath: {
      const PathValue& p = as_path();
      std::string out = "<" + NodeString(p.nodes[0]);
      for (size_t i = 0; i < p.rels.size(); ++i) {
        const RelValue& r = p.rels[i];
        bool forward = !r.record || r.record->source == p.nodes[i].id;
        out += forward ? "-" : "<-";
        out += RelString(r);
        out += forward ? "->" : "-";
        out += NodeString(p.nodes[i + 1]);
      }
      return out + ">";
    }
  }
  return "?";
}

Tri Equals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    return Tri::kNull;
  }
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) {
      return a.as_int() == b.as_int() ? Tri::kTrue : Tri::kFalse;
    }
    double x = a.as_number();
    double y = b.as_number();
    if (std::isnan(x) || std::isnan(y)) {
      return Tri::kFalse;
    }
    return CompareNumbers(a, b) == 0 ? Tri::kTrue : Tri::kFalse;
  }
  if (a.type() != b.type()) {
    return Tri::kFalse;
  }
  switch (a.type()) {
    case Value::Type::kBool:
      return a.as_bool() == b.as_bool() ? Tri::kTrue : Tri::kFalse;
    case Value::Type::kString:
      return a.as_string() == b.as_string() ? Tri::kTrue : Tri::kFalse;
    case Value::Type::kNode:
      return a.as_node().id == b.as_node().id ? Tri::kTrue : Tri::kFalse;
    case Value::Type::kRel:
      return a.as_rel().id == b.as_rel().id ? Tri::kTrue : Tri::kFalse;
    case Value::Type::kPath: {
      const auto& p = a.as_path();
      const auto& q = b.as_path();
      if (p.nodes.size() != q.nodes.size()) {
        return Tri::kFalse;
      }
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        if (p.nodes[i].id != q.nodes[i].id) {
          return Tri::kFalse;
        }
      }
      for (size_t i = 0; i < p.rels.size(); ++i) {
        if (p.rels[i].id != q.rels[i].id) {
          return Tri::kFalse;
        }
      }
      return Tri::kTrue;
    }
    case Value::Type::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) {
        return Tri::kFalse;
      }
      Tri result = Tri::kTrue;
      for (size_t i = 0; i < x.size(); ++i) {
        Tri t = Equals(x[i], y[i]);
        if (t == Tri::kFalse) {
          return Tri::kFalse;
        }
        if (t == Tri::kNull) {
          result = Tri::kNull;
        }
      }
      return result;
    }
    case Value::Type::kMap: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      if (x.size() != y.size()) {
        return Tri::kFalse;
      }
      Tri result = Tri::kTrue;
      for (auto it = x.begin(), jt = y.begin(); it != x.end(); ++it, ++jt) {
        if (it->first != jt->first) {
          return Tri::kFalse;
        }
      }
      for (auto it = x.begin(), jt = y.begin(); it != x.end(); ++it, ++jt) {
        Tri t = Equals(it->second, jt->second);
        if (t == Tri::kFalse) {
          return Tri::kFalse;
        }
        if (t == Tri::kNull) {
          result = Tri::kNull;
        }
      }
      return result;
    }
    default:
      return Tri::kFalse;
  }
}

Tri CompareForPredicate(const Value& a, const Value& b, int* cmp) {
  if (a.is_null() || b.is_null()) {
    return Tri::kNull;
  }
  if (a.is_number() && b.is_number()) {
    if ((a.is_float() && std::isnan(a.as_float())) || (b.is_float() && std::isnan(b.as_float()))) {
      return Tri::kFalse;
    }
    *cmp = CompareNumbers(a, b);
    return Tri::kTrue;
  }
  if (a.type() != b.type()) {
    return Tri::kNull;
  }
  switch (a.type()) {
    case Value::Type::kString: {
      int c = a.as_string().compare(b.as_string());
      *cmp = c < 0 ? -1 : (c > 0 ? 1 : 0);
      return Tri::kTrue;
    }
    case Value::Type::kBool:
      *cmp = Sign(a.as_bool(), b.as_bool());
      return Tri::kTrue;
    case Value::Type::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = 0;
        Tri t = CompareForPredicate(x[i], y[i], &c);
        if (t != Tri::kTrue) {
          return t;
        }
        if (c != 0) {
          *cmp = c;
          return Tri::kTrue;
        }
      }
      *cmp = Sign(static_cast<int64_t>(x.size()), static_cast<int64_t>(y.size()));
      return Tri::kTrue;
    }
    default:
      return Tri::kNull;
  }
}

int TotalOrder(const Value& a, const Value& b) {
  int ra = TypeRank(a);
  int rb = TypeRank(b);
  if (ra != rb) {
    return ra < rb ? -1 : 1;
  }
  switch (a.type()) {
    case Value::Type::kNull:
      return 0;
    case Value::Type::kInt:
    case Value::Type::kFloat:
      return CompareNumbers(a, b);
    case Value::Type::kBool:
      return Sign(a.as_bool(), b.as_bool());
    case Value::Type::kString: {
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case Value::Type::kNode:
      return Sign(static_cast<int64_t>(a.as_node().id), static_cast<int64_t>(b.as_node().id));
    case Value::Type::kRel:
      return Sign(static_cast<int64_t>(a.as_rel().id), static_cast<int64_t>(b.as_rel().id));
    case Value::Type::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = TotalOrder(x[i], y[i]);
        if (c != 0) {
          return c;
        }
      }
      return Sign(static_cast<int64_t>(x.size()), static_cast<int64_t>(y.size()));
    }
    case Value::Type::kMap: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      auto it = x.begin();
      auto jt = y.begin();
      for (; it != x.end() && jt != y.end(); ++it, ++jt) {
        int c = it->first.compare(jt->first);
        if (c != 0) {
          return c < 0 ? -1 : 1;
        }
        c = TotalOrder(it->second, jt->second);
        if (c != 0) {
          return c;
        }
      }
      return Sign(static_cast<int64_t>(x.size()), static_cast<int64_t>(y.size()));
    }
    case Value::Type::kPath: {
      const auto& p = a.as_path();
      const auto& q = b.as_path();
      for (size_t i = 0; i < p.nodes.size() && i < q.nodes.size(); ++i) {
        int c = Sign(static_cast<int64_t>(p.nodes[i].id), static_cast<int64_t>(q.nodes[i].id));
        if (c != 0) {
          return c;
        }
        if (i < p.rels.size() && i < q.rels.size()) {
          c = Sign(static_cast<int64_t>(p.rels[i].id), static_cast<int64_t>(q.rels[i].id));
          if (c != 0) {
            return c;
          }
        }
      }
      return Sign(static_cast<int64_t>(p.nodes.size()), static_cast<int64_t>(q.nodes.size()));
    }
  }
  return 0;
}

bool RowLess::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = TotalOrder(a[i], b[i]);
    if (c != 0) {
      return c < 0;
    }
  }
  return a.size() < b.size();
}

}  // namespace kg::query
