#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>

#include "query/binder/function_catalog.h"
#include "query/errors.h"
#include "query/executor/exec_context.h"

namespace kg::query {

namespace {

Tri ToTri(const Value& v, const char* what) {
  if (v.is_null()) {
    return Tri::kNull;
  }
  if (!v.is_bool()) {
    throw TypeError("InvalidArgumentType", std::string("Type mismatch: expected Boolean for ") +
                                               what + " but was " + TypeName(v.type()));
  }
  return v.as_bool() ? Tri::kTrue : Tri::kFalse;
}

Value NumericOp(ast::BinaryOp op, const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    int64_t x = a.as_int();
    int64_t y = b.as_int();
    int64_t r = 0;
    switch (op) {
      case ast::BinaryOp::kAdd:
        if (__builtin_add_overflow(x, y, &r)) {
          throw RuntimeError("ArithmeticError", "IntegerOverflow", "integer overflow in +");
        }
        return Value(r);
      case ast::BinaryOp::kSub:
        if (__builtin_sub_overflow(x, y, &r)) {
          throw RuntimeError("ArithmeticError", "IntegerOverflow", "integer overflow in -");
        }
        return Value(r);
      case ast::BinaryOp::kMul:
        if (__builtin_mul_overflow(x, y, &r)) {
          throw RuntimeError("ArithmeticError", "IntegerOverflow", "integer overflow in *");
        }
        return Value(r);
      case ast::BinaryOp::kDiv:
        if (y == 0) {
          throw RuntimeError("ArithmeticError", "DivisionByZero", "/ by zero");
        }
        if (x == INT64_MIN && y == -1) {
          throw RuntimeError("ArithmeticError", "IntegerOverflow", "integer overflow in /");
        }
        return Value(x / y);
      case ast::BinaryOp::kMod:
        if (y == 0) {
          throw RuntimeError("ArithmeticError", "DivisionByZero", "% by zero");
        }
        if (y == -1) {
          return Value(static_cast<int64_t>(0));
        }
        return Value(x % y);
      case ast::BinaryOp::kPow:
        return Value(std::pow(static_cast<double>(x), static_cast<double>(y)));
      default:
        break;
    }
  }
  double x = a.as_number();
  double y = b.as_number();
  switch (op) {
    case ast::BinaryOp::kAdd:
      return Value(x + y);
    case ast::BinaryOp::kSub:
      return Value(x - y);
    case ast::BinaryOp::kMul:
      return Value(x * y);
    case ast::BinaryOp::kDiv:
      return Value(x / y);
    case ast::BinaryOp::kMod:
      return Value(std::fmod(x, y));
    case ast::BinaryOp::kPow:
      return Value(std::pow(x, y));
    default:
      return Value();
  }
}

const char* OpName(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kAdd:
      return "+";
    case ast::BinaryOp::kSub:
      return "-";
    case ast::BinaryOp::kMul:
      return "*";
    case ast::BinaryOp::kDiv:
      return "/";
    case ast::BinaryOp::kMod:
      return "%";
    case ast::BinaryOp::kPow:
      return "^";
    default:
      return "?";
  }
}

Value Arithmetic(ast::BinaryOp op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) {
    return Value();
  }
  if (op == ast::BinaryOp::kAdd) {
    if (a.is_list() || b.is_list()) {
      ValueList out;
      if (a.is_list()) {
        out = a.as_list();
      } else {
        out.push_back(a);
      }
      if (b.is_list()) {
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      } else {
        out.push_back(b);
      }
      return Value(std::move(out));
    }
    if (a.is_string() && b.is_string()) {
      return Value(a.as_string() + b.as_string());
    }
    if (a.is_string() && b.is_number()) {
      return Value(a.as_string() + (b.is_int() ? std::to_string(b.as_int())
                                               : FormatFloat(b.as_float())));
    }
    if (a.is_number() && b.is_string()) {
      return Value((a.is_int() ? std::to_string(a.as_int()) : FormatFloat(a.as_float())) +
                   b.as_string());
    }
  }
  if (a.is_number() && b.is_number()) {
    return NumericOp(op, a, b);
  }
  throw TypeError("InvalidArgumentType", std::string("Type mismatch: cannot apply ") + OpName(op) +
                                             " to " + TypeName(a.type()) + " and " +
                                             TypeName(b.type()));
}

int64_t UnitIndex(const Value& v, const char* what) {
  if (!v.is_int()) {
    throw TypeError("InvalidArgumentType", std::string("Type mismatch: ") + what +
                                               " must be an Integer but was " +
                                               TypeName(v.type()));
  }
  return v.as_int();
}

Value PropertyOf(const Value& base, const std::string& key, ExecContext& ctx) {
  switch (base.type()) {
    case Value::Type::kNull:
      return Value();
    case Value::Type::kNode: {
      graph::NodeRecord rec = ctx.GetNode(base.as_node().id);
      auto it = rec.properties.find(key);
      return it == rec.properties.end() ? Value() : Value::FromProperty(it->second);
    }
    case Value::Type::kRel: {
      graph::EdgeRecord rec = ctx.GetEdge(base.as_rel().id);
      auto it = rec.properties.find(key);
      return it == rec.properties.end() ? Value() : Value::FromProperty(it->second);
    }
    case Value::Type::kMap: {
      const auto& m = base.as_map();
      auto it = m.find(key);
      return it == m.end() ? Value() : it->second;
    }
    default:
      throw TypeError("InvalidArgumentType",
                      "Type mismatch: expected a Map, Node or Relationship for property `" + key +
                          "` but was " + TypeName(base.type()));
  }
}

bool RunSubplanAny(const ast::Expr& e, Row& row, ExecContext& ctx) {
  Subplan& sp = ctx.GetSubplan(e.plan_id);
  Row saved_arg = sp.argument;
  sp.argument = row;
  sp.root->Open();
  Row out;
  bool any = sp.root->Pull(&out);
  sp.argument = std::move(saved_arg);
  return any;
}

}  // namespace

ValueMap EntityProperties(const Value& v, ExecContext& ctx) {
  ValueMap out;
  const graph::Properties* props = nullptr;
  graph::NodeRecord n;
  graph::EdgeRecord r;
  if (v.is_node()) {
    n = ctx.GetNode(v.as_node().id);
    props = &n.properties;
  } else if (v.is_rel()) {
    r = ctx.GetEdge(v.as_rel().id);
    props = &r.properties;
  } else if (v.is_map()) {
    return v.as_map();
  } else {
    throw TypeError("InvalidArgumentType",
                    std::string("Expected a Node, Relationship or Map but was ") +
                        TypeName(v.type()));
  }
  for (const auto& [k, p] : *props) {
    out[k] = Value::FromProperty(p);
  }
  return out;
}

bool EvaluatePredicate(const ast::Expr& e, Row& row, ExecContext& ctx) {
  Value v = Evaluate(e, row, ctx);
  if (v.is_null()) {
    return false;
  }
  if (!v.is_bool()) {
    throw TypeError("InvalidArgumentType",
                    "Type mismatch: expected Boolean in predicate `" + e.text + "` but was " +
                        TypeName(v.type()));
  }
  return v.as_bool();
}

Value Evaluate(const ast::Expr& e, Row& row, ExecContext& ctx) {
  switch (e.kind) {
    case ast::ExprKind::kLiteral:
      return e.literal;
    case ast::ExprKind::kParameter: {
      auto it = ctx.params->find(e.name);
      if (it == ctx.params->end()) {
        throw QueryError("ParameterMissing", "MissingParameter",
                         "Expected a parameter named $" + e.name, false);
      }
      return it->second;
    }
    case ast::ExprKind::kVariable:
      return row[e.slot];
    case ast::ExprKind::kProperty:
      return PropertyOf(Evaluate(*e.children[0], row, ctx), e.name, ctx);
    case ast::ExprKind::kHasLabels: {
      Value base = Evaluate(*e.children[0], row, ctx);
      if (base.is_null()) {
        return Value();
      }
      if (base.is_rel()) {
        std::string type = ctx.GetEdge(base.as_rel().id).type;
        for (const auto& l : e.keys) {
          if (l != type) {
            return Value(false);
          }
        }
        return Value(true);
      }
      if (!base.is_node()) {
        throw TypeError("InvalidArgumentType",
                        std::string("Type mismatch: expected Node but was ") +
                            TypeName(base.type()));
      }
      graph::NodeRecord rec = ctx.GetNode(base.as_node().id);
      for (const auto& l : e.keys) {
        if (std::find(rec.labels.begin(), rec.labels.end(), l) == rec.labels.end()) {
          return Value(false);
        }
      }
      return Value(true);
    }
    case ast::ExprKind::kNot: {
      Tri t = ToTri(Evaluate(*e.children[0], row, ctx), "NOT");
      return t == Tri::kNull ? Value() : Value(t == Tri::kFalse);
    }
    case ast::ExprKind::kNegate: {
      Value v = Evaluate(*e.children[0], row, ctx);
      if (v.is_null()) {
        return v;
      }
      if (v.is_int()) {
        if (v.as_int() == INT64_MIN) {
          throw RuntimeError("ArithmeticError", "IntegerOverflow", "integer overflow in -");
        }
        return Value(-v.as_int());
      }
      if (v.is_float()) {
        return Value(-v.as_float());
      }
      throw TypeError("InvalidArgumentType",
                      std::string("Type mismatch: cannot negate ") + TypeName(v.type()));
    }
    case ast::ExprKind::kPlus: {
      Value v = Evaluate(*e.children[0], row, ctx);
      if (!v.is_null() && !v.is_number()) {
        throw TypeError("InvalidArgumentType",
                        std::string("Type mismatch: unary + on ") + TypeName(v.type()));
      }
      return v;
    }
    case ast::ExprKind::kBinary: {
      switch (e.op) {
        case ast::BinaryOp::kAnd: {
          Tri a = ToTri(Evaluate(*e.children[0], row, ctx), "AND");
          if (a == Tri::kFalse) {
            Tri b = ToTri(Evaluate(*e.children[1], row, ctx), "AND");
            (void)b;
            return Value(false);
          }
          Tri b = ToTri(Evaluate(*e.children[1], row, ctx), "AND");
          if (b == Tri::kFalse) {
            return Value(false);
          }
          return (a == Tri::kNull || b == Tri::kNull) ? Value() : Value(true);
        }
        case ast::BinaryOp::kOr: {
          Tri a = ToTri(Evaluate(*e.children[0], row, ctx), "OR");
          Tri b = ToTri(Evaluate(*e.children[1], row, ctx), "OR");
          if (a == Tri::kTrue || b == Tri::kTrue) {
            return Value(true);
          }
          return (a == Tri::kNull || b == Tri::kNull) ? Value() : Value(false);
        }
        case ast::BinaryOp::kXor: {
          Tri a = ToTri(Evaluate(*e.children[0], row, ctx), "XOR");
          Tri b = ToTri(Evaluate(*e.children[1], row, ctx), "XOR");
          if (a == Tri::kNull || b == Tri::kNull) {
            return Value();
          }
          return Value(a != b);
        }
        default:
          break;
      }
      Value a = Evaluate(*e.children[0], row, ctx);
      Value b = Evaluate(*e.children[1], row, ctx);
      switch (e.op) {
        case ast::BinaryOp::kAdd:
        case ast::BinaryOp::kSub:
        case ast::BinaryOp::kMul:
        case ast::BinaryOp::kDiv:
        case ast::BinaryOp::kMod:
        case ast::BinaryOp::kPow:
          return Arithmetic(e.op, a, b);
        case ast::BinaryOp::kEq:
          return TriToValue(Equals(a, b));
        case ast::BinaryOp::kNe: {
          Tri t = Equals(a, b);
          return t == Tri::kNull ? Value() : Value(t == Tri::kFalse);
        }
        case ast::BinaryOp::kLt:
        case ast::BinaryOp::kGt:
        case ast::BinaryOp::kLe:
        case ast::BinaryOp::kGe: {
          int c = 0;
          Tri t = CompareForPredicate(a, b, &c);
          if (t != Tri::kTrue) {
            return TriToValue(t);
          }
          switch (e.op) {
            case ast::BinaryOp::kLt:
              return Value(c < 0);
            case ast::BinaryOp::kGt:
              return Value(c > 0);
            case ast::BinaryOp::kLe:
              return Value(c <= 0);
            default:
              return Value(c >= 0);
          }
        }
        case ast::BinaryOp::kStartsWith:
        case ast::BinaryOp::kEndsWith:
        case ast::BinaryOp::kContains: {
          if (!a.is_string() || !b.is_string()) {
            return Value();
          }
          const std::string& s = a.as_string();
          const std::string& t = b.as_string();
          if (e.op == ast::BinaryOp::kStartsWith) {
            return Value(s.compare(0, t.size(), t) == 0 && s.size() >= t.size());
          }
          if (e.op == ast::BinaryOp::kEndsWith) {
            return Value(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
          }
          return Value(s.find(t) != std::string::npos);
        }
        case ast::BinaryOp::kRegex: {
          if (!a.is_string() || !b.is_string()) {
            return Value();
          }
          try {
            std::regex re(b.as_string(), std::regex::ECMAScript);
            return Value(std::regex_match(a.as_string(), re));
          } catch (const std::regex_error&) {
            throw RuntimeError("ArgumentError", "InvalidArgumentValue",
                               "Invalid regular expression: " + b.as_string());
          }
        }
        case ast::BinaryOp::kIn: {
          if (b.is_null()) {
            return Value();
          }
          if (!b.is_list()) {
            throw TypeError("InvalidArgumentType",
                            std::string("Type mismatch: IN expects a List but was ") +
                                TypeName(b.type()));
          }
          bool saw_null = false;
          for (const auto& x : b.as_list()) {
            Tri t = Equals(a, x);
            if (t == Tri::kTrue) {
              return Value(true);
            }
            if (t == Tri::kNull) {
              saw_null = true;
            }
          }
          return saw_null ? Value() : Value(false);
        }
        default:
          return Value();
      }
    }
    case ast::ExprKind::kIsNull:
      return Value(Evaluate(*e.children[0], row, ctx).is_null());
    case ast::ExprKind::kIsNotNull:
      return Value(!Evaluate(*e.children[0], row, ctx).is_null());
    case ast::ExprKind::kList: {
      ValueList out;
      out.reserve(e.children.size());
      for (const auto& c : e.children) {
        out.push_back(Evaluate(*c, row, ctx));
      }
      return Value(std::move(out));
    }
    case ast::ExprKind::kMap: {
      ValueMap out;
      for (size_t i = 0; i < e.keys.size(); ++i) {
        out[e.keys[i]] = Evaluate(*e.children[i], row, ctx);
      }
      return Value(std::move(out));
    }
    case ast::ExprKind::kIndex: {
      Value base = Evaluate(*e.children[0], row, ctx);
      Value idx = Evaluate(*e.children[1], row, ctx);
      if (base.is_null() || idx.is_null()) {
        return Value();
      }
      if (base.is_list()) {
        int64_t i = UnitIndex(idx, "a list index");
        const auto& l = base.as_list();
        int64_t n = static_cast<int64_t>(l.size());
        if (i < 0) {
          i += n;
        }
        if (i < 0 || i >= n) {
          return Value();
        }
        return l[i];
      }
      if (base.is_map() || base.is_node() || base.is_rel()) {
        if (!idx.is_string()) {
          throw TypeError("MapElementAccessByNonString",
                          std::string("Type mismatch: map keys must be Strings but was ") +
                              TypeName(idx.type()));
        }
        return PropertyOf(base, idx.as_string(), ctx);
      }
      throw TypeError("InvalidArgumentType",
                      std::string("Type mismatch: cannot index into ") + TypeName(base.type()));
    }
    case ast::ExprKind::kSlice: {
      Value base = Evaluate(*e.children[0], row, ctx);
      if (base.is_null()) {
        return Value();
      }
      if (!base.is_list()) {
        throw TypeError("InvalidArgumentType",
                        std::string("Type mismatch: cannot slice ") + TypeName(base.type()));
      }
      const auto& l = base.as_list();
      int64_t n = static_cast<int64_t>(l.size());
      int64_t from = 0;
      int64_t to = n;
      if (e.has_from) {
        Value f = Evaluate(*e.children[1], row, ctx);
        if (f.is_null()) {
          return Value();
        }
        from = UnitIndex(f, "a slice bound");
      }
      if (e.has_to) {
        Value t = Evaluate(*e.children[2], row, ctx);
        if (t.is_null()) {
          return Value();
        }
        to = UnitIndex(t, "a slice bound");
      }
      if (from < 0) {
        from += n;
      }
      if (to < 0) {
        to += n;
      }
      from = std::clamp<int64_t>(from, 0, n);
      to = std::clamp<int64_t>(to, 0, n);
      ValueList out;
      for (int64_t i = from; i < to; ++i) {
        out.push_back(l[i]);
      }
      return Value(std::move(out));
    }
    case ast::ExprKind::kCountStar:
    case ast::ExprKind::kFunction: {
      if (e.is_aggregate) {
        if (ctx.aggregates == nullptr) {
          throw QueryError("SyntaxError", "InvalidAggregation",
                           "Aggregation is not allowed here: " + e.text, false);
        }
        auto it = ctx.aggregates->find(&e);
        return it == ctx.aggregates->end() ? Value() : it->second;
      }
      if (e.function_id == static_cast<int>(FunctionId::kExists) && !e.children.empty() &&
          e.children[0]->kind == ast::ExprKind::kPatternPredicate) {
        return Evaluate(*e.children[0], row, ctx);
      }
      std::vector<Value> args;
      args.reserve(e.children.size());
      for (const auto& c : e.children) {
        args.push_back(Evaluate(*c, row, ctx));
      }
      return CallFunction(e, args, ctx);
    }
    case ast::ExprKind::kCase: {
      size_t i = 0;
      Value subject;
      if (e.has_subject) {
        subject = Evaluate(*e.children[0], row, ctx);
        i = 1;
      }
      size_t end = e.children.size() - (e.has_else ? 1 : 0);
      for (; i + 1 < end; i += 2) {
        Value when = Evaluate(*e.children[i], row, ctx);
        bool hit = e.has_subject ? Equals(subject, when) == Tri::kTrue
                                 : (when.is_bool() && when.as_bool());
        if (hit) {
          return Evaluate(*e.children[i + 1], row, ctx);
        }
      }
      return e.has_else ? Evaluate(*e.children.back(), row, ctx) : Value();
    }
    case ast::ExprKind::kListComprehension:
    case ast::ExprKind::kQuantifier: {
      Value list = Evaluate(*e.children[0], row, ctx);
      if (list.is_null()) {
        return Value();
      }
      if (!list.is_list()) {
        throw TypeError("InvalidArgumentType",
                        std::string("Type mismatch: expected a List but was ") +
                            TypeName(list.type()));
      }
      Value saved = row[e.slot];
      ValueList out;
      int trues = 0;
      int nulls = 0;
      int falses = 0;
      for (const auto& x : list.as_list()) {
        row[e.slot] = x;
        if (e.kind == ast::ExprKind::kListComprehension) {
          if (e.where && !EvaluatePredicate(*e.where, row, ctx)) {
            continue;
          }
          out.push_back(e.project ? Evaluate(*e.project, row, ctx) : x);
        } else {
          Value p = e.where ? Evaluate(*e.where, row, ctx) : Value(true);
          Tri t = ToTri(p, "a quantifier predicate");
          if (t == Tri::kTrue) {
            ++trues;
          } else if (t == Tri::kFalse) {
            ++falses;
          } else {
            ++nulls;
          }
        }
      }
      row[e.slot] = saved;
      if (e.kind == ast::ExprKind::kListComprehension) {
        return Value(std::move(out));
      }
      switch (e.quantifier) {
        case ast::QuantifierKind::kAll:
          return falses > 0 ? Value(false) : (nulls > 0 ? Value() : Value(true));
        case ast::QuantifierKind::kAny:
          return trues > 0 ? Value(true) : (nulls > 0 ? Value() : Value(false));
        case ast::QuantifierKind::kNone:
          return trues > 0 ? Value(false) : (nulls > 0 ? Value() : Value(true));
        case ast::QuantifierKind::kSingle:
          if (trues > 1) {
            return Value(false);
          }
          if (nulls > 0) {
            return Value();
          }
          return Value(trues == 1);
      }
      return Value();
    }
    case ast::ExprKind::kPatternPredicate:
    case ast::ExprKind::kExists:
      return Value(RunSubplanAny(e, row, ctx));
    case ast::ExprKind::kReduce: {
      Value acc = Evaluate(*e.children[0], row, ctx);
      Value list = Evaluate(*e.children[1], row, ctx);
      if (list.is_null()) {
        return Value();
      }
      if (!list.is_list()) {
        throw TypeError("InvalidArgumentType",
                        std::string("Type mismatch: reduce() expects a List but was ") +
                            TypeName(list.type()));
      }
      Value saved_x = row[e.slot];
      Value saved_acc = row[e.acc_slot];
      for (const auto& x : list.as_list()) {
        row[e.slot] = x;
        row[e.acc_slot] = acc;
        acc = Evaluate(*e.project, row, ctx);
      }
      row[e.slot] = saved_x;
      row[e.acc_slot] = saved_acc;
      return acc;
    }
    case ast::ExprKind::kPatternComprehension: {
      Subplan& sp = ctx.GetSubplan(e.plan_id);
      Row saved_arg = sp.argument;
      sp.argument = row;
      sp.root->Open();
      Row out;
      ValueList values;
      while (sp.root->Pull(&out)) {
        values.push_back(Evaluate(*e.project, out, ctx));
      }
      sp.argument = std::move(saved_arg);
      return Value(std::move(values));
    }
  }
  return Value();
}

}  // namespace kg::query
