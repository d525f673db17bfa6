#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <random>

#include "query/binder/function_catalog.h"
#include "query/errors.h"
#include "query/executor/exec_context.h"

namespace kg::query {

namespace {

[[noreturn]] void BadArg(const ast::Expr& call, const Value& v) {
  throw TypeError("InvalidArgumentValue", "Invalid argument to " + call.name + "(): " +
                                              TypeName(v.type()) + " " + v.ToString());
}

// UTF-8 code points of s.
std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string JoinCps(const std::vector<std::string>& cps, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to && i < cps.size(); ++i) {
    out += cps[i];
  }
  return out;
}

double Num(const ast::Expr& call, const Value& v) {
  if (!v.is_number()) {
    BadArg(call, v);
  }
  return v.as_number();
}

int64_t Int(const ast::Expr& call, const Value& v) {
  if (!v.is_int()) {
    BadArg(call, v);
  }
  return v.as_int();
}

const std::string& Str(const ast::Expr& call, const Value& v) {
  if (!v.is_string()) {
    BadArg(call, v);
  }
  return v.as_string();
}

Value ParseInteger(const std::string& s) {
  std::string t = s;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) {
    t.pop_back();
  }
  size_t start = 0;
  while (start < t.size() && std::isspace(static_cast<unsigned char>(t[start]))) {
    ++start;
  }
  t = t.substr(start);
  if (t.empty()) {
    return Value();
  }
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(t.c_str(), &end, 10);
  if (*end == '\0' && errno == 0) {
    return Value(static_cast<int64_t>(v));
  }
  double d = std::strtod(t.c_str(), &end);
  if (*end == '\0' && std::isfinite(d) && std::fabs(d) < 9.2e18) {
    return Value(static_cast<int64_t>(d));
  }
  return Value();
}

Value ParseFloat(const std::string& s) {
  if (s.empty()) {
    return Value();
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (*end != '\0' || end == s.c_str()) {
    return Value();
  }
  return Value(d);
}

std::string ToStringValue(const Value& v) {
  if (v.is_string()) {
    return v.as_string();
  }
  if (v.is_int()) {
    return std::to_string(v.as_int());
  }
  if (v.is_float()) {
    return FormatFloat(v.as_float());
  }
  return v.as_bool() ? "true" : "false";
}

std::vector<graph::NodeId> PathNodes(const Value& v) {
  std::vector<graph::NodeId> out;
  for (const auto& n : v.as_path().nodes) {
    out.push_back(n.id);
  }
  return out;
}

}  // namespace

Value CallFunction(const ast::Expr& call, std::vector<Value>& args, ExecContext& ctx) {
  if (call.function_id == -2) {
    // Internal: node/relationship matches a property map given as a parameter.
    const Value& entity = args[0];
    const Value& props = args[1];
    if (entity.is_null()) {
      return Value();
    }
    if (props.is_null()) {
      return Value(true);
    }
    if (!props.is_map()) {
      throw TypeError("InvalidArgumentType", "Property map parameter must be a Map");
    }
    ValueMap have = EntityProperties(entity, ctx);
    for (const auto& [k, v] : props.as_map()) {
      auto it = have.find(k);
      if (it == have.end() || Equals(it->second, v) != Tri::kTrue) {
        return Value(false);
      }
    }
    return Value(true);
  }
  auto id = static_cast<FunctionId>(call.function_id);
  auto arg = [&](size_t i) -> const Value& { return args[i]; };
  // Functions that handle null themselves.
  switch (id) {
    case FunctionId::kCoalesce:
      for (const auto& a : args) {
        if (!a.is_null()) {
          return a;
        }
      }
      return Value();
    case FunctionId::kPi:
      return Value(M_PI);
    case FunctionId::kE:
      return Value(M_E);
    case FunctionId::kRand: {
      static thread_local std::mt19937_64 gen(std::random_device{}());
      return Value(std::uniform_real_distribution<double>(0.0, 1.0)(gen));
    }
    case FunctionId::kExists:
      return Value(!arg(0).is_null());
    case FunctionId::kRange: {
      for (const auto& a : args) {
        if (a.is_null()) {
          return Value();
        }
        if (!a.is_int()) {
          throw RuntimeError("ArgumentError", "InvalidArgumentType",
                             "range() takes Integer arguments, got " + a.ToString());
        }
      }
      int64_t from = Int(call, arg(0));
      int64_t to = Int(call, arg(1));
      int64_t step = args.size() > 2 ? Int(call, arg(2)) : 1;
      if (step == 0) {
        throw RuntimeError("ArgumentError", "NumberOutOfRange", "range() step must not be 0");
      }
      // The whole list is held in memory: refuse sizes that would exhaust it instead of
      // truncating. 128-bit arithmetic keeps the count and the steps free of overflow.
      constexpr __int128 kMaxRange = 10'000'000;
      __int128 span = static_cast<__int128>(to) - from;
      __int128 count = (span == 0 || (span > 0) == (step > 0)) ? span / step + 1 : 0;
      if (count > kMaxRange) {
        throw RuntimeError("ExecutionError", "ListTooLarge",
                           "range(" + std::to_string(from) + ", " + std::to_string(to) +
                               ") would hold more than " + std::to_string(int64_t{kMaxRange}) +
                               " elements in memory; use a smaller range");
      }
      ValueList out;
      out.reserve(static_cast<size_t>(count));
      for (__int128 k = 0; k < count; ++k) {
        out.push_back(Value(static_cast<int64_t>(from + k * step)));
        if ((k & 0xFFFF) == 0) {
          CheckInterrupt();
        }
      }
      return Value(std::move(out));
    }
    default:
      break;
  }
  for (const auto& a : args) {
    if (a.is_null()) {
      if (id == FunctionId::kToString || id == FunctionId::kToStringOrNull) {
        return Value();
      }
      return Value();
    }
  }
  switch (id) {
    case FunctionId::kAbs:
      if (arg(0).is_int()) {
        return Value(arg(0).as_int() < 0 ? -arg(0).as_int() : arg(0).as_int());
      }
      return Value(std::fabs(Num(call, arg(0))));
    case FunctionId::kCeil:
      return Value(std::ceil(Num(call, arg(0))));
    case FunctionId::kFloor:
      return Value(std::floor(Num(call, arg(0))));
    case FunctionId::kRound: {
      double x = Num(call, arg(0));
      return Value(std::floor(x + 0.5));
    }
    case FunctionId::kSign: {
      double x = Num(call, arg(0));
      return Value(static_cast<int64_t>(x > 0 ? 1 : (x < 0 ? -1 : 0)));
    }
    case FunctionId::kSqrt:
      return Value(std::sqrt(Num(call, arg(0))));
    case FunctionId::kExp:
      return Value(std::exp(Num(call, arg(0))));
    case FunctionId::kLog:
      return Value(std::log(Num(call, arg(0))));
    case FunctionId::kLog10:
      return Value(std::log10(Num(call, arg(0))));
    case FunctionId::kSin:
      return Value(std::sin(Num(call, arg(0))));
    case FunctionId::kCos:
      return Value(std::cos(Num(call, arg(0))));
    case FunctionId::kTan:
      return Value(std::tan(Num(call, arg(0))));
    case FunctionId::kCot:
      return Value(1.0 / std::tan(Num(call, arg(0))));
    case FunctionId::kAsin:
      return Value(std::asin(Num(call, arg(0))));
    case FunctionId::kAcos:
      return Value(std::acos(Num(call, arg(0))));
    case FunctionId::kAtan:
      return Value(std::atan(Num(call, arg(0))));
    case FunctionId::kAtan2:
      return Value(std::atan2(Num(call, arg(0)), Num(call, arg(1))));
    case FunctionId::kDegrees:
      return Value(Num(call, arg(0)) * 180.0 / M_PI);
    case FunctionId::kRadians:
      return Value(Num(call, arg(0)) * M_PI / 180.0);
    case FunctionId::kHaversin:
      return Value((1.0 - std::cos(Num(call, arg(0)))) / 2.0);
    case FunctionId::kToInteger:
    case FunctionId::kToIntegerOrNull: {
      const Value& v = arg(0);
      if (v.is_int()) {
        return v;
      }
      if (v.is_float()) {
        double d = v.as_float();
        if (!std::isfinite(d) || std::fabs(d) >= 9.2e18) {
          return Value();
        }
        return Value(static_cast<int64_t>(d));
      }
      if (v.is_string()) {
        return ParseInteger(v.as_string());
      }
      if (v.is_bool()) {
        return Value(static_cast<int64_t>(v.as_bool() ? 1 : 0));
      }
      if (id == FunctionId::kToIntegerOrNull) {
        return Value();
      }
      BadArg(call, v);
    }
    case FunctionId::kToFloat:
    case FunctionId::kToFloatOrNull: {
      const Value& v = arg(0);
      if (v.is_float()) {
        return v;
      }
      if (v.is_int()) {
        return Value(static_cast<double>(v.as_int()));
      }
      if (v.is_string()) {
        return ParseFloat(v.as_string());
      }
      if (id == FunctionId::kToFloatOrNull) {
        return Value();
      }
      BadArg(call, v);
    }
    case FunctionId::kToString:
    case FunctionId::kToStringOrNull: {
      const Value& v = arg(0);
      if (v.is_string() || v.is_number() || v.is_bool()) {
        return Value(ToStringValue(v));
      }
      if (id == FunctionId::kToStringOrNull) {
        return Value();
      }
      BadArg(call, v);
    }
    case FunctionId::kToBoolean:
    case FunctionId::kToBooleanOrNull: {
      const Value& v = arg(0);
      if (v.is_bool()) {
        return v;
      }
      if (v.is_string()) {
        std::string s = v.as_string();
        std::transform(s.begin(), s.end(), s.begin(), ::tolower);
        if (s == "true") {
          return Value(true);
        }
        if (s == "false") {
          return Value(false);
        }
        return Value();
      }
      if (v.is_int()) {
        return Value(v.as_int() != 0);
      }
      if (id == FunctionId::kToBooleanOrNull) {
        return Value();
      }
      BadArg(call, v);
    }
    case FunctionId::kToLower: {
      std::string s = Str(call, arg(0));
      std::transform(s.begin(), s.end(), s.begin(), ::tolower);
      return Value(s);
    }
    case FunctionId::kToUpper: {
      std::string s = Str(call, arg(0));
      std::transform(s.begin(), s.end(), s.begin(), ::toupper);
      return Value(s);
    }
    case FunctionId::kTrim:
    case FunctionId::kLTrim:
    case FunctionId::kRTrim: {
      std::string s = Str(call, arg(0));
      size_t b = 0;
      size_t e = s.size();
      if (id != FunctionId::kRTrim) {
        while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) {
          ++b;
        }
      }
      if (id != FunctionId::kLTrim) {
        while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
          --e;
        }
      }
      return Value(s.substr(b, e - b));
    }
    case FunctionId::kReplace: {
      std::string s = Str(call, arg(0));
      const std::string& from = Str(call, arg(1));
      const std::string& to = Str(call, arg(2));
      if (from.empty()) {
        return Value(s);
      }
      std::string out;
      size_t pos = 0;
      while (true) {
        size_t hit = s.find(from, pos);
        if (hit == std::string::npos) {
          out += s.substr(pos);
          break;
        }
        out += s.substr(pos, hit - pos) + to;
        pos = hit + from.size();
      }
      return Value(out);
    }
    case FunctionId::kSubstring: {
      auto cps = CodePoints(Str(call, arg(0)));
      int64_t start = Int(call, arg(1));
      int64_t len = args.size() > 2 ? Int(call, arg(2)) : static_cast<int64_t>(cps.size());
      if (start < 0 || len < 0) {
        throw RuntimeError("ArgumentError", "NumberOutOfRange",
                           "substring() start and length must be non-negative");
      }
      size_t from = std::min<size_t>(start, cps.size());
      size_t to = std::min<size_t>(from + len, cps.size());
      return Value(JoinCps(cps, from, to));
    }
    case FunctionId::kLeft:
    case FunctionId::kRight: {
      auto cps = CodePoints(Str(call, arg(0)));
      int64_t n = Int(call, arg(1));
      if (n < 0) {
        throw RuntimeError("ArgumentError", "NumberOutOfRange",
                           call.name + "() length must be non-negative");
      }
      size_t k = std::min<size_t>(n, cps.size());
      return Value(id == FunctionId::kLeft ? JoinCps(cps, 0, k)
                                           : JoinCps(cps, cps.size() - k, cps.size()));
    }
    case FunctionId::kSplit: {
      const std::string& s = Str(call, arg(0));
      const std::string& d = Str(call, arg(1));
      ValueList out;
      if (d.empty()) {
        for (auto& cp : CodePoints(s)) {
          out.push_back(Value(cp));
        }
        return Value(std::move(out));
      }
      size_t pos = 0;
      while (true) {
        size_t hit = s.find(d, pos);
        if (hit == std::string::npos) {
          out.push_back(Value(s.substr(pos)));
          break;
        }
        out.push_back(Value(s.substr(pos, hit - pos)));
        pos = hit + d.size();
      }
      return Value(std::move(out));
    }
    case FunctionId::kReverse: {
      if (arg(0).is_list()) {
        ValueList l = arg(0).as_list();
        std::reverse(l.begin(), l.end());
        return Value(std::move(l));
      }
      auto cps = CodePoints(Str(call, arg(0)));
      std::reverse(cps.begin(), cps.end());
      return Value(JoinCps(cps, 0, cps.size()));
    }
    case FunctionId::kSize:
      if (arg(0).is_list()) {
        return Value(static_cast<int64_t>(arg(0).as_list().size()));
      }
      if (arg(0).is_string()) {
        return Value(static_cast<int64_t>(CodePoints(arg(0).as_string()).size()));
      }
      if (arg(0).is_map()) {
        return Value(static_cast<int64_t>(arg(0).as_map().size()));
      }
      BadArg(call, arg(0));
    case FunctionId::kLength:
      if (arg(0).is_path()) {
        return Value(static_cast<int64_t>(arg(0).as_path().rels.size()));
      }
      if (arg(0).is_string()) {
        return Value(static_cast<int64_t>(CodePoints(arg(0).as_string()).size()));
      }
      if (arg(0).is_list()) {
        return Value(static_cast<int64_t>(arg(0).as_list().size()));
      }
      BadArg(call, arg(0));
    case FunctionId::kType:
      if (!arg(0).is_rel()) {
        BadArg(call, arg(0));
      }
      return Value(ctx.GetEdge(arg(0).as_rel().id).type);
    case FunctionId::kLabels: {
      if (!arg(0).is_node()) {
        BadArg(call, arg(0));
      }
      ValueList out;
      for (const auto& l : ctx.GetNode(arg(0).as_node().id).labels) {
        out.push_back(Value(l));
      }
      return Value(std::move(out));
    }
    case FunctionId::kKeys: {
      if (!arg(0).is_node() && !arg(0).is_rel() && !arg(0).is_map()) {
        BadArg(call, arg(0));
      }
      ValueList out;
      for (const auto& [k, v] : EntityProperties(arg(0), ctx)) {
        if (arg(0).is_map() || !v.is_null()) {
          out.push_back(Value(k));
        }
      }
      return Value(std::move(out));
    }
    case FunctionId::kProperties: {
      if (!arg(0).is_node() && !arg(0).is_rel() && !arg(0).is_map()) {
        BadArg(call, arg(0));
      }
      return Value(EntityProperties(arg(0), ctx));
    }
    case FunctionId::kId:
    case FunctionId::kElementId: {
      int64_t v = 0;
      if (arg(0).is_node()) {
        v = static_cast<int64_t>(arg(0).as_node().id);
      } else if (arg(0).is_rel()) {
        v = static_cast<int64_t>(arg(0).as_rel().id);
      } else {
        BadArg(call, arg(0));
      }
      return id == FunctionId::kId ? Value(v) : Value(std::to_string(v));
    }
    case FunctionId::kNodes: {
      if (!arg(0).is_path()) {
        BadArg(call, arg(0));
      }
      ValueList out;
      for (const auto& n : arg(0).as_path().nodes) {
        out.push_back(Value(n));
      }
      return Value(std::move(out));
    }
    case FunctionId::kRelationships: {
      if (!arg(0).is_path()) {
        BadArg(call, arg(0));
      }
      ValueList out;
      for (const auto& r : arg(0).as_path().rels) {
        out.push_back(Value(r));
      }
      return Value(std::move(out));
    }
    case FunctionId::kStartNode:
    case FunctionId::kEndNode: {
      if (!arg(0).is_rel()) {
        BadArg(call, arg(0));
      }
      graph::EdgeRecord e = ctx.GetEdge(arg(0).as_rel().id);
      return Value(NodeValue{id == FunctionId::kStartNode ? e.source : e.target, nullptr});
    }
    case FunctionId::kHead:
    case FunctionId::kLast: {
      if (!arg(0).is_list()) {
        BadArg(call, arg(0));
      }
      const auto& l = arg(0).as_list();
      if (l.empty()) {
        return Value();
      }
      return id == FunctionId::kHead ? l.front() : l.back();
    }
    case FunctionId::kTail: {
      if (!arg(0).is_list()) {
        BadArg(call, arg(0));
      }
      const auto& l = arg(0).as_list();
      ValueList out;
      if (l.size() > 1) {
        out.assign(l.begin() + 1, l.end());
      }
      return Value(std::move(out));
    }
    case FunctionId::kIsEmpty:
      if (arg(0).is_list()) {
        return Value(arg(0).as_list().empty());
      }
      if (arg(0).is_string()) {
        return Value(arg(0).as_string().empty());
      }
      if (arg(0).is_map()) {
        return Value(arg(0).as_map().empty());
      }
      BadArg(call, arg(0));
    case FunctionId::kToList:
      if (arg(0).is_list()) {
        return arg(0);
      }
      return Value(ValueList{arg(0)});
    default:
      break;
  }
  (void)PathNodes;
  throw QueryError("SyntaxError", "UnknownFunction", "Unknown function " + call.name, false);
}

}  // namespace kg::query
