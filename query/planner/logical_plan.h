// Logical plan: a tree of operators, each reading rows from its first child. A row is a vector of
// Values indexed by the slots the binder assigned. Leaves are kArgument (the row handed in by
// the caller: one empty row at the top, the outer row for sub-plans). The executor turns each
// LogicalOp into a pull-based physical operator; EXPLAIN prints this tree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "query/ast/ast.h"

namespace kg::query {

enum class OpKind {
  kArgument,      // yields the argument row once
  kAllNodesScan,  // slot
  kLabelScan,     // slot, labels[0]
  kNodeByName,    // slot, expr = the name
  kExpand,        // from_slot -[rel_slot:types]- to_slot, direction; to_bound/rel_bound
  kVarExpand,     // as kExpand with min_hops..max_hops; rel_slot gets a list
  kShortestPath,  // from_slot, to_slot both bound; rel_slot, path_slot; all_paths
  kFilter,        // expr
  kOptional,      // children[1] = sub-plan over kArgument; null_slots when it yields nothing
  kProject,       // clause->projection items (non-aggregating)
  kAggregate,     // clause->projection items (some aggregating)
  kDistinct,      // slots
  kSort,          // clause->projection.order_by
  kSkip,          // expr
  kLimit,         // expr
  kUnwind,        // expr -> slot
  kBuildPath,     // part -> path_slot
  kCreate,        // clause (pattern)
  kMerge,         // clause; children[1] = match sub-plan
  kSet,           // clause (set_items)
  kRemove,        // clause
  kDelete,        // clause
  kCall,          // clause
  kProduceResults,  // slots = output columns
  kUnion,         // children = parts; distinct unless all
  kCountExpand,   // optimised count(*) over expansions: see planner.cpp
  kCountByType,   // ()-[r]->() grouped by type(r) with count: from the store's counters;
                  // slot = type column, to_slot = count column, types = filter
};

struct LogicalOp {
  OpKind kind = OpKind::kArgument;
  std::vector<std::unique_ptr<LogicalOp>> children;

  int slot = -1;
  int from_slot = -1;
  int rel_slot = -1;
  int to_slot = -1;
  int path_slot = -1;
  std::vector<std::string> labels;
  std::vector<std::string> types;
  ast::Direction direction = ast::Direction::kRight;
  int64_t min_hops = 1;
  int64_t max_hops = 1;
  bool to_bound = false;
  bool rel_bound = false;
  bool all_paths = false;
  bool reversed = false;  // kVarExpand planned right-to-left: store the list in pattern order
  bool distinct_all = false;          // kUnion: UNION ALL
  ast::ExprPtr expr;                  // filter predicate, unwind list, skip/limit, name
  ast::ExprPtr rel_properties;        // kVarExpand: property map every hop must match
  std::vector<int> slots;             // kDistinct keys, kOptional null slots, kProduceResults
  std::vector<int> unique_slots;      // relationship slots already matched in this MATCH
  std::vector<std::string> columns;   // kProduceResults
  const ast::Clause* clause = nullptr;
  const ast::PatternPart* part = nullptr;
  // kCountExpand: a chain of hops counted without materialising rows
  struct Hop {
    std::vector<std::string> types;
    ast::Direction direction = ast::Direction::kRight;
    int64_t min_hops = 1;
    int64_t max_hops = 1;                  // -1 = unbounded
    std::vector<std::string> end_labels;   // labels the node after this hop must carry
  };
  std::vector<Hop> hops;
  // kCountExpand: the anchor is every node carrying `labels` (no other condition), so fixed
  // one- and two-hop chains can be counted from the store's degree records alone.
  bool whole_graph = false;
};

struct LogicalPlan {
  std::unique_ptr<LogicalOp> root;
  // Sub-plans of pattern expressions (pattern predicates, comprehensions, EXISTS), indexed by
  // ast::Expr::plan_id; each starts from a kArgument leaf fed with the current row.
  std::vector<std::unique_ptr<LogicalOp>> subplans;
  std::vector<std::string> columns;
  std::vector<int> num_slots;  // per UNION part
  bool updates = false;
};

// One line describing an operator (EXPLAIN / PROFILE).
std::string DescribeOp(const LogicalOp& op);

// EXPLAIN text: one operator per line, children indented.
std::string PrintPlan(const LogicalPlan& plan);

}  // namespace kg::query
