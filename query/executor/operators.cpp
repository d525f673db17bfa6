#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/hash_map64.h"
#include "query/binder/bound_query.h"
#include "query/binder/function_catalog.h"
#include "query/errors.h"
#include "query/executor/exec_context.h"
#include "query/procedures.h"

namespace kg::query {

graph::Transaction& ExecContext::Txn() {
  if (txn == nullptr) {
    throw RuntimeError("SemanticError", "ReadOnly", "this statement cannot write");
  }
  return *txn;
}

graph::NodeRecord ExecContext::GetNode(graph::NodeId id) const {
  graph::NodeRecord rec;
  Status s = reader->GetNode(id, &rec);
  if (!s.ok()) {
    if (s.IsNotFound()) {
      throw RuntimeError("EntityNotFound", "DeletedEntityAccess",
                         "node " + std::to_string(id) + " has been deleted");
    }
    throw RuntimeError("StorageError", "StorageError", s.ToString());
  }
  return rec;
}

graph::EdgeRecord ExecContext::GetEdge(graph::EdgeId id) const {
  graph::EdgeRecord rec;
  Status s = reader->GetEdge(id, &rec);
  if (!s.ok()) {
    if (s.IsNotFound()) {
      throw RuntimeError("EntityNotFound", "DeletedEntityAccess",
                         "relationship " + std::to_string(id) + " has been deleted");
    }
    throw RuntimeError("StorageError", "StorageError", s.ToString());
  }
  return rec;
}

Subplan& ExecContext::GetSubplan(int plan_id) {
  if (subplans.size() < plan->subplans.size()) {
    subplans.resize(plan->subplans.size());
  }
  auto& sp = subplans[plan_id];
  if (!sp) {
    sp = std::make_unique<Subplan>();
    sp->root = BuildOperator(*plan->subplans[plan_id], *this, &sp->argument);
  }
  return *sp;
}

namespace {

void Check(const Status& s) {
  if (!s.ok()) {
    throw RuntimeError("StorageError", CodeName(s.code()).data(), s.message());
  }
}

graph::Direction ToGraphDir(ast::Direction d) {
  switch (d) {
    case ast::Direction::kRight:
      return graph::Direction::kOut;
    case ast::Direction::kLeft:
      return graph::Direction::kIn;
    default:
      return graph::Direction::kBoth;
  }
}

struct Adj {
  graph::EdgeId edge;
  graph::NodeId neighbor;
};

// Adjacency of `node`; a self-loop is reported once even for undirected patterns.
void Neighbours(ExecContext& ctx, graph::NodeId node, ast::Direction dir,
                const std::vector<std::string>& types, std::vector<Adj>* out) {
  CheckInterrupt();  // searches call this once per visited node, however few rows they yield
  out->clear();
  bool both = dir == ast::Direction::kBoth;
  Check(ctx.reader->Expand(node, ToGraphDir(dir), types, [&](const graph::AdjEntry& e) {
    if (both && e.neighbor == node && !e.outgoing) {
      return true;
    }
    out->push_back({e.edge, e.neighbor});
    return true;
  }));
}

// Variable-length and all-shortest-paths patterns hold every path from one start node in
// memory; past ExecLimits::max_var_length_paths the query fails instead of exhausting memory.
void CheckPathBound(size_t paths, graph::NodeId start) {
  const ExecLimits* l = CurrentLimits();
  if (l != nullptr && l->max_var_length_paths != 0 && paths >= l->max_var_length_paths) {
    throw RuntimeError("ExecutionError", "TooManyPaths",
                       "a variable-length pattern found more than " +
                           std::to_string(l->max_var_length_paths) + " paths from node " +
                           std::to_string(start) +
                           "; narrow the query: give an upper bound (-[*1..3]->), a "
                           "relationship type, a direction, or a name on the start node");
  }
}

bool EdgeUsed(const Row& row, const std::vector<int>& slots, graph::EdgeId id) {
  for (int s : slots) {
    const Value& v = row[s];
    if (v.is_rel() && v.as_rel().id == id) {
      return true;
    }
    if (v.is_list()) {
      for (const auto& x : v.as_list()) {
        if (x.is_rel() && x.as_rel().id == id) {
          return true;
        }
      }
    }
  }
  return false;
}

class ArgumentOp : public Operator {
 public:
  explicit ArgumentOp(Row* arg) : arg_(arg) {}
  void Open() override { done_ = false; }
  bool Next(Row* row) override {
    if (done_) {
      return false;
    }
    done_ = true;
    *row = *arg_;
    return true;
  }

 private:
  Row* arg_;
  bool done_ = false;
};

class UnaryOp : public Operator {
 public:
  UnaryOp(ExecContext& ctx, std::unique_ptr<Operator> child) : ctx_(ctx), child_(std::move(child)) {
    inputs.push_back(child_.get());
  }
  void Open() override { child_->Open(); }

 protected:
  ExecContext& ctx_;
  std::unique_ptr<Operator> child_;
};

class NodeScanOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    ids_.clear();
    pos_ = 0;
  }
  bool Next(Row* row) override {
    while (true) {
      if (pos_ < ids_.size()) {
        *row = in_;
        (*row)[logical->slot] = Value(NodeValue{ids_[pos_++], nullptr});
        return true;
      }
      if (!child_->Pull(&in_)) {
        return false;
      }
      ids_.clear();
      pos_ = 0;
      auto collect = [&](graph::NodeId id) {
        ids_.push_back(id);
        return true;
      };
      if (logical->kind == OpKind::kLabelScan) {
        Check(ctx_.reader->ScanNodesByLabel(logical->labels[0], collect));
      } else if (logical->kind == OpKind::kAllNodesScan) {
        Check(ctx_.reader->ScanNodes(collect));
      } else {
        Value name = Evaluate(*logical->expr, in_, ctx_);
        if (name.is_string()) {
          Check(ctx_.reader->FindByName(name.as_string(), &ids_));
        }
      }
    }
  }

 private:
  Row in_;
  std::vector<graph::NodeId> ids_;
  size_t pos_ = 0;
};

class ExpandOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    adj_.clear();
    pos_ = 0;
  }
  bool Next(Row* row) override {
    const LogicalOp& op = *logical;
    while (true) {
      while (pos_ < adj_.size()) {
        const Adj& a = adj_[pos_++];
        if (op.to_bound) {
          const Value& t = in_[op.to_slot];
          if (!t.is_node() || t.as_node().id != a.neighbor) {
            continue;
          }
        }
        if (op.rel_bound) {
          const Value& r = in_[op.rel_slot];
          if (!r.is_rel() || r.as_rel().id != a.edge) {
            continue;
          }
        }
        if (EdgeUsed(in_, op.unique_slots, a.edge)) {
          continue;
        }
        *row = in_;
        (*row)[op.rel_slot] = Value(RelValue{a.edge, nullptr});
        (*row)[op.to_slot] = Value(NodeValue{a.neighbor, nullptr});
        return true;
      }
      if (!child_->Pull(&in_)) {
        return false;
      }
      pos_ = 0;
      adj_.clear();
      const Value& from = in_[op.from_slot];
      if (!from.is_node()) {
        if (!from.is_null()) {
          throw TypeError("InvalidArgumentType",
                          std::string("Type mismatch: expected Node but was ") +
                              TypeName(from.type()));
        }
        continue;
      }
      if (op.to_bound && in_[op.to_slot].is_null()) {
        continue;
      }
      Neighbours(ctx_, from.as_node().id, op.direction, op.types, &adj_);
    }
  }

 private:
  Row in_;
  std::vector<Adj> adj_;
  size_t pos_ = 0;
};

bool EdgeMatches(ExecContext& ctx, graph::EdgeId edge, const ValueMap* props) {
  if (props == nullptr || props->empty()) {
    return true;
  }
  graph::EdgeRecord rec = ctx.GetEdge(edge);
  for (const auto& [k, v] : *props) {
    auto it = rec.properties.find(k);
    if (it == rec.properties.end() || Equals(Value::FromProperty(it->second), v) != Tri::kTrue) {
      return false;
    }
  }
  return true;
}

class VarExpandOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    results_.clear();
    pos_ = 0;
  }
  bool Next(Row* row) override {
    const LogicalOp& op = *logical;
    while (true) {
      if (pos_ < results_.size()) {
        auto& r = results_[pos_++];
        ValueList rels;
        for (auto e : r.first) {
          rels.push_back(Value(RelValue{e, nullptr}));
        }
        if (op.reversed) {
          std::reverse(rels.begin(), rels.end());
        }
        if (op.rel_bound) {
          const Value& bound = in_[op.rel_slot];
          if (!bound.is_list() || bound.as_list().size() != rels.size()) {
            continue;
          }
          bool same = true;
          for (size_t i = 0; i < rels.size(); ++i) {
            const Value& b = bound.as_list()[i];
            same = same && b.is_rel() && b.as_rel().id == rels[i].as_rel().id;
          }
          if (!same) {
            continue;
          }
        }
        *row = in_;
        (*row)[op.rel_slot] = Value(std::move(rels));
        (*row)[op.to_slot] = Value(NodeValue{r.second, nullptr});
        return true;
      }
      if (!child_->Pull(&in_)) {
        return false;
      }
      results_.clear();
      pos_ = 0;
      const Value& from = in_[op.from_slot];
      if (!from.is_node()) {
        continue;
      }
      if (op.to_bound && !in_[op.to_slot].is_node()) {
        continue;
      }
      ValueMap props;
      bool has_props = false;
      if (op.rel_properties) {
        Value pm = Evaluate(*op.rel_properties, in_, ctx_);
        if (pm.is_map()) {
          props = pm.as_map();
          has_props = true;
        }
      }
      target_ = op.to_bound ? in_[op.to_slot].as_node().id : 0;
      std::vector<graph::EdgeId> path;
      Dfs(from.as_node().id, &path, has_props ? &props : nullptr);
    }
  }

 private:
  // Depth-first enumeration of trails with an explicit stack (paths can be long).
  void Dfs(graph::NodeId start, std::vector<graph::EdgeId>* path, const ValueMap* props) {
    const LogicalOp& op = *logical;
    struct Frame {
      graph::NodeId node;
      std::vector<Adj> adj;
      size_t next = 0;
    };
    std::vector<Frame> stack;
    auto enter = [&](graph::NodeId node) {
      int64_t depth = static_cast<int64_t>(path->size());
      if (depth >= op.min_hops && (!op.to_bound || node == target_)) {
        CheckPathBound(results_.size(), start);
        results_.push_back({*path, node});
      }
      Frame f;
      f.node = node;
      if (op.max_hops < 0 || depth < op.max_hops) {
        Neighbours(ctx_, node, op.direction, op.types, &f.adj);
      }
      stack.push_back(std::move(f));
    };
    enter(start);
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next >= top.adj.size()) {
        stack.pop_back();
        if (!path->empty()) {
          path->pop_back();
        }
        continue;
      }
      const Adj a = top.adj[top.next++];
      if (std::find(path->begin(), path->end(), a.edge) != path->end() ||
          EdgeUsed(in_, op.unique_slots, a.edge) || !EdgeMatches(ctx_, a.edge, props)) {
        continue;
      }
      path->push_back(a.edge);
      enter(a.neighbor);
    }
  }

  Row in_;
  graph::NodeId target_ = 0;
  std::vector<std::pair<std::vector<graph::EdgeId>, graph::NodeId>> results_;
  size_t pos_ = 0;
};

PathValue MakePath(ExecContext& ctx, graph::NodeId start, const std::vector<graph::EdgeId>& edges) {
  PathValue p;
  p.nodes.push_back({start, nullptr});
  graph::NodeId cur = start;
  for (auto e : edges) {
    graph::EdgeRecord rec = ctx.GetEdge(e);
    cur = rec.source == cur ? rec.target : rec.source;
    p.rels.push_back({e, nullptr});
    p.nodes.push_back({cur, nullptr});
  }
  return p;
}

class ShortestPathOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    paths_.clear();
    pos_ = 0;
  }
  bool Next(Row* row) override {
    const LogicalOp& op = *logical;
    while (true) {
      if (pos_ < paths_.size()) {
        const auto& edges = paths_[pos_++];
        *row = in_;
        ValueList rels;
        for (auto e : edges) {
          rels.push_back(Value(RelValue{e, nullptr}));
        }
        bool single = op.min_hops == 1 && op.max_hops == 1;
        (*row)[op.rel_slot] = single && rels.size() == 1 ? rels[0] : Value(std::move(rels));
        if (op.path_slot >= 0) {
          (*row)[op.path_slot] = Value(MakePath(ctx_, in_[op.from_slot].as_node().id, edges));
        }
        return true;
      }
      if (!child_->Pull(&in_)) {
        return false;
      }
      paths_.clear();
      pos_ = 0;
      const Value& a = in_[op.from_slot];
      const Value& b = in_[op.to_slot];
      if (!a.is_node() || !b.is_node()) {
        continue;
      }
      Search(a.as_node().id, b.as_node().id);
    }
  }

 private:
  void Search(graph::NodeId source, graph::NodeId target) {
    const LogicalOp& op = *logical;
    if (source == target) {
      if (op.min_hops == 0) {
        paths_.push_back({});
      }
      return;
    }
    if (!op.all_paths && op.min_hops <= 1 && !op.rel_properties) {
      Bidirectional(source, target);
      return;
    }
    ValueMap props;
    const ValueMap* pp = nullptr;
    if (op.rel_properties) {
      Value pm = Evaluate(*op.rel_properties, in_, ctx_);
      if (pm.is_map()) {
        props = pm.as_map();
        pp = &props;
      }
    }
    // BFS by levels, remembering every parent edge that reaches a node at its shortest depth.
    std::unordered_map<graph::NodeId, int64_t> depth;
    std::unordered_map<graph::NodeId, std::vector<std::pair<graph::NodeId, graph::EdgeId>>> parents;
    depth[source] = 0;
    std::vector<graph::NodeId> frontier = {source};
    int64_t level = 0;
    bool found = false;
    std::vector<Adj> adj;
    while (!frontier.empty() && !found && (op.max_hops < 0 || level < op.max_hops)) {
      std::vector<graph::NodeId> next;
      for (graph::NodeId n : frontier) {
        Neighbours(ctx_, n, op.direction, op.types, &adj);
        for (const Adj& a : adj) {
          if (!EdgeMatches(ctx_, a.edge, pp)) {
            continue;
          }
          auto it = depth.find(a.neighbor);
          if (it == depth.end()) {
            depth[a.neighbor] = level + 1;
            parents[a.neighbor].push_back({n, a.edge});
            next.push_back(a.neighbor);
          } else if (it->second == level + 1) {
            parents[a.neighbor].push_back({n, a.edge});
          }
          if (a.neighbor == target) {
            found = true;
          }
        }
      }
      frontier = std::move(next);
      ++level;
    }
    if (!found || depth[target] < op.min_hops) {
      return;
    }
    std::vector<graph::EdgeId> rev;
    Collect(target, source, parents, &rev);
  }

  // One shortest path by breadth-first search from both ends, always growing the smaller
  // frontier by a whole level; the searches meet in the middle.
  void Bidirectional(graph::NodeId source, graph::NodeId target) {
    const LogicalOp& op = *logical;
    ast::Direction back = op.direction == ast::Direction::kRight  ? ast::Direction::kLeft
                          : op.direction == ast::Direction::kLeft ? ast::Direction::kRight
                                                                  : ast::Direction::kBoth;
    // parent[n] = (previous node, edge) towards the side's origin.
    std::unordered_map<graph::NodeId, std::pair<graph::NodeId, graph::EdgeId>> from_s;
    std::unordered_map<graph::NodeId, std::pair<graph::NodeId, graph::EdgeId>> from_t;
    from_s[source] = {source, 0};
    from_t[target] = {target, 0};
    std::vector<graph::NodeId> fs = {source};
    std::vector<graph::NodeId> ft = {target};
    int64_t ds = 0;
    int64_t dt = 0;
    std::vector<Adj> adj;
    while (!fs.empty() && !ft.empty() && (op.max_hops < 0 || ds + dt < op.max_hops)) {
      bool grow_s = fs.size() <= ft.size();
      auto& frontier = grow_s ? fs : ft;
      auto& mine = grow_s ? from_s : from_t;
      auto& other = grow_s ? from_t : from_s;
      std::vector<graph::NodeId> next;
      graph::NodeId meet = 0;
      bool met = false;
      for (graph::NodeId n : frontier) {
        Neighbours(ctx_, n, grow_s ? op.direction : back, op.types, &adj);
        for (const Adj& a : adj) {
          if (mine.count(a.neighbor) != 0) {
            continue;
          }
          mine[a.neighbor] = {n, a.edge};
          next.push_back(a.neighbor);
          if (other.count(a.neighbor) != 0) {
            meet = a.neighbor;
            met = true;
            break;
          }
        }
        if (met) {
          break;
        }
      }
      (grow_s ? ds : dt) += 1;
      if (met) {
        std::vector<graph::EdgeId> edges;
        for (graph::NodeId n = meet; n != source;) {
          auto [prev, e] = from_s[n];
          edges.push_back(e);
          n = prev;
        }
        std::reverse(edges.begin(), edges.end());
        for (graph::NodeId n = meet; n != target;) {
          auto [prev, e] = from_t[n];
          edges.push_back(e);
          n = prev;
        }
        paths_.push_back(std::move(edges));
        return;
      }
      frontier = std::move(next);
    }
  }

  void Collect(graph::NodeId node, graph::NodeId source,
               std::unordered_map<graph::NodeId,
                                  std::vector<std::pair<graph::NodeId, graph::EdgeId>>>& parents,
               std::vector<graph::EdgeId>* rev) {
    if (!logical->all_paths && !paths_.empty()) {
      return;
    }
    if (node == source) {
      CheckPathBound(paths_.size(), source);
      paths_.emplace_back(rev->rbegin(), rev->rend());
      return;
    }
    for (const auto& [p, e] : parents[node]) {
      if (std::find(rev->begin(), rev->end(), e) != rev->end()) {
        continue;
      }
      rev->push_back(e);
      Collect(p, source, parents, rev);
      rev->pop_back();
    }
  }

  Row in_;
  std::vector<std::vector<graph::EdgeId>> paths_;
  size_t pos_ = 0;
};

class FilterOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  bool Next(Row* row) override {
    while (child_->Pull(row)) {
      if (EvaluatePredicate(*logical->expr, *row, ctx_)) {
        return true;
      }
    }
    return false;
  }
};

class OptionalOp : public UnaryOp {
 public:
  OptionalOp(ExecContext& ctx, std::unique_ptr<Operator> child, const LogicalOp& op)
      : UnaryOp(ctx, std::move(child)) {
    sub_ = BuildOperator(*op.children[1], ctx, &arg_);
    inputs.push_back(sub_.get());
  }
  void Open() override {
    UnaryOp::Open();
    active_ = false;
  }
  bool Next(Row* row) override {
    while (true) {
      if (active_) {
        if (sub_->Pull(row)) {
          any_ = true;
          return true;
        }
        active_ = false;
        if (!any_) {
          *row = arg_;
          for (int s : logical->slots) {
            (*row)[s] = Value();
          }
          return true;
        }
      }
      if (!child_->Pull(&arg_)) {
        return false;
      }
      sub_->Open();
      active_ = true;
      any_ = false;
    }
  }

 private:
  Row arg_;
  std::unique_ptr<Operator> sub_;
  bool active_ = false;
  bool any_ = false;
};

class ProjectOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  bool Next(Row* row) override {
    if (!child_->Pull(row)) {
      return false;
    }
    const auto& items = logical->clause->projection.items;
    values_.clear();
    for (const auto& item : items) {
      values_.push_back(Evaluate(*item.expr, *row, ctx_));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      (*row)[items[i].slot] = std::move(values_[i]);
    }
    return true;
  }

 private:
  std::vector<Value> values_;
};

void CollectAggregates(const ast::Expr& e, std::vector<const ast::Expr*>* out) {
  if ((e.kind == ast::ExprKind::kFunction && e.is_aggregate) ||
      e.kind == ast::ExprKind::kCountStar) {
    out->push_back(&e);
    return;
  }
  for (const auto& c : e.children) {
    if (c) {
      CollectAggregates(*c, out);
    }
  }
  if (e.where) {
    CollectAggregates(*e.where, out);
  }
  if (e.project) {
    CollectAggregates(*e.project, out);
  }
}

struct Accumulator {
  const ast::Expr* expr = nullptr;
  std::set<Value, ValueLess> seen;
  int64_t count = 0;
  bool all_int = true;
  int64_t isum = 0;
  double fsum = 0;
  bool saw_number = false;
  Value best;
  ValueList items;
  std::vector<double> nums;
  Value param;

  void Add(Row& row, ExecContext& ctx) {
    if (expr->kind == ast::ExprKind::kCountStar) {
      ++count;
      return;
    }
    Value v = Evaluate(*expr->children[0], row, ctx);
    if (expr->children.size() > 1 && param.is_null()) {
      param = Evaluate(*expr->children[1], row, ctx);
    }
    if (v.is_null()) {
      return;
    }
    if (expr->distinct && !seen.insert(v).second) {
      return;
    }
    auto id = static_cast<FunctionId>(expr->function_id);
    switch (id) {
      case FunctionId::kCount:
        ++count;
        break;
      case FunctionId::kSum:
      case FunctionId::kAvg:
      case FunctionId::kStDev:
      case FunctionId::kStDevP:
      case FunctionId::kPercentileCont:
      case FunctionId::kPercentileDisc:
        if (!v.is_number()) {
          throw TypeError("InvalidArgumentType", std::string(GetFunction(id).name) +
                                                     "() expects numbers but got " +
                                                     TypeName(v.type()));
        }
        saw_number = true;
        ++count;
        if (v.is_int() && all_int) {
          if (__builtin_add_overflow(isum, v.as_int(), &isum)) {
            throw RuntimeError("ArithmeticError", "IntegerOverflow", "integer overflow in sum()");
          }
        } else if (all_int) {
          all_int = false;
        }
        fsum += v.as_number();
        nums.push_back(v.as_number());
        items.push_back(v);
        break;
      case FunctionId::kMin:
        if (best.is_null() || TotalOrder(v, best) < 0) {
          best = v;
        }
        break;
      case FunctionId::kMax:
        if (best.is_null() || TotalOrder(v, best) > 0) {
          best = v;
        }
        break;
      case FunctionId::kCollect:
        items.push_back(v);
        break;
      default:
        break;
    }
  }

  Value Result() const {
    if (expr->kind == ast::ExprKind::kCountStar) {
      return Value(count);
    }
    auto id = static_cast<FunctionId>(expr->function_id);
    switch (id) {
      case FunctionId::kCount:
        return Value(count);
      case FunctionId::kSum:
        if (all_int) {
          return Value(isum);
        }
        return Value(fsum);
      case FunctionId::kAvg:
        if (count == 0) {
          return Value();
        }
        return Value(fsum / static_cast<double>(count));
      case FunctionId::kMin:
      case FunctionId::kMax:
        return best;
      case FunctionId::kCollect:
        return Value(items);
      case FunctionId::kStDev:
      case FunctionId::kStDevP: {
        size_t n = nums.size();
        if (n == 0 || (id == FunctionId::kStDev && n < 2)) {
          return Value(0.0);
        }
        double mean = fsum / static_cast<double>(n);
        double ss = 0;
        for (double x : nums) {
          ss += (x - mean) * (x - mean);
        }
        return Value(std::sqrt(ss / static_cast<double>(id == FunctionId::kStDev ? n - 1 : n)));
      }
      case FunctionId::kPercentileCont:
      case FunctionId::kPercentileDisc: {
        if (items.empty()) {
          return Value();
        }
        if (!param.is_number() || param.as_number() < 0 || param.as_number() > 1) {
          throw RuntimeError("ArgumentError", "NumberOutOfRange",
                             "percentile must be a number between 0.0 and 1.0");
        }
        double p = param.as_number();
        ValueList sorted = items;
        std::sort(sorted.begin(), sorted.end(), ValueLess());
        size_t n = sorted.size();
        if (id == FunctionId::kPercentileDisc) {
          double pos = p * static_cast<double>(n);
          size_t idx = pos <= 0 ? 0 : static_cast<size_t>(std::ceil(pos)) - 1;
          idx = std::min(idx, n - 1);
          return sorted[idx];
        }
        double pos = p * static_cast<double>(n - 1);
        size_t lo = static_cast<size_t>(std::floor(pos));
        size_t hi = static_cast<size_t>(std::ceil(pos));
        double a = sorted[lo].as_number();
        double b = sorted[hi].as_number();
        return Value(a + (b - a) * (pos - static_cast<double>(lo)));
      }
      default:
        return Value();
    }
  }
};

class AggregateOp : public UnaryOp {
 public:
  AggregateOp(ExecContext& ctx, std::unique_ptr<Operator> child, int width)
      : UnaryOp(ctx, std::move(child)), width_(width) {}

  void Open() override {
    UnaryOp::Open();
    const auto& items = logical->clause->projection.items;
    std::vector<const ast::Expr*> aggs;
    std::vector<size_t> key_items;
    for (size_t i = 0; i < items.size(); ++i) {
      if (ContainsAggregate(*items[i].expr)) {
        CollectAggregates(*items[i].expr, &aggs);
      } else {
        key_items.push_back(i);
      }
    }
    struct Group {
      Row representative;
      std::vector<Accumulator> accs;
    };
    std::map<Row, Group, RowLess> groups;
    std::vector<std::map<Row, Group, RowLess>::iterator> order;
    Row row;
    Row key;
    while (child_->Pull(&row)) {
      key.clear();
      for (size_t k : key_items) {
        key.push_back(Evaluate(*items[k].expr, row, ctx_));
      }
      auto it = groups.find(key);
      if (it == groups.end()) {
        Group g;
        g.representative = row;
        for (const auto* a : aggs) {
          Accumulator acc;
          acc.expr = a;
          g.accs.push_back(std::move(acc));
        }
        it = groups.emplace(key, std::move(g)).first;
        order.push_back(it);
      }
      for (auto& acc : it->second.accs) {
        acc.Add(row, ctx_);
      }
    }
    if (groups.empty() && key_items.empty()) {
      Group g;
      g.representative = Row(width_);
      for (const auto* a : aggs) {
        Accumulator acc;
        acc.expr = a;
        g.accs.push_back(std::move(acc));
      }
      order.push_back(groups.emplace(Row(), std::move(g)).first);
    }
    out_.clear();
    for (auto it : order) {
      Row r = it->second.representative;
      std::map<const ast::Expr*, Value> values;
      for (const auto& acc : it->second.accs) {
        values[acc.expr] = acc.Result();
      }
      for (size_t j = 0; j < key_items.size(); ++j) {
        r[items[key_items[j]].slot] = it->first[j];
      }
      ctx_.aggregates = &values;
      std::vector<std::pair<int, Value>> computed;
      for (const auto& item : items) {
        if (ContainsAggregate(*item.expr)) {
          computed.push_back({item.slot, Evaluate(*item.expr, r, ctx_)});
        }
      }
      ctx_.aggregates = nullptr;
      for (auto& [slot, v] : computed) {
        r[slot] = std::move(v);
      }
      out_.push_back(std::move(r));
    }
    pos_ = 0;
  }
  bool Next(Row* row) override {
    if (pos_ >= out_.size()) {
      return false;
    }
    *row = std::move(out_[pos_++]);
    return true;
  }

 private:
  int width_;
  std::vector<Row> out_;
  size_t pos_ = 0;
};

class DistinctOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    seen_.clear();
  }
  bool Next(Row* row) override {
    while (child_->Pull(row)) {
      Row key;
      for (int s : logical->slots) {
        key.push_back((*row)[s]);
      }
      if (seen_.insert(std::move(key)).second) {
        return true;
      }
    }
    return false;
  }

 private:
  std::set<Row, RowLess> seen_;
};

class SortOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    const auto& order = logical->clause->projection.order_by;
    std::vector<std::pair<Row, Row>> rows;
    Row row;
    while (child_->Pull(&row)) {
      Row keys;
      for (const auto& s : order) {
        keys.push_back(Evaluate(*s.expr, row, ctx_));
      }
      rows.push_back({std::move(keys), row});
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
      for (size_t i = 0; i < order.size(); ++i) {
        int c = TotalOrder(a.first[i], b.first[i]);
        if (c != 0) {
          return order[i].descending ? c > 0 : c < 0;
        }
      }
      return false;
    });
    out_.clear();
    for (auto& r : rows) {
      out_.push_back(std::move(r.second));
    }
    pos_ = 0;
  }
  bool Next(Row* row) override {
    if (pos_ >= out_.size()) {
      return false;
    }
    *row = std::move(out_[pos_++]);
    return true;
  }

 private:
  std::vector<Row> out_;
  size_t pos_ = 0;
};

int64_t EvaluateCount(const ast::Expr& e, ExecContext& ctx, const char* what) {
  Row empty;
  Value v = Evaluate(e, empty, ctx);
  if (v.is_float() && std::floor(v.as_float()) == v.as_float() && false) {
    return static_cast<int64_t>(v.as_float());
  }
  if (!v.is_int()) {
    throw QueryError("SyntaxError", "InvalidArgumentType",
                     std::string(what) + " requires an integer, got " + v.ToString(), false);
  }
  if (v.as_int() < 0) {
    throw QueryError("SyntaxError", "NegativeIntegerArgument",
                     std::string(what) + " requires a non-negative integer, got " + v.ToString(),
                     false);
  }
  return v.as_int();
}

class SkipOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    remaining_ = EvaluateCount(*logical->expr, ctx_, "SKIP");
  }
  bool Next(Row* row) override {
    while (remaining_ > 0) {
      if (!child_->Pull(row)) {
        return false;
      }
      --remaining_;
    }
    return child_->Pull(row);
  }

 private:
  int64_t remaining_ = 0;
};

class LimitOp : public UnaryOp {
 public:
  LimitOp(ExecContext& ctx, std::unique_ptr<Operator> child, bool drain)
      : UnaryOp(ctx, std::move(child)), drain_(drain) {}
  void Open() override {
    UnaryOp::Open();
    remaining_ = EvaluateCount(*logical->expr, ctx_, "LIMIT");
  }
  bool Next(Row* row) override {
    if (remaining_ <= 0) {
      // Updating queries perform their writes even when the rows are not returned.
      if (drain_) {
        Row sink;
        while (child_->Pull(&sink)) {
        }
        drain_ = false;
      }
      return false;
    }
    if (!child_->Pull(row)) {
      return false;
    }
    --remaining_;
    return true;
  }

 private:
  bool drain_;
  int64_t remaining_ = 0;
};

class UnwindOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    list_.clear();
    pos_ = 0;
  }
  bool Next(Row* row) override {
    while (true) {
      if (pos_ < list_.size()) {
        *row = in_;
        (*row)[logical->slot] = list_[pos_++];
        return true;
      }
      if (!child_->Pull(&in_)) {
        return false;
      }
      Value v = Evaluate(*logical->expr, in_, ctx_);
      pos_ = 0;
      list_.clear();
      if (v.is_list()) {
        list_ = v.as_list();
      } else if (!v.is_null()) {
        list_.push_back(v);
      }
    }
  }

 private:
  Row in_;
  ValueList list_;
  size_t pos_ = 0;
};

Value BuildPathValue(const ast::PatternPart& part, const Row& row, ExecContext& ctx) {
  const Value& start = row[part.nodes[0].slot];
  if (!start.is_node()) {
    return Value();
  }
  PathValue p;
  p.nodes.push_back({start.as_node().id, nullptr});
  graph::NodeId cur = start.as_node().id;
  for (size_t i = 0; i < part.rels.size(); ++i) {
    const Value& r = row[part.rels[i].slot];
    std::vector<graph::EdgeId> edges;
    if (r.is_rel()) {
      edges.push_back(r.as_rel().id);
    } else if (r.is_list()) {
      for (const auto& x : r.as_list()) {
        edges.push_back(x.as_rel().id);
      }
    } else {
      return Value();
    }
    for (auto e : edges) {
      graph::EdgeRecord rec = ctx.GetEdge(e);
      cur = rec.source == cur ? rec.target : rec.source;
      p.rels.push_back({e, nullptr});
      p.nodes.push_back({cur, nullptr});
    }
  }
  return Value(std::move(p));
}

class BuildPathOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  bool Next(Row* row) override {
    if (!child_->Pull(row)) {
      return false;
    }
    (*row)[logical->path_slot] = BuildPathValue(*logical->part, *row, ctx_);
    return true;
  }
};

// ---- writes -------------------------------------------------------------------------------

graph::Properties ToProperties(const Value& map, ExecContext&) {
  graph::Properties props;
  if (map.is_null()) {
    return props;
  }
  if (!map.is_map()) {
    throw TypeError("InvalidPropertyType", "Property map must be a Map");
  }
  for (const auto& [k, v] : map.as_map()) {
    graph::PropertyValue pv;
    if (!v.ToProperty(&pv)) {
      throw TypeError("InvalidPropertyType", "Property `" + k + "` cannot store a " +
                                                 std::string(TypeName(v.type())) +
                                                 " (only scalars and lists of them)");
    }
    if (!pv.is_null()) {
      props[k] = pv;
    }
  }
  return props;
}

void CreatePattern(const std::vector<ast::PatternPartPtr>& parts, Row& row, ExecContext& ctx) {
  auto& txn = ctx.Txn();
  for (const auto& part : parts) {
    for (const auto& n : part->nodes) {
      Value& v = row[n.slot];
      if (v.is_node()) {
        continue;
      }
      if (n.bound_before) {
        throw RuntimeError("SemanticError", "NullNode",
                           "Cannot create a relationship to a null node `" + n.variable + "`");
      }
      Value props = n.properties ? Evaluate(*n.properties, row, ctx) : Value();
      graph::Properties p = ToProperties(props, ctx);
      auto id = txn.CreateNode(n.labels, p);
      Check(id.status());
      ++ctx.effects->nodes_created;
      std::set<std::string> uniq(n.labels.begin(), n.labels.end());
      ctx.effects->labels_added += static_cast<int64_t>(uniq.size());
      ctx.effects->properties_set += static_cast<int64_t>(p.size());
      v = Value(NodeValue{*id, nullptr});
    }
    for (size_t i = 0; i < part->rels.size(); ++i) {
      const auto& r = part->rels[i];
      const Value& a = row[part->nodes[i].slot];
      const Value& b = row[part->nodes[i + 1].slot];
      graph::NodeId src = a.as_node().id;
      graph::NodeId dst = b.as_node().id;
      if (r.direction == ast::Direction::kLeft) {
        std::swap(src, dst);
      }
      Value props = r.properties ? Evaluate(*r.properties, row, ctx) : Value();
      graph::Properties p = ToProperties(props, ctx);
      auto id = txn.CreateEdge(r.types[0], src, dst, p);
      Check(id.status());
      ++ctx.effects->relationships_created;
      ctx.effects->properties_set += static_cast<int64_t>(p.size());
      row[r.slot] = Value(RelValue{*id, nullptr});
    }
    if (part->path_slot >= 0) {
      row[part->path_slot] = BuildPathValue(*part, row, ctx);
    }
  }
}

void SetProperty(const Value& target, const std::string& key, const Value& value,
                 ExecContext& ctx) {
  graph::PropertyValue pv;
  if (!value.ToProperty(&pv)) {
    throw TypeError("InvalidPropertyType", "Property `" + key + "` cannot store a " +
                                               std::string(TypeName(value.type())));
  }
  if (target.is_node()) {
    Check(ctx.Txn().SetNodeProperty(target.as_node().id, key, pv));
  } else if (target.is_rel()) {
    Check(ctx.Txn().SetEdgeProperty(target.as_rel().id, key, pv));
  } else if (!target.is_null()) {
    throw TypeError("InvalidArgumentType",
                    std::string("Cannot set a property on a ") + TypeName(target.type()));
  } else {
    return;
  }
  ++ctx.effects->properties_set;
}

void ApplySetItems(const std::vector<ast::SetItem>& items, Row& row, ExecContext& ctx) {
  for (const auto& item : items) {
    switch (item.kind) {
      case ast::SetKind::kProperty: {
        Value target = Evaluate(*item.target->children[0], row, ctx);
        Value value = Evaluate(*item.value, row, ctx);
        SetProperty(target, item.target->name, value, ctx);
        break;
      }
      case ast::SetKind::kReplace:
      case ast::SetKind::kMerge: {
        Value target = Evaluate(*item.target, row, ctx);
        if (target.is_null()) {
          break;
        }
        Value value = Evaluate(*item.value, row, ctx);
        ValueMap map;
        if (value.is_node() || value.is_rel() || value.is_map()) {
          map = EntityProperties(value, ctx);
        } else if (!value.is_null()) {
          throw TypeError("InvalidArgumentType",
                          std::string("SET expects a Map but got ") + TypeName(value.type()));
        }
        if (item.kind == ast::SetKind::kReplace) {
          ValueMap existing = EntityProperties(target, ctx);
          for (const auto& [k, v] : existing) {
            if (map.find(k) == map.end()) {
              SetProperty(target, k, Value(), ctx);
            }
          }
        }
        for (const auto& [k, v] : map) {
          SetProperty(target, k, v, ctx);
        }
        break;
      }
      case ast::SetKind::kLabels: {
        Value target = Evaluate(*item.target, row, ctx);
        if (target.is_null()) {
          break;
        }
        if (!target.is_node()) {
          throw TypeError("InvalidArgumentType", "Labels can only be set on nodes");
        }
        graph::NodeRecord rec = ctx.GetNode(target.as_node().id);
        for (const auto& l : item.labels) {
          if (std::find(rec.labels.begin(), rec.labels.end(), l) == rec.labels.end()) {
            Check(ctx.Txn().AddLabel(target.as_node().id, l));
            rec.labels.push_back(l);
            ++ctx.effects->labels_added;
          }
        }
        break;
      }
    }
  }
}

// Base for clauses that consume all input rows, apply their writes, then replay the rows.
class EagerWriteOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    std::vector<Row> in;
    Row row;
    while (child_->Pull(&row)) {
      in.push_back(row);
    }
    out_.clear();
    Apply(in);
    pos_ = 0;
  }
  bool Next(Row* row) override {
    if (pos_ >= out_.size()) {
      return false;
    }
    *row = std::move(out_[pos_++]);
    return true;
  }

 protected:
  virtual void Apply(std::vector<Row>& rows) = 0;
  std::vector<Row> out_;
  size_t pos_ = 0;
};

class CreateOp : public EagerWriteOp {
 public:
  using EagerWriteOp::EagerWriteOp;

 protected:
  void Apply(std::vector<Row>& rows) override {
    for (auto& r : rows) {
      CreatePattern(logical->clause->pattern, r, ctx_);
      out_.push_back(std::move(r));
    }
  }
};

class SetOp : public EagerWriteOp {
 public:
  using EagerWriteOp::EagerWriteOp;

 protected:
  void Apply(std::vector<Row>& rows) override {
    for (auto& r : rows) {
      ApplySetItems(logical->clause->set_items, r, ctx_);
      out_.push_back(std::move(r));
    }
  }
};

class RemoveOp : public EagerWriteOp {
 public:
  using EagerWriteOp::EagerWriteOp;

 protected:
  void Apply(std::vector<Row>& rows) override {
    for (auto& r : rows) {
      for (const auto& item : logical->clause->remove_items) {
        if (item.labels_item) {
          Value target = Evaluate(*item.target, r, ctx_);
          if (!target.is_node()) {
            continue;
          }
          graph::NodeRecord rec = ctx_.GetNode(target.as_node().id);
          for (const auto& l : item.labels) {
            if (std::find(rec.labels.begin(), rec.labels.end(), l) != rec.labels.end()) {
              Check(ctx_.Txn().RemoveLabel(target.as_node().id, l));
              rec.labels.erase(std::find(rec.labels.begin(), rec.labels.end(), l));
              ++ctx_.effects->labels_removed;
            }
          }
        } else {
          Value target = Evaluate(*item.target->children[0], r, ctx_);
          if (target.is_null()) {
            continue;
          }
          ValueMap existing = EntityProperties(target, ctx_);
          if (existing.count(item.target->name) != 0) {
            SetProperty(target, item.target->name, Value(), ctx_);
          }
        }
      }
      out_.push_back(std::move(r));
    }
  }
};

class DeleteOp : public EagerWriteOp {
 public:
  using EagerWriteOp::EagerWriteOp;

 protected:
  void Apply(std::vector<Row>& rows) override {
    std::vector<graph::NodeId> nodes;
    std::vector<graph::EdgeId> rels;
    for (auto& r : rows) {
      for (const auto& e : logical->clause->exprs) {
        Value v = Evaluate(*e, r, ctx_);
        Collect(v, &nodes, &rels);
      }
      out_.push_back(std::move(r));
    }
    auto& txn = ctx_.Txn();
    std::set<graph::EdgeId> done_rels;
    for (auto id : rels) {
      if (!done_rels.insert(id).second) {
        continue;
      }
      Status s = txn.DeleteEdge(id);
      if (s.ok()) {
        ++ctx_.effects->relationships_deleted;
      } else if (!s.IsNotFound()) {
        Check(s);
      }
    }
    std::set<graph::NodeId> done_nodes;
    for (auto id : nodes) {
      if (!done_nodes.insert(id).second || !txn.NodeExists(id)) {
        continue;
      }
      if (logical->clause->detach) {
        auto deg = txn.Degree(id, graph::Direction::kBoth, {});
        if (deg.ok()) {
          ctx_.effects->relationships_deleted += static_cast<int64_t>(*deg);
        }
      }
      Status s = txn.DeleteNode(id, logical->clause->detach);
      if (s.ok()) {
        ++ctx_.effects->nodes_deleted;
      } else if (s.code() == Status::Code::kInvalidArgument) {
        throw RuntimeError("ConstraintVerificationFailed", "DeleteConnectedNode",
                           "Cannot delete node " + std::to_string(id) +
                               " because it still has relationships; use DETACH DELETE");
      } else if (!s.IsNotFound()) {
        Check(s);
      }
    }
  }

 private:
  void Collect(const Value& v, std::vector<graph::NodeId>* nodes,
               std::vector<graph::EdgeId>* rels) {
    if (v.is_null()) {
      return;
    }
    if (v.is_node()) {
      nodes->push_back(v.as_node().id);
    } else if (v.is_rel()) {
      rels->push_back(v.as_rel().id);
    } else if (v.is_path()) {
      for (const auto& r : v.as_path().rels) {
        rels->push_back(r.id);
      }
      for (const auto& n : v.as_path().nodes) {
        nodes->push_back(n.id);
      }
    } else if (v.is_list()) {
      for (const auto& x : v.as_list()) {
        Collect(x, nodes, rels);
      }
    } else {
      throw TypeError("InvalidArgumentType",
                      std::string("DELETE expects a Node, Relationship or Path but got ") +
                          TypeName(v.type()));
    }
  }
};

class MergeOp : public EagerWriteOp {
 public:
  MergeOp(ExecContext& ctx, std::unique_ptr<Operator> child, const LogicalOp& op)
      : EagerWriteOp(ctx, std::move(child)) {
    sub_ = BuildOperator(*op.children[1], ctx, &arg_);
    inputs.push_back(sub_.get());
  }

 protected:
  void Apply(std::vector<Row>& rows) override {
    const ast::Clause& c = *logical->clause;
    for (auto& r : rows) {
      // Null property values can never match and cannot be created.
      for (const auto& part : c.pattern) {
        for (const auto& n : part->nodes) {
          CheckNoNulls(n.properties, r, n.variable);
        }
        for (const auto& rel : part->rels) {
          CheckNoNulls(rel.properties, r, rel.variable);
        }
      }
      arg_ = r;
      sub_->Open();
      std::vector<Row> matches;
      Row m;
      while (sub_->Pull(&m)) {
        matches.push_back(m);
      }
      if (!matches.empty()) {
        for (auto& mr : matches) {
          ApplySetItems(c.on_match, mr, ctx_);
          out_.push_back(std::move(mr));
        }
      } else {
        CreatePattern(c.pattern, r, ctx_);
        ApplySetItems(c.on_create, r, ctx_);
        out_.push_back(std::move(r));
      }
    }
  }

 private:
  void CheckNoNulls(const ast::ExprPtr& props, Row& row, const std::string& var) {
    if (!props) {
      return;
    }
    Value v = Evaluate(*props, row, ctx_);
    if (!v.is_map()) {
      return;
    }
    for (const auto& [k, x] : v.as_map()) {
      if (x.is_null()) {
        throw RuntimeError("SemanticError", "MergeReadOwnWrites",
                           "Cannot merge the following node because of null property value for "
                           "'" + k + "': (" + (var.rfind("  ", 0) == 0 ? "" : var) + " {" + k +
                               ": null})");
      }
    }
  }

  Row arg_;
  std::unique_ptr<Operator> sub_;
};

class CallOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  void Open() override {
    UnaryOp::Open();
    results_.clear();
    pos_ = 0;
  }
  bool Next(Row* row) override {
    const ast::Clause& c = *logical->clause;
    while (true) {
      if (pos_ < results_.size()) {
        *row = in_;
        const auto& vals = results_[pos_++];
        for (const auto& y : c.yields) {
          for (size_t i = 0; i < proc_->outputs.size(); ++i) {
            if (proc_->outputs[i].name == y.field) {
              (*row)[y.slot] = vals[i];
            }
          }
        }
        return true;
      }
      if (!child_->Pull(&in_)) {
        return false;
      }
      proc_ = ProcedureRegistry::Global().Find(c.procedure);
      std::vector<Value> args;
      if (c.has_args) {
        for (const auto& a : c.exprs) {
          args.push_back(Evaluate(*a, in_, ctx_));
        }
      } else {
        for (const auto& in : proc_->inputs) {
          auto it = ctx_.params->find(in.name);
          if (it == ctx_.params->end()) {
            throw QueryError("ParameterMissing", "MissingParameter",
                             "Expected a parameter named $" + in.name, false);
          }
          args.push_back(it->second);
        }
      }
      results_.clear();
      pos_ = 0;
      Status s = proc_->fn(*ctx_.reader, args,
                           [&](std::vector<Value> vals) { results_.push_back(std::move(vals)); });
      if (!s.ok()) {
        throw RuntimeError("ProcedureError", "ProcedureCallFailed",
                           c.procedure + ": " + s.ToString());
      }
    }
  }

 private:
  Row in_;
  const Procedure* proc_ = nullptr;
  std::vector<std::vector<Value>> results_;
  size_t pos_ = 0;
};

class ProduceResultsOp : public UnaryOp {
 public:
  using UnaryOp::UnaryOp;
  bool Next(Row* row) override {
    if (!child_->Pull(&tmp_)) {
      return false;
    }
    row->clear();
    for (int s : logical->slots) {
      row->push_back(tmp_[s]);
    }
    return true;
  }

 private:
  Row tmp_;
};

class UnionOp : public Operator {
 public:
  UnionOp(ExecContext& ctx, const LogicalOp& op) : ctx_(ctx) {
    for (size_t i = 0; i < op.children.size(); ++i) {
      args_.push_back(std::make_unique<Row>(ctx.plan->num_slots[i]));
    }
    for (size_t i = 0; i < op.children.size(); ++i) {
      children_.push_back(BuildOperator(*op.children[i], ctx, args_[i].get()));
      inputs.push_back(children_.back().get());
    }
  }
  void Open() override {
    current_ = 0;
    seen_.clear();
    if (!children_.empty()) {
      children_[0]->Open();
    }
  }
  bool Next(Row* row) override {
    while (current_ < children_.size()) {
      if (children_[current_]->Pull(row)) {
        if (logical->distinct_all || seen_.insert(*row).second) {
          return true;
        }
        continue;
      }
      ++current_;
      if (current_ < children_.size()) {
        children_[current_]->Open();
      }
    }
    return false;
  }

 private:
  ExecContext& ctx_;
  std::vector<std::unique_ptr<Row>> args_;
  std::vector<std::unique_ptr<Operator>> children_;
  size_t current_ = 0;
  std::set<Row, RowLess> seen_;
};

// count(*) over a chain of hops from each input row's anchor node, with trail semantics,
// without producing rows: the last fixed hop is answered by Degree() minus the path's own edges.
class CountExpandOp : public UnaryOp {
 public:
  CountExpandOp(ExecContext& ctx, std::unique_ptr<Operator> child, int width)
      : UnaryOp(ctx, std::move(child)), width_(width) {}
  void Open() override {
    UnaryOp::Open();
    done_ = false;
    universal_.clear();
    label_cache_.clear();
    degree_cache_.clear();
    auto counts = ctx_.reader->Counts();
    if (counts.ok()) {
      for (const auto& [label, n] : counts->nodes_per_label) {
        if (n == counts->nodes) {
          universal_.insert(label);
        }
      }
    }
  }
  bool Next(Row* row) override {
    if (done_) {
      return false;
    }
    done_ = true;
    int64_t total = 0;
    if (CountFromDegrees(&total)) {
      *row = Row(width_);
      (*row)[logical->slot] = Value(total);
      return true;
    }
    Row in;
    while (child_->Pull(&in)) {
      const Value& a = in[logical->from_slot];
      if (!a.is_node()) {
        continue;
      }
      path_.clear();
      total += static_cast<int64_t>(Count(0, a.as_node().id, 0));
    }
    *row = Row(width_);
    (*row)[logical->slot] = Value(total);
    return true;
  }

 private:
  struct PathEdge {
    graph::EdgeId id;
    graph::NodeId src;
    graph::NodeId dst;
    bool last_type;  // has one of the last hop's types
  };

  // Every node as anchor, one or two fixed hops in one direction, no label conditions that
  // filter: the count is a sum over each node's degree records (for two hops, over the middle
  // node: walks in times walks out, minus the self-loops that would be used twice).
  bool CountFromDegrees(int64_t* total) {
    const auto& hops = logical->hops;
    if (!logical->whole_graph || NeedsCheck(logical->labels) || hops.empty() || hops.size() > 2) {
      return false;
    }
    for (const auto& h : hops) {
      if (h.min_hops != 1 || h.max_hops != 1 || h.direction != hops[0].direction ||
          h.direction == ast::Direction::kBoth || NeedsCheck(h.end_labels)) {
        return false;
      }
    }
    bool right = hops[0].direction == ast::Direction::kRight;
    uint64_t sum = 0;
    if (hops.size() == 1) {
      Check(ctx_.reader->ScanDegrees(hops[0].types, hops[0].types,
                                     [&](graph::NodeId, uint64_t out, uint64_t, uint64_t) {
                                       sum += out;
                                       return true;
                                     }));
    } else {
      // right: (a)-[T1]->(b)-[T2]->(c) takes b's T1 in-edges and T2 out-edges; left mirrors it.
      const auto& out_types = right ? hops[1].types : hops[0].types;
      const auto& in_types = right ? hops[0].types : hops[1].types;
      Check(ctx_.reader->ScanDegrees(out_types, in_types,
                                     [&](graph::NodeId, uint64_t out, uint64_t in, uint64_t loops) {
                                       sum += out * in - loops;
                                       return true;
                                     }));
    }
    *total = static_cast<int64_t>(sum);
    return true;
  }

  // Whether Count(h, node, depth) answers from the node's degree (the last hop's last step).
  bool Shortcut(size_t h, int64_t depth) const {
    const auto& hops = logical->hops;
    const LogicalOp::Hop& hop = hops[h];
    return h + 1 == hops.size() && hop.direction != ast::Direction::kBoth && hop.max_hops >= 0 &&
           depth + 1 == hop.max_hops && !NeedsCheck(hop.end_labels);
  }
  // Whether a neighbour reached at `depth` of hop h will ask for its degree.
  bool ChildShortcut(size_t h, int64_t depth) const {
    const auto& hops = logical->hops;
    return Shortcut(h, depth) ||
           (depth >= hops[h].min_hops && h + 1 < hops.size() && Shortcut(h + 1, 0));
  }
  // Looks up the degrees of all of a node's neighbours at once (one batched store read).
  void PrefetchDegrees(const std::vector<PathEdge>& adj, graph::NodeId node) {
    prefetch_.clear();
    for (const PathEdge& e : adj) {
      graph::NodeId n = e.src == node ? e.dst : e.src;
      if (degree_cache_.Find(n) == nullptr) prefetch_.push_back(n);
    }
    std::sort(prefetch_.begin(), prefetch_.end());
    prefetch_.erase(std::unique(prefetch_.begin(), prefetch_.end()), prefetch_.end());
    if (prefetch_.size() < 2) {
      return;
    }
    const LogicalOp::Hop& last = logical->hops.back();
    std::vector<uint64_t> degrees;
    Check(ctx_.reader->Degrees(prefetch_, ToGraphDir(last.direction), last.types, &degrees));
    for (size_t i = 0; i < prefetch_.size(); ++i) {
      degree_cache_[prefetch_[i]] = degrees[i];
    }
  }

  bool NeedsCheck(const std::vector<std::string>& labels) const {
    for (const auto& l : labels) {
      if (universal_.count(l) == 0) {
        return true;
      }
    }
    return false;
  }

  bool HasLabels(graph::NodeId n, const std::vector<std::string>& labels) {
    if (!NeedsCheck(labels)) {
      return true;
    }
    auto key = std::make_pair(n, &labels);
    auto it = label_cache_.find(key);
    if (it != label_cache_.end()) {
      return it->second;
    }
    graph::NodeRecord rec = ctx_.GetNode(n);
    bool ok = true;
    for (const auto& l : labels) {
      ok = ok && std::find(rec.labels.begin(), rec.labels.end(), l) != rec.labels.end();
    }
    label_cache_[key] = ok;
    return ok;
  }

  uint64_t Count(size_t hop_index, graph::NodeId node, int64_t depth) {
    const auto& hops = logical->hops;
    const LogicalOp::Hop& hop = hops[hop_index];
    bool last = hop_index + 1 == hops.size();
    uint64_t total = 0;
    if (depth >= hop.min_hops && HasLabels(node, hop.end_labels)) {
      total += last ? 1 : Count(hop_index + 1, node, 0);
    }
    if (hop.max_hops >= 0 && depth >= hop.max_hops) {
      return total;
    }
    if (Shortcut(hop_index, depth)) {
      // Zipf-like graphs reach the same nodes over and over: remember their degrees.
      uint64_t d = 0;
      if (const uint64_t* cached = degree_cache_.Find(node)) {
        d = *cached;
      } else {
        auto deg = ctx_.reader->Degree(node, ToGraphDir(hop.direction), hop.types);
        Check(deg.status());
        d = *deg;
        degree_cache_[node] = d;
      }
      bool out = hop.direction == ast::Direction::kRight;
      for (const PathEdge& e : path_) {
        if (e.last_type && (out ? e.src == node : e.dst == node)) {
          --d;
        }
      }
      return total + d;
    }
    bool both = hop.direction == ast::Direction::kBoth;
    std::vector<PathEdge> adj;
    const auto& last_types = hops.back().types;
    Check(ctx_.reader->Expand(node, ToGraphDir(hop.direction), hop.types,
                              [&](const graph::AdjEntry& e) {
                                if (both && e.neighbor == node && !e.outgoing) {
                                  return true;
                                }
                                bool lt = last_types.empty() ||
                                          std::find(last_types.begin(), last_types.end(),
                                                    e.type) != last_types.end();
                                adj.push_back({e.edge, e.outgoing ? node : e.neighbor,
                                               e.outgoing ? e.neighbor : node, lt});
                                return true;
                              }));
    if (ChildShortcut(hop_index, depth + 1)) {
      PrefetchDegrees(adj, node);
    }
    for (const PathEdge& e : adj) {
      bool used = false;
      for (const PathEdge& p : path_) {
        used = used || p.id == e.id;
      }
      if (used) {
        continue;
      }
      path_.push_back(e);
      total += Count(hop_index, e.src == node ? e.dst : e.src, depth + 1);
      path_.pop_back();
    }
    return total;
  }

  int width_;
  bool done_ = false;
  std::vector<PathEdge> path_;
  std::set<std::string> universal_;
  std::map<std::pair<graph::NodeId, const std::vector<std::string>*>, bool> label_cache_;
  HashMap64<uint64_t> degree_cache_;  // node -> degree, for the last hop only
  std::vector<graph::NodeId> prefetch_;
};

class CountByTypeOp : public UnaryOp {
 public:
  CountByTypeOp(ExecContext& ctx, std::unique_ptr<Operator> child, int width)
      : UnaryOp(ctx, std::move(child)), width_(width) {}
  void Open() override {
    UnaryOp::Open();
    rows_.clear();
    pos_ = 0;
    Row in;
    if (!child_->Pull(&in)) {
      return;
    }
    auto counts = ctx_.reader->Counts();
    Check(counts.status());
    for (const auto& [type, n] : counts->edges_per_type) {
      const auto& types = logical->types;
      if (n == 0 || (!types.empty() && std::find(types.begin(), types.end(), type) == types.end())) {
        continue;
      }
      Row r(width_);
      r[logical->slot] = Value(type);
      r[logical->to_slot] = Value(static_cast<int64_t>(n));
      rows_.push_back(std::move(r));
    }
  }
  bool Next(Row* row) override {
    if (pos_ >= rows_.size()) {
      return false;
    }
    *row = std::move(rows_[pos_++]);
    return true;
  }

 private:
  int width_;
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<Operator> BuildOperator(const LogicalOp& op, ExecContext& ctx, Row* argument) {
  std::unique_ptr<Operator> result;
  auto child = [&]() { return BuildOperator(*op.children[0], ctx, argument); };
  switch (op.kind) {
    case OpKind::kArgument:
      result = std::make_unique<ArgumentOp>(argument);
      break;
    case OpKind::kAllNodesScan:
    case OpKind::kLabelScan:
    case OpKind::kNodeByName:
      result = std::make_unique<NodeScanOp>(ctx, child());
      break;
    case OpKind::kExpand:
      result = std::make_unique<ExpandOp>(ctx, child());
      break;
    case OpKind::kVarExpand:
      result = std::make_unique<VarExpandOp>(ctx, child());
      break;
    case OpKind::kShortestPath:
      result = std::make_unique<ShortestPathOp>(ctx, child());
      break;
    case OpKind::kFilter:
      result = std::make_unique<FilterOp>(ctx, child());
      break;
    case OpKind::kOptional:
      result = std::make_unique<OptionalOp>(ctx, child(), op);
      break;
    case OpKind::kProject:
      result = std::make_unique<ProjectOp>(ctx, child());
      break;
    case OpKind::kAggregate:
      result = std::make_unique<AggregateOp>(ctx, child(),
                                             static_cast<int>(argument ? argument->size() : 0));
      break;
    case OpKind::kDistinct:
      result = std::make_unique<DistinctOp>(ctx, child());
      break;
    case OpKind::kSort:
      result = std::make_unique<SortOp>(ctx, child());
      break;
    case OpKind::kSkip:
      result = std::make_unique<SkipOp>(ctx, child());
      break;
    case OpKind::kLimit:
      result = std::make_unique<LimitOp>(ctx, child(), ctx.plan->updates);
      break;
    case OpKind::kUnwind:
      result = std::make_unique<UnwindOp>(ctx, child());
      break;
    case OpKind::kBuildPath:
      result = std::make_unique<BuildPathOp>(ctx, child());
      break;
    case OpKind::kCreate:
      result = std::make_unique<CreateOp>(ctx, child());
      break;
    case OpKind::kMerge:
      result = std::make_unique<MergeOp>(ctx, child(), op);
      break;
    case OpKind::kSet:
      result = std::make_unique<SetOp>(ctx, child());
      break;
    case OpKind::kRemove:
      result = std::make_unique<RemoveOp>(ctx, child());
      break;
    case OpKind::kDelete:
      result = std::make_unique<DeleteOp>(ctx, child());
      break;
    case OpKind::kCall:
      result = std::make_unique<CallOp>(ctx, child());
      break;
    case OpKind::kProduceResults:
      result = std::make_unique<ProduceResultsOp>(ctx, child());
      break;
    case OpKind::kUnion:
      result = std::make_unique<UnionOp>(ctx, op);
      break;
    case OpKind::kCountByType:
      result = std::make_unique<CountByTypeOp>(ctx, child(),
                                               static_cast<int>(argument ? argument->size() : 0));
      break;
    case OpKind::kCountExpand:
      result = std::make_unique<CountExpandOp>(ctx, child(),
                                               static_cast<int>(argument ? argument->size() : 0));
      break;
  }
  result->logical = &op;
  return result;
}

}  // namespace kg::query
