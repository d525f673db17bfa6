#include "query/executor/executor.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "query/errors.h"
#include "query/executor/exec_context.h"

namespace kg::query {

namespace {

thread_local ExecLimits* g_limits = nullptr;

}  // namespace

InterruptScope::InterruptScope(ExecLimits* limits) : previous_(g_limits) { g_limits = limits; }
InterruptScope::~InterruptScope() { g_limits = previous_; }

ExecLimits* CurrentLimits() { return g_limits; }

void CheckInterrupt() {
  ExecLimits* l = g_limits;
  if (l == nullptr || (++l->tick & 63) != 0) {
    return;
  }
  if (l->cancel != nullptr && l->cancel->load(std::memory_order_relaxed)) {
    throw RuntimeError("ExecutionError", "Cancelled",
                       "query cancelled; a cancelled statement writes nothing");
  }
  if (std::chrono::steady_clock::now() >= l->deadline) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", l->timeout_seconds);
    throw RuntimeError("ExecutionError", "Timeout",
                       std::string("query stopped after the ") + seconds +
                           " s timeout; a stopped statement writes nothing. Narrow the query "
                           "(a LIMIT, a label or name on the start node, fewer hops) or raise "
                           "--timeout");
  }
}

namespace {

Value Materialize(const Value& v, const ExecContext& ctx) {
  switch (v.type()) {
    case Value::Type::kNode: {
      auto rec = std::make_shared<graph::NodeRecord>();
      if (!ctx.reader->GetNode(v.as_node().id, rec.get()).ok()) {
        rec->id = v.as_node().id;
      }
      return Value(NodeValue{v.as_node().id, rec});
    }
    case Value::Type::kRel: {
      auto rec = std::make_shared<graph::EdgeRecord>();
      if (!ctx.reader->GetEdge(v.as_rel().id, rec.get()).ok()) {
        rec->id = v.as_rel().id;
      }
      return Value(RelValue{v.as_rel().id, rec});
    }
    case Value::Type::kPath: {
      PathValue p;
      for (const auto& n : v.as_path().nodes) {
        p.nodes.push_back(Materialize(Value(n), ctx).as_node());
      }
      for (const auto& r : v.as_path().rels) {
        p.rels.push_back(Materialize(Value(r), ctx).as_rel());
      }
      return Value(std::move(p));
    }
    case Value::Type::kList: {
      ValueList out;
      for (const auto& x : v.as_list()) {
        out.push_back(Materialize(x, ctx));
      }
      return Value(std::move(out));
    }
    case Value::Type::kMap: {
      ValueMap out;
      for (const auto& [k, x] : v.as_map()) {
        out[k] = Materialize(x, ctx);
      }
      return Value(std::move(out));
    }
    default:
      return v;
  }
}

void PrintProfile(const Operator& op, int depth, std::string* out) {
  *out += std::string(depth * 2, ' ') + DescribeOp(*op.logical) + "  (rows=" +
          std::to_string(op.produced) + ")\n";
  for (const auto* c : op.inputs) {
    PrintProfile(*c, depth + 1, out);
  }
}

}  // namespace

void ExecutePlan(const LogicalPlan& plan, const graph::GraphReader& reader,
                 graph::Transaction* txn, const ValueMap& params, bool profile,
                 QueryResult* result) {
  ExecContext ctx;
  ctx.reader = &reader;
  ctx.txn = txn;
  ctx.params = &params;
  ctx.plan = &plan;
  ctx.effects = &result->side_effects;
  Row argument(plan.num_slots.empty() ? 0 : plan.num_slots[0]);
  std::unique_ptr<Operator> root = BuildOperator(*plan.root, ctx, &argument);
  result->columns = plan.columns;
  auto start = std::chrono::steady_clock::now();
  root->Open();
  Row row;
  while (root->Pull(&row)) {
    if (result->columns.empty()) {
      continue;  // updating query without RETURN: rows are not results
    }
    std::vector<Value> out;
    out.reserve(row.size());
    for (const auto& v : row) {
      out.push_back(Materialize(v, ctx));
    }
    result->rows.push_back(std::move(out));
  }
  if (profile) {
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
    std::string text;
    PrintProfile(*root, 0, &text);
    text += "Total time: " + std::to_string(ms) + " ms\n";
    result->plan = text;
  }
}

}  // namespace kg::query
