#include "query/binder/binder.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "query/binder/function_catalog.h"
#include "query/errors.h"
#include "query/procedures.h"
#include "query/suggest.h"

namespace kg::query {

bool ContainsAggregate(const ast::Expr& e) {
  if ((e.kind == ast::ExprKind::kFunction && e.is_aggregate) ||
      e.kind == ast::ExprKind::kCountStar) {
    return true;
  }
  for (const auto& c : e.children) {
    if (c && ContainsAggregate(*c)) {
      return true;
    }
  }
  if (e.kind == ast::ExprKind::kListComprehension || e.kind == ast::ExprKind::kQuantifier) {
    if (e.where && ContainsAggregate(*e.where)) {
      return true;
    }
    if (e.project && ContainsAggregate(*e.project)) {
      return true;
    }
  }
  return false;
}

namespace {

enum class VarType { kAny, kNode, kRel, kRelList, kPath, kScalar, kList };

const char* VarTypeName(VarType t) {
  switch (t) {
    case VarType::kNode:
      return "Node";
    case VarType::kRel:
      return "Relationship";
    case VarType::kRelList:
      return "List<Relationship>";
    case VarType::kPath:
      return "Path";
    case VarType::kScalar:
      return "a non-graph value";
    case VarType::kList:
      return "a List";
    default:
      return "Any";
  }
}

struct VarInfo {
  int slot = -1;
  VarType type = VarType::kAny;
};

using Scope = std::map<std::string, VarInfo>;

bool IsAnonymous(const std::string& name) { return name.rfind("  ", 0) == 0; }

[[noreturn]] void Fail(const std::string& code, const std::string& msg, ast::Pos pos) {
  throw CompileError(code, msg + (pos.line > 0 ? " (line " + std::to_string(pos.line) +
                                                      ", column " + std::to_string(pos.column) +
                                                      ")"
                                                : ""),
                     pos.line, pos.column);
}

bool IsUpdating(ast::ClauseKind k) {
  return k == ast::ClauseKind::kCreate || k == ast::ClauseKind::kMerge ||
         k == ast::ClauseKind::kSet || k == ast::ClauseKind::kDelete ||
         k == ast::ClauseKind::kRemove;
}

const char* ClauseName(ast::ClauseKind k) {
  switch (k) {
    case ast::ClauseKind::kMatch:
      return "MATCH";
    case ast::ClauseKind::kUnwind:
      return "UNWIND";
    case ast::ClauseKind::kMerge:
      return "MERGE";
    case ast::ClauseKind::kCreate:
      return "CREATE";
    case ast::ClauseKind::kSet:
      return "SET";
    case ast::ClauseKind::kDelete:
      return "DELETE";
    case ast::ClauseKind::kRemove:
      return "REMOVE";
    case ast::ClauseKind::kCall:
      return "CALL";
    case ast::ClauseKind::kWith:
      return "WITH";
    case ast::ClauseKind::kReturn:
      return "RETURN";
  }
  return "?";
}

class QueryBinder {
 public:
  QueryBinder(const graph::GraphReader* graph, std::vector<std::string>* warnings)
      : graph_(graph), warnings_(warnings) {}

  BoundSingleQuery BindSingle(ast::SingleQuery* q, bool* updates);

 private:
  struct ExprFlags {
    bool allow_aggregate = false;
    bool in_aggregate = false;
    const char* context = "this context";
  };

  int NewSlot() { return next_slot_++; }
  void BindExpr(ast::Expr* e, Scope& scope, ExprFlags flags);
  void BindPattern(std::vector<ast::PatternPartPtr>& parts, Scope& scope, ast::ClauseKind mode,
                   bool in_expression);
  void BindSetItems(std::vector<ast::SetItem>& items, Scope& scope);
  Scope BindProjection(ast::Clause& c, Scope& scope, bool is_return,
                       BoundSingleQuery* out);
  void CheckSkipLimit(ast::Expr* e, Scope& scope, const char* what);
  void CheckAmbiguousAggregation(const ast::Expr& e, const std::set<std::string>& keys,
                                 bool inside_agg);
  void CheckLabels(const std::vector<std::string>& labels, ast::Pos pos);
  void CheckBooleanOperand(const ast::Expr& e, const char* what);
  void CheckTypes(const std::vector<std::string>& types, ast::Pos pos);
  void CheckPropertyKey(const std::string& key, ast::Pos pos);
  VarType InferType(const ast::Expr& e, const Scope& scope);

  const graph::GraphReader* graph_;
  std::vector<std::string>* warnings_;
  int next_slot_ = 0;
  std::set<std::string> warned_;
};

void QueryBinder::CheckBooleanOperand(const ast::Expr& e, const char* what) {
  bool bad = (e.kind == ast::ExprKind::kLiteral && !e.literal.is_null() && !e.literal.is_bool()) ||
             e.kind == ast::ExprKind::kList || e.kind == ast::ExprKind::kMap;
  if (bad) {
    Fail("InvalidArgumentType",
         std::string("Type mismatch: ") + what + " expects Boolean operands but got `" + e.text +
             "`",
         e.pos);
  }
}

void QueryBinder::CheckLabels(const std::vector<std::string>& labels, ast::Pos) {
  if (graph_ == nullptr) {
    return;
  }
  std::vector<std::string> known;
  bool loaded = false;
  for (const auto& l : labels) {
    if (!loaded) {
      known = graph_->Labels();
      loaded = true;
    }
    if (known.empty() || std::find(known.begin(), known.end(), l) != known.end()) {
      continue;
    }
    std::string hint = DidYouMean(l, known);
    if (!hint.empty() && warned_.insert("label:" + l).second) {
      warnings_->push_back("unknown label `" + l + "`." + hint);
    }
  }
}

void QueryBinder::CheckTypes(const std::vector<std::string>& types, ast::Pos) {
  if (graph_ == nullptr || types.empty()) {
    return;
  }
  std::vector<std::string> known = graph_->RelationshipTypes();
  for (const auto& t : types) {
    if (known.empty() || std::find(known.begin(), known.end(), t) != known.end()) {
      continue;
    }
    std::string hint = DidYouMean(t, known);
    if (!hint.empty() && warned_.insert("type:" + t).second) {
      warnings_->push_back("unknown relationship type `" + t + "`." + hint);
    }
  }
}

void QueryBinder::CheckPropertyKey(const std::string& key, ast::Pos) {
  if (graph_ == nullptr) {
    return;
  }
  if (warned_.count("key:" + key) != 0) {
    return;
  }
  std::vector<std::string> known = graph_->PropertyKeys();
  if (known.empty() || std::find(known.begin(), known.end(), key) != known.end()) {
    return;
  }
  std::string hint = DidYouMean(key, known);
  if (!hint.empty()) {
    warned_.insert("key:" + key);
    warnings_->push_back("unknown property key `" + key + "`." + hint);
  }
}

VarType QueryBinder::InferType(const ast::Expr& e, const Scope& scope) {
  switch (e.kind) {
    case ast::ExprKind::kVariable: {
      auto it = scope.find(e.name);
      return it == scope.end() ? VarType::kAny : it->second.type;
    }
    case ast::ExprKind::kLiteral:
      return e.literal.is_null() ? VarType::kAny : VarType::kScalar;
    case ast::ExprKind::kList:
      return VarType::kList;
    case ast::ExprKind::kMap:
    case ast::ExprKind::kBinary:
    case ast::ExprKind::kNot:
    case ast::ExprKind::kIsNull:
    case ast::ExprKind::kIsNotNull:
    case ast::ExprKind::kCountStar:
      return VarType::kScalar;
    default:
      return VarType::kAny;
  }
}

void QueryBinder::BindExpr(ast::Expr* e, Scope& scope, ExprFlags flags) {
  if (e == nullptr) {
    return;
  }
  switch (e->kind) {
    case ast::ExprKind::kVariable: {
      auto it = scope.find(e->name);
      if (it == scope.end()) {
        std::vector<std::string> names;
        for (const auto& [n, v] : scope) {
          if (!IsAnonymous(n)) {
            names.push_back(n);
          }
        }
        Fail("UndefinedVariable", "Variable `" + e->name + "` not defined." +
                                      DidYouMean(e->name, names),
             e->pos);
      }
      e->slot = it->second.slot;
      return;
    }
    case ast::ExprKind::kProperty: {
      CheckPropertyKey(e->name, e->pos);
      const ast::Expr& base = *e->children[0];
      bool bad = base.kind == ast::ExprKind::kLiteral && !base.literal.is_null();
      bad = bad || base.kind == ast::ExprKind::kList;
      if (base.kind == ast::ExprKind::kVariable) {
        auto it = scope.find(base.name);
        if (it != scope.end() &&
            (it->second.type == VarType::kPath || it->second.type == VarType::kRelList)) {
          bad = true;
        }
      }
      if (bad) {
        Fail("InvalidArgumentType",
             "Type mismatch: property access `" + e->text + "` needs a Node, Relationship or Map",
             e->pos);
      }
      break;
    }
    case ast::ExprKind::kNot:
      CheckBooleanOperand(*e->children[0], "NOT");
      break;
    case ast::ExprKind::kHasLabels:
      CheckLabels(e->keys, e->pos);
      break;
    case ast::ExprKind::kCountStar:
      e->is_aggregate = true;
      if (!flags.allow_aggregate) {
        Fail("InvalidAggregation", std::string("Aggregation is not allowed in ") + flags.context,
             e->pos);
      }
      if (flags.in_aggregate) {
        Fail("NestedAggregation", "Aggregate functions cannot be nested", e->pos);
      }
      return;
    case ast::ExprKind::kFunction: {
      const FunctionInfo* f = LookupFunction(e->name);
      if (f == nullptr) {
        Fail("UnknownFunction",
             "Unknown function `" + e->name + "`." + DidYouMean(e->name, FunctionNames()),
             e->pos);
      }
      e->function_id = static_cast<int>(f->id);
      e->is_aggregate = f->aggregate;
      int n = static_cast<int>(e->children.size());
      if (n < f->min_args || (f->max_args >= 0 && n > f->max_args)) {
        std::string expected =
            f->min_args == f->max_args
                ? std::to_string(f->min_args)
                : (f->max_args < 0 ? "at least " + std::to_string(f->min_args)
                                   : std::to_string(f->min_args) + " to " +
                                         std::to_string(f->max_args));
        Fail("InvalidNumberOfArguments",
             std::string("Function ") + f->name + "() takes " + expected + " argument(s), got " +
                 std::to_string(n),
             e->pos);
      }
      if (f->aggregate) {
        if (!flags.allow_aggregate) {
          Fail("InvalidAggregation",
               std::string("Aggregation is not allowed in ") + flags.context, e->pos);
        }
        if (flags.in_aggregate) {
          Fail("NestedAggregation", "Aggregate functions cannot be nested", e->pos);
        }
        ExprFlags inner = flags;
        inner.in_aggregate = true;
        for (auto& c : e->children) {
          BindExpr(c.get(), scope, inner);
        }
        return;
      }
      if (!e->children.empty()) {
        const ast::Expr& a = *e->children[0];
        VarType t = InferType(a, scope);
        bool literal = (a.kind == ast::ExprKind::kLiteral && !a.literal.is_null()) ||
                       a.kind == ast::ExprKind::kList || a.kind == ast::ExprKind::kMap;
        bool bad = false;
        switch (f->id) {
          case FunctionId::kLabels:
            bad = literal || t == VarType::kPath || t == VarType::kRel || t == VarType::kRelList;
            break;
          case FunctionId::kType:
            bad = literal || t == VarType::kPath || t == VarType::kNode;
            break;
          case FunctionId::kProperties:
            bad = (literal && a.kind != ast::ExprKind::kMap) || t == VarType::kPath;
            break;
          case FunctionId::kSize:
            bad = t == VarType::kPath || t == VarType::kNode || t == VarType::kRel;
            break;
          case FunctionId::kLength:
            bad = t == VarType::kNode || t == VarType::kRel;
            break;
          case FunctionId::kNodes:
          case FunctionId::kRelationships:
            bad = literal || t == VarType::kNode || t == VarType::kRel;
            break;
          default:
            break;
        }
        if (bad) {
          Fail("InvalidArgumentType", std::string("Type mismatch: invalid argument `") + a.text +
                                          "` for " + f->name + "()",
               e->pos);
        }
      }
      if (f->id == FunctionId::kExists && !e->children.empty()) {
        auto k = e->children[0]->kind;
        if (k != ast::ExprKind::kProperty && k != ast::ExprKind::kPatternPredicate) {
          Fail("InvalidArgumentType",
               "exists() takes a property access or a pattern as its argument", e->pos);
        }
      }
      break;
    }
    case ast::ExprKind::kBinary:
      if (e->op == ast::BinaryOp::kAnd || e->op == ast::BinaryOp::kOr ||
          e->op == ast::BinaryOp::kXor) {
        CheckBooleanOperand(*e->children[0], "a boolean operator");
        CheckBooleanOperand(*e->children[1], "a boolean operator");
      }
      break;
    case ast::ExprKind::kListComprehension:
    case ast::ExprKind::kQuantifier: {
      BindExpr(e->children[0].get(), scope, flags);
      Scope inner = scope;
      e->slot = NewSlot();
      inner[e->name] = {e->slot, VarType::kAny};
      ExprFlags f = flags;
      f.allow_aggregate = false;
      f.context = "a list comprehension or quantifier";
      BindExpr(e->where.get(), inner, f);
      BindExpr(e->project.get(), inner, f);
      return;
    }
    case ast::ExprKind::kPatternPredicate: {
      Scope inner = scope;
      BindPattern(e->pattern, inner, ast::ClauseKind::kMatch, true);
      return;
    }
    case ast::ExprKind::kReduce: {
      BindExpr(e->children[0].get(), scope, flags);
      BindExpr(e->children[1].get(), scope, flags);
      Scope inner = scope;
      e->slot = NewSlot();
      e->acc_slot = NewSlot();
      inner[e->name] = {e->slot, VarType::kAny};
      inner[e->keys[0]] = {e->acc_slot, VarType::kAny};
      ExprFlags f = flags;
      f.allow_aggregate = false;
      f.context = "reduce()";
      BindExpr(e->project.get(), inner, f);
      return;
    }
    case ast::ExprKind::kPatternComprehension:
    case ast::ExprKind::kExists: {
      Scope inner = scope;
      BindPattern(e->pattern, inner, ast::ClauseKind::kMatch, false);
      ExprFlags f = flags;
      f.allow_aggregate = false;
      BindExpr(e->where.get(), inner, f);
      BindExpr(e->project.get(), inner, f);
      return;
    }
    default:
      break;
  }
  for (auto& c : e->children) {
    BindExpr(c.get(), scope, flags);
  }
}

void QueryBinder::BindPattern(std::vector<ast::PatternPartPtr>& parts, Scope& scope,
                              ast::ClauseKind mode, bool in_expression) {
  const Scope before = scope;
  bool creating = mode == ast::ClauseKind::kCreate || mode == ast::ClauseKind::kMerge;
  std::set<std::string> rels_in_clause;
  for (auto& part : parts) {
    for (auto& n : part->nodes) {
      CheckLabels(n.labels, n.pos);
      if (mode != ast::ClauseKind::kCreate && n.properties &&
          n.properties->kind == ast::ExprKind::kParameter) {
        Fail("InvalidParameterUse",
             "Parameter maps cannot be used in " + std::string(ClauseName(mode)) +
                 " patterns; write {key: $param.key} instead",
             n.pos);
      }
      auto it = scope.find(n.variable);
      if (it != scope.end()) {
        VarType t = it->second.type;
        if (t != VarType::kNode && t != VarType::kAny) {
          Fail("VariableTypeConflict",
               "Variable `" + n.variable + "` is already declared as " + VarTypeName(t) +
                   " and cannot be used as a node",
               n.pos);
        }
        bool from_before = before.count(n.variable) != 0;
        if (creating && (!n.labels.empty() || n.properties) &&
            (mode == ast::ClauseKind::kCreate || mode == ast::ClauseKind::kMerge)) {
          Fail("VariableAlreadyBound",
               "Variable `" + n.variable + "` is already bound and cannot be created again",
               n.pos);
        }
        if (creating && from_before && part->nodes.size() == 1 && part->rels.empty()) {
          Fail("VariableAlreadyBound",
               "Variable `" + n.variable + "` is already bound and cannot be created again",
               n.pos);
        }
        n.slot = it->second.slot;
        n.bound_before = from_before;
        if (t == VarType::kAny) {
          it->second.type = VarType::kNode;
        }
      } else {
        if (in_expression && !n.anonymous) {
          Fail("UndefinedVariable",
               "Variable `" + n.variable + "` not defined (patterns used as expressions may "
                                           "not introduce new variables)",
               n.pos);
        }
        n.slot = NewSlot();
        scope[n.variable] = {n.slot, VarType::kNode};
      }
    }
    for (auto& r : part->rels) {
      CheckTypes(r.types, r.pos);
      if (creating && scope.count(r.variable) != 0) {
        Fail("VariableAlreadyBound",
             "Variable `" + r.variable + "` is already bound and cannot be created again", r.pos);
      }
      if (mode != ast::ClauseKind::kCreate && r.properties &&
          r.properties->kind == ast::ExprKind::kParameter) {
        Fail("InvalidParameterUse",
             "Parameter maps cannot be used in " + std::string(ClauseName(mode)) +
                 " patterns; write {key: $param.key} instead",
             r.pos);
      }
      if (creating) {
        if (r.var_length) {
          Fail("CreatingVarLength", std::string("Variable length relationships cannot be used in ") +
                                        ClauseName(mode),
               r.pos);
        }
        if (r.types.size() != 1) {
          Fail("NoSingleRelationshipType",
               std::string("A single relationship type must be specified for ") +
                   ClauseName(mode),
               r.pos);
        }
        if (r.direction == ast::Direction::kBoth && mode == ast::ClauseKind::kCreate) {
          Fail("RequiresDirectedRelationship",
               "Only directed relationships are supported in CREATE", r.pos);
        }
      }
      auto it = scope.find(r.variable);
      if (it != scope.end()) {
        VarType t = it->second.type;
        if (creating) {
          Fail("VariableAlreadyBound",
               "Variable `" + r.variable + "` is already bound and cannot be created again",
               r.pos);
        }
        if (t == VarType::kNode || t == VarType::kPath || t == VarType::kScalar ||
            ((t == VarType::kRelList || t == VarType::kList) && !r.var_length) ||
            (t == VarType::kRel && r.var_length)) {
          Fail("VariableTypeConflict",
               "Variable `" + r.variable + "` is already declared as " + VarTypeName(t) +
                   " and cannot be used as a relationship",
               r.pos);
        }
        if (!rels_in_clause.insert(r.variable).second) {
          Fail("RelationshipUniquenessViolation",
               "Relationship variable `" + r.variable + "` is used twice in one pattern",
               r.pos);
        }
        r.slot = it->second.slot;
        r.bound_before = before.count(r.variable) != 0;
      } else {
        if (in_expression && !r.anonymous) {
          Fail("UndefinedVariable",
               "Variable `" + r.variable + "` not defined (patterns used as expressions may "
                                           "not introduce new variables)",
               r.pos);
        }
        rels_in_clause.insert(r.variable);
        r.slot = NewSlot();
        scope[r.variable] = {r.slot, r.var_length ? VarType::kRelList : VarType::kRel};
      }
    }
    if (!part->path_variable.empty()) {
      if (scope.count(part->path_variable) != 0) {
        Fail("VariableAlreadyBound",
             "Variable `" + part->path_variable + "` is already bound", part->pos);
      }
      part->path_slot = NewSlot();
      scope[part->path_variable] = {part->path_slot, VarType::kPath};
    }
    if (part->kind != ast::PathKind::kNormal) {
      if (part->rels.size() != 1) {
        Fail("InvalidRelationshipPattern",
             "shortestPath() requires a pattern with exactly one relationship", part->pos);
      }
    }
  }
  // Property maps may refer to variables of the same pattern.
  ExprFlags flags;
  flags.context = "a pattern";
  for (auto& part : parts) {
    for (auto& n : part->nodes) {
      BindExpr(n.properties.get(), creating ? scope : scope, flags);
    }
    for (auto& r : part->rels) {
      BindExpr(r.properties.get(), scope, flags);
    }
  }
}

void QueryBinder::BindSetItems(std::vector<ast::SetItem>& items, Scope& scope) {
  ExprFlags flags;
  flags.context = "SET";
  for (auto& item : items) {
    BindExpr(item.target.get(), scope, flags);
    BindExpr(item.value.get(), scope, flags);
    if (item.kind == ast::SetKind::kLabels) {
      CheckLabels(item.labels, item.target->pos);
    }
  }
}

void QueryBinder::CheckSkipLimit(ast::Expr* e, Scope& scope, const char* what) {
  if (e == nullptr) {
    return;
  }
  std::function<bool(const ast::Expr&)> has_var = [&](const ast::Expr& x) {
    if (x.kind == ast::ExprKind::kVariable || x.kind == ast::ExprKind::kPatternPredicate ||
        x.kind == ast::ExprKind::kCountStar || (x.kind == ast::ExprKind::kFunction &&
                                               LookupFunction(x.name) != nullptr &&
                                               LookupFunction(x.name)->aggregate)) {
      return true;
    }
    for (const auto& c : x.children) {
      if (c && has_var(*c)) {
        return true;
      }
    }
    return false;
  };
  if (has_var(*e)) {
    Fail("NonConstantExpression",
         std::string("The expression of ") + what + " must be constant (no variables)", e->pos);
  }
  Scope empty;
  ExprFlags flags;
  flags.context = what;
  (void)scope;
  BindExpr(e, empty, flags);
  if (e->kind == ast::ExprKind::kLiteral) {
    if (e->literal.is_int() && e->literal.as_int() < 0) {
      Fail("NegativeIntegerArgument",
           std::string(what) + " requires a non-negative integer, got " + e->literal.ToString(),
           e->pos);
    }
    if (!e->literal.is_int()) {
      Fail("InvalidArgumentType",
           std::string(what) + " requires an integer, got " + e->literal.ToString(), e->pos);
    }
  }
}

void QueryBinder::CheckAmbiguousAggregation(const ast::Expr& e,
                                            const std::set<std::string>& keys_in,
                                            bool inside_agg) {
  std::set<std::string> keys = keys_in;
  if (e.kind == ast::ExprKind::kListComprehension || e.kind == ast::ExprKind::kQuantifier ||
      e.kind == ast::ExprKind::kReduce) {
    keys.insert(e.name);
    if (e.kind == ast::ExprKind::kReduce) {
      keys.insert(e.keys[0]);
    }
  }
  if (!inside_agg && keys.count(e.text) != 0 && e.kind != ast::ExprKind::kLiteral) {
    return;
  }
  if ((e.kind == ast::ExprKind::kFunction && e.is_aggregate) ||
      e.kind == ast::ExprKind::kCountStar) {
    inside_agg = true;
  }
  if (!inside_agg && e.kind == ast::ExprKind::kVariable && keys.count(e.name) == 0) {
    Fail("AmbiguousAggregationExpression",
         "Expression `" + e.text + "` mixes aggregation with a variable that is not a grouping "
                                   "key; project `" + e.name + "` as its own column",
         e.pos);
  }
  for (const auto& c : e.children) {
    if (c) {
      CheckAmbiguousAggregation(*c, keys, inside_agg);
    }
  }
  if (e.where) {
    CheckAmbiguousAggregation(*e.where, keys, inside_agg);
  }
  if (e.project) {
    CheckAmbiguousAggregation(*e.project, keys, inside_agg);
  }
}

// Replaces sub-expressions of `e` that are spelled like a projection item by a reference to the
// item's output slot (ORDER BY count(*) after RETURN count(*)).
void ReplaceProjected(ast::ExprPtr& e, const std::vector<ast::ProjectionItem>& items) {
  if (!e) {
    return;
  }
  for (const auto& item : items) {
    if (e->kind != ast::ExprKind::kVariable && e->kind != ast::ExprKind::kLiteral &&
        e->text == item.expr->text) {
      auto v = std::make_shared<ast::Expr>();
      v->kind = ast::ExprKind::kVariable;
      v->name = item.alias;
      v->text = e->text;
      v->pos = e->pos;
      v->slot = item.slot;
      e = v;
      return;
    }
  }
  for (auto& c : e->children) {
    ReplaceProjected(c, items);
  }
}

Scope QueryBinder::BindProjection(ast::Clause& c, Scope& scope, bool is_return,
                                  BoundSingleQuery* out) {
  ast::Projection& p = c.projection;
  const char* what = is_return ? "RETURN" : "WITH";
  if (p.star) {
    std::vector<ast::ProjectionItem> star_items;
    for (const auto& [name, info] : scope) {
      if (IsAnonymous(name)) {
        continue;
      }
      ast::ProjectionItem item;
      item.expr = std::make_shared<ast::Expr>();
      item.expr->kind = ast::ExprKind::kVariable;
      item.expr->name = name;
      item.expr->text = name;
      item.alias = name;
      item.has_alias = true;
      star_items.push_back(item);
    }
    if (star_items.empty() && p.items.empty() && is_return) {
      Fail("NoVariablesInScope",
           std::string(what) + " * is not allowed when there are no variables in scope", c.pos);
    }
    p.items.insert(p.items.begin(), star_items.begin(), star_items.end());
    p.star = false;
  }
  ExprFlags flags;
  flags.allow_aggregate = true;
  flags.context = what;
  std::set<std::string> seen;
  bool aggregating = false;
  for (auto& item : p.items) {
    BindExpr(item.expr.get(), scope, flags);
    if (!seen.insert(item.alias).second) {
      Fail("ColumnNameConflict",
           "Multiple result columns with the same name `" + item.alias + "` are not supported",
           item.expr->pos);
    }
    aggregating = aggregating || ContainsAggregate(*item.expr);
  }
  if (aggregating) {
    std::set<std::string> keys;
    for (auto& item : p.items) {
      if (!ContainsAggregate(*item.expr)) {
        keys.insert(item.expr->text);
      }
    }
    for (auto& item : p.items) {
      if (ContainsAggregate(*item.expr)) {
        CheckAmbiguousAggregation(*item.expr, keys, false);
      }
    }
  }
  Scope next;
  for (auto& item : p.items) {
    item.slot = NewSlot();
    next[item.alias] = {item.slot, InferType(*item.expr, scope)};
  }
  // ORDER BY sees the projected columns and (unless aggregating/distinct) the old variables.
  Scope order_scope = (aggregating || p.distinct) ? next : scope;
  for (const auto& [n, v] : next) {
    order_scope[n] = v;
  }
  for (auto& s : p.order_by) {
    if (aggregating && ContainsAggregate(*s.expr)) {
      std::set<std::string> aliases;
      for (const auto& item : p.items) {
        aliases.insert(item.alias);
      }
      CheckAmbiguousAggregation(*s.expr, aliases, false);
    }
    ReplaceProjected(s.expr, p.items);
    if (s.expr->kind == ast::ExprKind::kVariable && s.expr->slot >= 0) {
      continue;
    }
    ExprFlags of;
    of.allow_aggregate = false;
    of.context = "ORDER BY (unless the same aggregate is also projected)";
    if (aggregating || p.distinct) {
      of.allow_aggregate = aggregating;
      BindExpr(s.expr.get(), order_scope, of);
      if (aggregating && ContainsAggregate(*s.expr)) {
        std::set<std::string> keys;
        for (const auto& item : p.items) {
          keys.insert(item.alias);
        }
        CheckAmbiguousAggregation(*s.expr, keys, false);
      }
    } else {
      BindExpr(s.expr.get(), order_scope, of);
    }
  }
  CheckSkipLimit(p.skip.get(), scope, "SKIP");
  CheckSkipLimit(p.limit.get(), scope, "LIMIT");
  if (p.where) {
    ExprFlags wf;
    wf.context = "WHERE";
    Scope where_scope = aggregating ? next : scope;
    for (const auto& [n, v] : next) {
      where_scope[n] = v;
    }
    BindExpr(p.where.get(), where_scope, wf);
  }
  for (auto& item : p.items) {
    if (!is_return && !item.has_alias && item.expr->kind != ast::ExprKind::kVariable) {
      Fail("NoExpressionAlias",
           "Expression `" + item.expr->text + "` in WITH must be aliased (use AS)",
           item.expr->pos);
    }
    if (item.expr->kind == ast::ExprKind::kPatternPredicate) {
      Fail("UnexpectedSyntax",
           "A pattern cannot be projected; use exists(" + item.expr->text + ") or a pattern "
           "comprehension",
           item.expr->pos);
    }
  }
  if (is_return && out != nullptr) {
    for (const auto& item : p.items) {
      out->columns.push_back(item.alias);
      out->column_slots.push_back(item.slot);
    }
  }
  return next;
}

BoundSingleQuery QueryBinder::BindSingle(ast::SingleQuery* q, bool* updates) {
  BoundSingleQuery out;
  out.query = q;
  Scope scope;
  auto& clauses = q->clauses;
  bool seen_update = false;
  for (size_t i = 0; i < clauses.size(); ++i) {
    ast::Clause& c = clauses[i];
    bool last = i + 1 == clauses.size();
    if (c.kind == ast::ClauseKind::kReturn && !last) {
      Fail("InvalidClauseComposition", "RETURN can only be used at the end of the query", c.pos);
    }
    if ((c.kind == ast::ClauseKind::kMatch || c.kind == ast::ClauseKind::kUnwind ||
         c.kind == ast::ClauseKind::kCall) &&
        seen_update) {
      Fail("InvalidClauseComposition",
           std::string(ClauseName(c.kind)) +
               " cannot follow an updating clause without WITH in between",
           c.pos);
    }
    if (IsUpdating(c.kind)) {
      seen_update = true;
      *updates = true;
    }
    if (c.kind == ast::ClauseKind::kWith) {
      seen_update = false;
    }
    ExprFlags flags;
    switch (c.kind) {
      case ast::ClauseKind::kMatch:
        BindPattern(c.pattern, scope, ast::ClauseKind::kMatch, false);
        flags.context = "WHERE";
        BindExpr(c.where.get(), scope, flags);
        if (c.where && c.where->kind == ast::ExprKind::kVariable) {
          VarType t = scope[c.where->name].type;
          if (t == VarType::kNode || t == VarType::kRel || t == VarType::kPath) {
            Fail("InvalidArgumentType",
                 "WHERE needs a Boolean, but `" + c.where->name + "` is a " + VarTypeName(t),
                 c.where->pos);
          }
        }
        break;
      case ast::ClauseKind::kUnwind:
        flags.context = "UNWIND";
        BindExpr(c.expr.get(), scope, flags);
        if (scope.count(c.variable) != 0) {
          Fail("VariableAlreadyBound", "Variable `" + c.variable + "` is already bound", c.pos);
        }
        c.slot = NewSlot();
        scope[c.variable] = {c.slot, VarType::kAny};
        break;
      case ast::ClauseKind::kCreate:
        BindPattern(c.pattern, scope, ast::ClauseKind::kCreate, false);
        break;
      case ast::ClauseKind::kMerge:
        BindPattern(c.pattern, scope, ast::ClauseKind::kMerge, false);
        BindSetItems(c.on_match, scope);
        BindSetItems(c.on_create, scope);
        break;
      case ast::ClauseKind::kSet:
        BindSetItems(c.set_items, scope);
        break;
      case ast::ClauseKind::kRemove:
        flags.context = "REMOVE";
        for (auto& item : c.remove_items) {
          BindExpr(item.target.get(), scope, flags);
        }
        break;
      case ast::ClauseKind::kDelete:
        flags.context = "DELETE";
        for (auto& e : c.exprs) {
          if (e->kind == ast::ExprKind::kHasLabels) {
            Fail("InvalidDelete", "DELETE takes nodes, relationships or paths, not labels; use "
                                  "REMOVE n:Label",
                 e->pos);
          }
          if (e->kind == ast::ExprKind::kLiteral && !e->literal.is_null()) {
            Fail("InvalidArgumentType", "DELETE takes nodes, relationships or paths", e->pos);
          }
          BindExpr(e.get(), scope, flags);
        }
        break;
      case ast::ClauseKind::kCall: {
        const Procedure* proc = ProcedureRegistry::Global().Find(c.procedure);
        if (proc == nullptr) {
          throw QueryError("ProcedureError", "ProcedureNotFound",
                           "There is no procedure `" + c.procedure + "`." +
                               DidYouMean(c.procedure, ProcedureRegistry::Global().Names()),
                           true, c.pos.line, c.pos.column);
        }
        flags.context = "procedure arguments";
        for (auto& a : c.exprs) {
          BindExpr(a.get(), scope, flags);
        }
        if (c.has_args && c.exprs.size() != proc->inputs.size()) {
          Fail("InvalidNumberOfArguments",
               "Procedure " + c.procedure + " takes " + std::to_string(proc->inputs.size()) +
                   " argument(s), got " + std::to_string(c.exprs.size()),
               c.pos);
        }
        bool standalone = clauses.size() == 1;
        if (!c.has_yield || c.yield_all) {
          if (!standalone && !proc->outputs.empty() && !c.yield_all) {
            Fail("InvalidClauseComposition",
                 "CALL " + c.procedure + " inside a larger query needs YIELD", c.pos);
          }
          c.yields.clear();
          for (const auto& f : proc->outputs) {
            c.yields.push_back({f.name, f.name, -1});
          }
        }
        for (auto& y : c.yields) {
          bool found = false;
          for (const auto& f : proc->outputs) {
            found = found || f.name == y.field;
          }
          if (!found) {
            Fail("UndefinedVariable",
                 "Procedure " + c.procedure + " has no output `" + y.field + "`", c.pos);
          }
          if (scope.count(y.alias) != 0) {
            Fail("VariableAlreadyBound", "Variable `" + y.alias + "` is already bound", c.pos);
          }
          y.slot = NewSlot();
          scope[y.alias] = {y.slot, VarType::kAny};
        }
        flags.context = "WHERE";
        BindExpr(c.where.get(), scope, flags);
        if (standalone) {
          for (const auto& y : c.yields) {
            out.columns.push_back(y.alias);
            out.column_slots.push_back(y.slot);
          }
        }
        break;
      }
      case ast::ClauseKind::kWith:
        scope = BindProjection(c, scope, false, nullptr);
        break;
      case ast::ClauseKind::kReturn:
        scope = BindProjection(c, scope, true, &out);
        break;
    }
  }
  if (!clauses.empty()) {
    auto k = clauses.back().kind;
    if (k != ast::ClauseKind::kReturn && !IsUpdating(k) && k != ast::ClauseKind::kCall) {
      Fail("InvalidClauseComposition",
           std::string("Query cannot conclude with ") + ClauseName(k) +
               " (must be RETURN or an update clause)",
           clauses.back().pos);
    }
  }
  out.num_slots = next_slot_;
  return out;
}

}  // namespace

BoundStatement Binder::Bind(ast::Statement* statement) {
  BoundStatement out;
  out.statement = statement;
  for (size_t i = 0; i + 1 < statement->parts.size(); ++i) {
    if (i > 0 && statement->union_all[i] != statement->union_all[i - 1]) {
      throw CompileError("InvalidClauseComposition", "Cannot mix UNION and UNION ALL");
    }
  }
  for (auto& part : statement->parts) {
    QueryBinder qb(graph_, &warnings_);
    bool updates = false;
    out.parts.push_back(qb.BindSingle(&part, &updates));
    out.updates = out.updates || updates;
  }
  out.columns = out.parts[0].columns;
  for (size_t i = 1; i < out.parts.size(); ++i) {
    if (out.parts[i].columns != out.columns) {
      throw CompileError("DifferentColumnsInUnion",
                         "All sub queries in a UNION must have the same column names");
    }
  }
  return out;
}

}  // namespace kg::query
