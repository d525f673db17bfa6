#include <string>

#include "query/planner/logical_plan.h"

namespace kg::query {

namespace {

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    out += (i > 0 ? sep : "") + v[i];
  }
  return out;
}

std::string Slot(int s) { return "$" + std::to_string(s); }

std::string Arrow(const LogicalOp& op, const std::string& detail) {
  std::string l = op.direction == ast::Direction::kLeft ? "<-" : "-";
  std::string r = op.direction == ast::Direction::kRight ? "->" : "-";
  return "(" + Slot(op.from_slot) + ")" + l + "[" + Slot(op.rel_slot) +
         (op.types.empty() ? "" : ":" + Join(op.types, "|")) + detail + "]" + r + "(" +
         Slot(op.to_slot) + ")";
}

}  // namespace

std::string DescribeOp(const LogicalOp& op) {
  switch (op.kind) {
    case OpKind::kArgument:
      return "Argument";
    case OpKind::kAllNodesScan:
      return "AllNodesScan " + Slot(op.slot);
    case OpKind::kLabelScan:
      return "NodeByLabelScan " + Slot(op.slot) + ":" + op.labels[0];
    case OpKind::kNodeByName:
      return "NodeByNameIndex " + Slot(op.slot) + " name = " + op.expr->text;
    case OpKind::kExpand:
      return std::string(op.to_bound ? "ExpandInto " : "Expand ") + Arrow(op, "");
    case OpKind::kVarExpand:
      return "VarLengthExpand " +
             Arrow(op, "*" + std::to_string(op.min_hops) + ".." +
                           (op.max_hops < 0 ? "" : std::to_string(op.max_hops)));
    case OpKind::kShortestPath:
      return std::string(op.all_paths ? "AllShortestPaths " : "ShortestPath ") + Arrow(op, "*");
    case OpKind::kFilter:
      return "Filter " + op.expr->text;
    case OpKind::kOptional:
      return "Optional";
    case OpKind::kProject: {
      std::vector<std::string> items;
      for (const auto& i : op.clause->projection.items) {
        items.push_back(i.expr->text + (i.has_alias ? " AS " + i.alias : ""));
      }
      return "Projection " + Join(items, ", ");
    }
    case OpKind::kAggregate: {
      std::vector<std::string> items;
      for (const auto& i : op.clause->projection.items) {
        items.push_back(i.expr->text + (i.has_alias ? " AS " + i.alias : ""));
      }
      return "Aggregation " + Join(items, ", ");
    }
    case OpKind::kDistinct:
      return "Distinct";
    case OpKind::kSort: {
      std::vector<std::string> items;
      for (const auto& s : op.clause->projection.order_by) {
        items.push_back(s.expr->text + (s.descending ? " DESC" : ""));
      }
      return "Sort " + Join(items, ", ");
    }
    case OpKind::kSkip:
      return "Skip " + op.expr->text;
    case OpKind::kLimit:
      return "Limit " + op.expr->text;
    case OpKind::kUnwind:
      return "Unwind " + op.expr->text + " AS " + Slot(op.slot);
    case OpKind::kBuildPath:
      return "BuildPath " + Slot(op.path_slot);
    case OpKind::kCreate:
      return "Create";
    case OpKind::kMerge:
      return "Merge";
    case OpKind::kSet:
      return "SetProperties";
    case OpKind::kRemove:
      return "Remove";
    case OpKind::kDelete:
      return op.clause->detach ? "DetachDelete" : "Delete";
    case OpKind::kCall:
      return "ProcedureCall " + op.clause->procedure;
    case OpKind::kProduceResults:
      return "ProduceResults " + Join(op.columns, ", ");
    case OpKind::kUnion:
      return op.distinct_all ? "UnionAll" : "Union";
    case OpKind::kCountByType:
      return "RelationshipCountByType " + Slot(op.slot) + ", " + Slot(op.to_slot) +
             (op.types.empty() ? "" : " :" + Join(op.types, "|"));
    case OpKind::kCountExpand: {
      std::string out = "CountExpand " + Slot(op.slot) + " = count(*) from (" +
                        Slot(op.from_slot) + ")";
      if (op.whole_graph) out = "CountExpand(degrees) " + out.substr(12);
      for (const auto& h : op.hops) {
        out += h.direction == ast::Direction::kLeft ? "<-[" : "-[";
        out += h.types.empty() ? "" : ":" + Join(h.types, "|");
        if (h.min_hops != 1 || h.max_hops != 1) {
          out += "*" + std::to_string(h.min_hops) + ".." +
                 (h.max_hops < 0 ? "" : std::to_string(h.max_hops));
        }
        out += h.direction == ast::Direction::kRight ? "]->(" : "]-(";
        out += h.end_labels.empty() ? "" : ":" + Join(h.end_labels, ":");
        out += ")";
      }
      return out;
    }
  }
  return "?";
}

namespace {

void Print(const LogicalOp& op, int depth, std::string* out) {
  *out += std::string(depth * 2, ' ') + DescribeOp(op) + "\n";
  for (const auto& c : op.children) {
    Print(*c, depth + 1, out);
  }
}

}  // namespace

std::string PrintPlan(const LogicalPlan& plan) {
  std::string out;
  Print(*plan.root, 0, &out);
  for (size_t i = 0; i < plan.subplans.size(); ++i) {
    out += "Subplan #" + std::to_string(i) + ":\n";
    Print(*plan.subplans[i], 1, &out);
  }
  return out;
}

}  // namespace kg::query
