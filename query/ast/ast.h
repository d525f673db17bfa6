// The query AST: what the parser builds from the parse tree and the binder annotates. Every node
// is a plain struct; expressions are one node type with a kind (souffle-style: easy to print,
// compare and walk). Fields marked "binder" are filled in by binder/binder.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "query/value.h"

namespace kg::query::ast {

struct Pos {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

enum class ExprKind {
  kLiteral,        // literal
  kParameter,      // name
  kVariable,       // name
  kProperty,       // children[0].name
  kHasLabels,      // children[0] : labels
  kNot,            // children[0]
  kNegate,         // children[0]
  kPlus,           // unary plus
  kBinary,         // op, children[0], children[1]
  kIsNull,         // children[0]
  kIsNotNull,      // children[0]
  kList,           // children
  kMap,            // keys[i] -> children[i]
  kIndex,          // children[0][children[1]]
  kSlice,          // children[0][from..to]; has_from/has_to say which of children[1..] exist
  kFunction,       // name(children), distinct
  kCountStar,      // count(*)
  kCase,           // has_subject: children[0] is the subject; then WHEN/THEN pairs; has_else
  kListComprehension,  // name IN children[0] (WHERE where) (| project)
  kQuantifier,     // quantifier ALL/ANY/NONE/SINGLE, name IN children[0] WHERE where
  kPatternPredicate,     // pattern
  kPatternComprehension, // pattern WHERE where | project
  kExists,         // EXISTS { pattern WHERE where }
  kReduce,         // reduce(keys[0] = children[0], name IN children[1] | project)
};

enum class BinaryOp {
  kOr, kXor, kAnd, kAdd, kSub, kMul, kDiv, kMod, kPow, kEq, kNe, kLt, kGt, kLe, kGe,
  kStartsWith, kEndsWith, kContains, kRegex, kIn,
};

enum class QuantifierKind { kAll, kAny, kNone, kSingle };

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;
struct PatternPart;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  Pos pos;
  std::string text;  // the source text, e.g. for column names
  Value literal;
  std::string name;
  std::vector<std::string> keys;    // kMap keys, kHasLabels labels
  BinaryOp op = BinaryOp::kAnd;
  QuantifierKind quantifier = QuantifierKind::kAll;
  std::vector<ExprPtr> children;
  bool distinct = false;
  bool has_subject = false;  // kCase
  bool has_else = false;     // kCase
  bool has_from = false;     // kSlice
  bool has_to = false;       // kSlice
  ExprPtr where;             // comprehensions, quantifiers, pattern comprehension, EXISTS
  ExprPtr project;           // comprehensions
  std::vector<std::shared_ptr<PatternPart>> pattern;  // kPatternPredicate/Comprehension/kExists

  // binder
  int slot = -1;               // kVariable, comprehension variable
  int acc_slot = -1;           // kReduce accumulator
  int function_id = -1;        // kFunction: index into the function table
  bool is_aggregate = false;   // kFunction/kCountStar
  int plan_id = -1;            // pattern expressions: index of their sub-plan
};

enum class Direction { kRight, kLeft, kBoth };

struct NodePattern {
  Pos pos;
  std::string variable;  // generated name if anonymous
  bool anonymous = false;
  std::vector<std::string> labels;
  ExprPtr properties;  // kMap or kParameter, may be null
  int slot = -1;       // binder
  bool bound_before = false;  // binder: the variable was bound by an earlier clause/part
};

struct RelPattern {
  Pos pos;
  std::string variable;
  bool anonymous = false;
  std::vector<std::string> types;
  Direction direction = Direction::kBoth;
  bool var_length = false;
  int64_t min_hops = 1;
  int64_t max_hops = 1;  // -1 = unbounded
  ExprPtr properties;
  int slot = -1;
  bool bound_before = false;
};

enum class PathKind { kNormal, kShortest, kAllShortest };

struct PatternPart {
  Pos pos;
  std::string path_variable;  // empty if unnamed
  int path_slot = -1;         // binder
  PathKind kind = PathKind::kNormal;
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;
};
using PatternPartPtr = std::shared_ptr<PatternPart>;

struct ProjectionItem {
  ExprPtr expr;
  std::string alias;  // the column name: the alias, or the expression's text
  bool has_alias = false;
  int slot = -1;      // binder: slot the projected value is written to
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
};

struct Projection {
  bool distinct = false;
  bool star = false;
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order_by;
  ExprPtr skip;
  ExprPtr limit;
  ExprPtr where;  // WITH ... WHERE
};

enum class SetKind { kProperty, kReplace, kMerge, kLabels };

struct SetItem {
  SetKind kind = SetKind::kProperty;
  ExprPtr target;  // kProperty: the kProperty expression; others: kVariable
  ExprPtr value;
  std::vector<std::string> labels;
};

struct RemoveItem {
  bool labels_item = false;
  ExprPtr target;  // kVariable (labels) or kProperty
  std::vector<std::string> labels;
};

struct YieldItem {
  std::string field;
  std::string alias;
  int slot = -1;
};

enum class ClauseKind { kMatch, kUnwind, kMerge, kCreate, kSet, kDelete, kRemove, kCall, kWith,
                        kReturn };

struct Clause {
  ClauseKind kind = ClauseKind::kMatch;
  Pos pos;
  // MATCH
  bool optional = false;
  std::vector<PatternPartPtr> pattern;  // MATCH, CREATE, MERGE (one part)
  ExprPtr where;                        // MATCH, CALL ... YIELD ... WHERE
  // UNWIND
  ExprPtr expr;
  std::string variable;
  int slot = -1;
  // MERGE
  std::vector<SetItem> on_match;
  std::vector<SetItem> on_create;
  // SET
  std::vector<SetItem> set_items;
  // DELETE
  bool detach = false;
  std::vector<ExprPtr> exprs;  // DELETE targets, CALL arguments
  // REMOVE
  std::vector<RemoveItem> remove_items;
  // CALL
  std::string procedure;
  bool has_args = false;
  bool yield_all = false;
  bool has_yield = false;
  std::vector<YieldItem> yields;
  // WITH / RETURN
  Projection projection;
};

struct SingleQuery {
  std::vector<Clause> clauses;
};

struct Statement {
  bool explain = false;
  bool profile = false;
  std::vector<SingleQuery> parts;  // joined by UNION
  std::vector<bool> union_all;     // union_all[i] joins parts[i] and parts[i + 1]
  std::string text;                // the statement's source text
};

}  // namespace kg::query::ast
