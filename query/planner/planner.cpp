#include "query/planner/planner.h"

#include <algorithm>
#include <functional>
#include <set>

#include "query/binder/function_catalog.h"
#include "query/errors.h"

namespace kg::query {

namespace {

using OpPtr = std::unique_ptr<LogicalOp>;

OpPtr MakeOp(OpKind kind, OpPtr child = nullptr) {
  auto op = std::make_unique<LogicalOp>();
  op->kind = kind;
  if (child) {
    op->children.push_back(std::move(child));
  }
  return op;
}

// Slots an expression reads from its row (slots declared inside it excluded).
void CollectSlots(const ast::Expr* e, std::set<int>* out, std::set<int>* local) {
  if (e == nullptr) {
    return;
  }
  if (e->kind == ast::ExprKind::kVariable) {
    if (e->slot >= 0 && local->count(e->slot) == 0) {
      out->insert(e->slot);
    }
    return;
  }
  if (e->kind == ast::ExprKind::kListComprehension || e->kind == ast::ExprKind::kQuantifier ||
      e->kind == ast::ExprKind::kReduce) {
    local->insert(e->slot);
    local->insert(e->acc_slot);
  }
  for (const auto& part : e->pattern) {
    for (const auto& n : part->nodes) {
      if (n.bound_before) {
        if (local->count(n.slot) == 0) {
          out->insert(n.slot);
        }
      } else {
        local->insert(n.slot);
      }
      CollectSlots(n.properties.get(), out, local);
    }
    for (const auto& r : part->rels) {
      if (r.bound_before) {
        if (local->count(r.slot) == 0) {
          out->insert(r.slot);
        }
      } else {
        local->insert(r.slot);
      }
      CollectSlots(r.properties.get(), out, local);
    }
    if (part->path_slot >= 0) {
      local->insert(part->path_slot);
    }
  }
  for (const auto& c : e->children) {
    CollectSlots(c.get(), out, local);
  }
  CollectSlots(e->where.get(), out, local);
  CollectSlots(e->project.get(), out, local);
}

std::set<int> SlotsOf(const ast::Expr* e) {
  std::set<int> out;
  std::set<int> local;
  CollectSlots(e, &out, &local);
  return out;
}

void SplitConjuncts(const ast::ExprPtr& e, std::vector<ast::ExprPtr>* out) {
  if (!e) {
    return;
  }
  if (e->kind == ast::ExprKind::kBinary && e->op == ast::BinaryOp::kAnd) {
    SplitConjuncts(e->children[0], out);
    SplitConjuncts(e->children[1], out);
    return;
  }
  out->push_back(e);
}

ast::ExprPtr VarExpr(int slot, const std::string& name) {
  auto v = std::make_shared<ast::Expr>();
  v->kind = ast::ExprKind::kVariable;
  v->slot = slot;
  v->name = name;
  v->text = name;
  return v;
}

// n:Label AND n.k = v ... for the labels and property map of a node or relationship pattern.
std::vector<ast::ExprPtr> PatternPredicates(int slot, const std::string& name,
                                            const std::vector<std::string>& labels,
                                            const ast::ExprPtr& props) {
  std::vector<ast::ExprPtr> out;
  if (!labels.empty()) {
    auto h = std::make_shared<ast::Expr>();
    h->kind = ast::ExprKind::kHasLabels;
    h->keys = labels;
    h->children.push_back(VarExpr(slot, name));
    h->text = name + ":" + labels[0];
    out.push_back(h);
  }
  if (props) {
    if (props->kind == ast::ExprKind::kMap) {
      for (size_t i = 0; i < props->keys.size(); ++i) {
        auto p = std::make_shared<ast::Expr>();
        p->kind = ast::ExprKind::kProperty;
        p->name = props->keys[i];
        p->children.push_back(VarExpr(slot, name));
        p->text = name + "." + props->keys[i];
        auto eq = std::make_shared<ast::Expr>();
        eq->kind = ast::ExprKind::kBinary;
        eq->op = ast::BinaryOp::kEq;
        eq->children = {p, props->children[i]};
        eq->text = p->text + " = " + props->children[i]->text;
        out.push_back(eq);
      }
    } else {
      // A parameter map: every entry must match.
      auto f = std::make_shared<ast::Expr>();
      f->kind = ast::ExprKind::kFunction;
      f->name = "  properties_match";
      f->function_id = -2;
      f->children = {VarExpr(slot, name), props};
      f->text = name + " {" + props->text + "}";
      out.push_back(f);
    }
  }
  return out;
}

class Planner {
 public:
  explicit Planner(LogicalPlan* plan) : plan_(plan) {}

  OpPtr PlanSingle(const BoundSingleQuery& q);
  OpPtr TryPlanCount(const BoundSingleQuery& q);
  OpPtr TryPlanCountByType(const BoundSingleQuery& q);
  // Plans MATCH-like pattern parts on top of `input`. `bound` holds the slots bound so far and
  // is updated.
  OpPtr PlanPattern(const std::vector<ast::PatternPartPtr>& parts, const ast::ExprPtr& where,
                    std::set<int>* bound, OpPtr input);
  void PlanExpressionSubplans(const ast::ExprPtr& e);

 private:
  struct Pending {
    ast::ExprPtr expr;
    std::set<int> slots;
    bool placed = false;
  };
  OpPtr ApplyReadyFilters(OpPtr op, std::vector<Pending>* pending, const std::set<int>& bound);
  OpPtr PlanProjection(const ast::Clause& c, OpPtr input, bool is_return,
                       const BoundSingleQuery& q);

  LogicalPlan* plan_;
};

void Planner::PlanExpressionSubplans(const ast::ExprPtr& e) {
  if (!e) {
    return;
  }
  for (auto& c : e->children) {
    PlanExpressionSubplans(c);
  }
  PlanExpressionSubplans(e->where);
  PlanExpressionSubplans(e->project);
  if (e->kind == ast::ExprKind::kPatternPredicate ||
      e->kind == ast::ExprKind::kPatternComprehension || e->kind == ast::ExprKind::kExists) {
    std::set<int> bound;
    for (const auto& part : e->pattern) {
      for (const auto& n : part->nodes) {
        if (n.bound_before) {
          bound.insert(n.slot);
        }
      }
      for (const auto& r : part->rels) {
        if (r.bound_before) {
          bound.insert(r.slot);
        }
      }
    }
    // Variables the WHERE reads from outside the pattern are bound too (they come with the row).
    std::set<int> outer = SlotsOf(e.get());
    bound.insert(outer.begin(), outer.end());
    OpPtr sub = PlanPattern(e->pattern, e->where, &bound, MakeOp(OpKind::kArgument));
    e->plan_id = static_cast<int>(plan_->subplans.size());
    plan_->subplans.push_back(std::move(sub));
  }
}

OpPtr Planner::ApplyReadyFilters(OpPtr op, std::vector<Pending>* pending,
                                 const std::set<int>& bound) {
  for (auto& p : *pending) {
    if (p.placed) {
      continue;
    }
    bool ready = std::all_of(p.slots.begin(), p.slots.end(),
                             [&](int s) { return bound.count(s) != 0; });
    if (ready) {
      auto f = MakeOp(OpKind::kFilter, std::move(op));
      f->expr = p.expr;
      op = std::move(f);
      p.placed = true;
    }
  }
  return op;
}

// Finds `name = <expr>` for node `slot` among inline properties and WHERE conjuncts, where
// <expr> only reads bound slots.
ast::ExprPtr FindNameLookup(const ast::NodePattern& n, const std::vector<ast::ExprPtr>& conjuncts,
                            const std::set<int>& bound) {
  auto usable = [&](const ast::ExprPtr& v) {
    std::set<int> s = SlotsOf(v.get());
    return std::all_of(s.begin(), s.end(), [&](int x) { return bound.count(x) != 0; });
  };
  if (n.properties && n.properties->kind == ast::ExprKind::kMap) {
    for (size_t i = 0; i < n.properties->keys.size(); ++i) {
      if (n.properties->keys[i] == "name" && usable(n.properties->children[i])) {
        return n.properties->children[i];
      }
    }
  }
  for (const auto& c : conjuncts) {
    if (c->kind != ast::ExprKind::kBinary || c->op != ast::BinaryOp::kEq) {
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      const auto& l = c->children[side];
      const auto& r = c->children[1 - side];
      if (l->kind == ast::ExprKind::kProperty && l->name == "name" &&
          l->children[0]->kind == ast::ExprKind::kVariable && l->children[0]->slot == n.slot &&
          usable(r)) {
        return r;
      }
    }
  }
  return nullptr;
}

OpPtr Planner::PlanPattern(const std::vector<ast::PatternPartPtr>& parts,
                           const ast::ExprPtr& where, std::set<int>* bound, OpPtr input) {
  std::vector<ast::ExprPtr> conjuncts;
  SplitConjuncts(where, &conjuncts);
  std::vector<Pending> pending;
  for (const auto& c : conjuncts) {
    PlanExpressionSubplans(c);
    pending.push_back({c, SlotsOf(c.get()), false});
  }
  for (const auto& part : parts) {
    for (const auto& n : part->nodes) {
      PlanExpressionSubplans(n.properties);
    }
    for (const auto& r : part->rels) {
      PlanExpressionSubplans(r.properties);
    }
  }
  OpPtr op = std::move(input);
  op = ApplyReadyFilters(std::move(op), &pending, *bound);
  std::vector<int> matched_rels;
  for (const auto& part_ptr : parts) {
    const ast::PatternPart& part = *part_ptr;
    auto node_filters = [&](const ast::NodePattern& n) {
      for (auto& p : PatternPredicates(n.slot, n.variable, n.labels, n.properties)) {
        pending.push_back({p, SlotsOf(p.get()), false});
      }
    };
    auto scan_node = [&](const ast::NodePattern& n) {
      if (bound->count(n.slot) != 0) {
        node_filters(n);
        return;
      }
      ast::ExprPtr name = FindNameLookup(n, conjuncts, *bound);
      OpPtr scan;
      if (name) {
        scan = MakeOp(OpKind::kNodeByName, std::move(op));
        scan->expr = name;
      } else if (!n.labels.empty()) {
        scan = MakeOp(OpKind::kLabelScan, std::move(op));
        scan->labels = {n.labels[0]};
      } else {
        scan = MakeOp(OpKind::kAllNodesScan, std::move(op));
      }
      scan->slot = n.slot;
      op = std::move(scan);
      bound->insert(n.slot);
      std::vector<std::string> rest = n.labels;
      if (!name && !rest.empty()) {
        rest.erase(rest.begin());
      }
      for (auto& p : PatternPredicates(n.slot, n.variable, rest, n.properties)) {
        pending.push_back({p, SlotsOf(p.get()), false});
      }
    };
    if (part.kind != ast::PathKind::kNormal) {
      const auto& a = part.nodes[0];
      const auto& b = part.nodes[1];
      const auto& r = part.rels[0];
      scan_node(a);
      op = ApplyReadyFilters(std::move(op), &pending, *bound);
      scan_node(b);
      op = ApplyReadyFilters(std::move(op), &pending, *bound);
      auto sp = MakeOp(OpKind::kShortestPath, std::move(op));
      sp->from_slot = a.slot;
      sp->to_slot = b.slot;
      sp->rel_slot = r.slot;
      sp->path_slot = part.path_slot;
      sp->types = r.types;
      sp->direction = r.direction;
      sp->min_hops = r.var_length ? r.min_hops : 1;
      sp->max_hops = r.var_length ? r.max_hops : 1;
      sp->all_paths = part.kind == ast::PathKind::kAllShortest;
      sp->rel_properties = r.properties;
      sp->part = &part;
      op = std::move(sp);
      bound->insert(r.slot);
      if (part.path_slot >= 0) {
        bound->insert(part.path_slot);
      }
      op = ApplyReadyFilters(std::move(op), &pending, *bound);
      continue;
    }
    // Anchor: a bound node, else a name lookup, else a labelled node, else the first node.
    size_t anchor = 0;
    int best = -1;
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      const auto& n = part.nodes[i];
      int score = 0;
      if (bound->count(n.slot) != 0) {
        score = 4;
      } else if (FindNameLookup(n, conjuncts, *bound)) {
        score = 3;
      } else if (!n.labels.empty()) {
        score = 2;
      }
      if (score > best) {
        best = score;
        anchor = i;
      }
    }
    scan_node(part.nodes[anchor]);
    op = ApplyReadyFilters(std::move(op), &pending, *bound);
    auto expand = [&](size_t rel_index, bool forward) {
      const auto& r = part.rels[rel_index];
      const auto& from = forward ? part.nodes[rel_index] : part.nodes[rel_index + 1];
      const auto& to = forward ? part.nodes[rel_index + 1] : part.nodes[rel_index];
      ast::Direction dir = r.direction;
      if (!forward && dir != ast::Direction::kBoth) {
        dir = dir == ast::Direction::kRight ? ast::Direction::kLeft : ast::Direction::kRight;
      }
      auto ex = MakeOp(r.var_length ? OpKind::kVarExpand : OpKind::kExpand, std::move(op));
      ex->from_slot = from.slot;
      ex->to_slot = to.slot;
      ex->rel_slot = r.slot;
      ex->types = r.types;
      ex->direction = dir;
      ex->min_hops = r.min_hops;
      ex->max_hops = r.max_hops;
      ex->to_bound = bound->count(to.slot) != 0;
      ex->rel_bound = bound->count(r.slot) != 0;
      ex->unique_slots = matched_rels;
      ex->reversed = !forward;
      if (r.var_length) {
        ex->rel_properties = r.properties;
      }
      op = std::move(ex);
      matched_rels.push_back(r.slot);
      bound->insert(r.slot);
      if (!r.var_length) {
        for (auto& p : PatternPredicates(r.slot, r.variable, {}, r.properties)) {
          pending.push_back({p, SlotsOf(p.get()), false});
        }
        if (!r.types.empty() && false) {
        }
      }
      bool was_bound = bound->count(to.slot) != 0;
      bound->insert(to.slot);
      if (!was_bound || true) {
        node_filters(to);
      }
      op = ApplyReadyFilters(std::move(op), &pending, *bound);
    };
    for (size_t j = anchor; j < part.rels.size(); ++j) {
      expand(j, true);
    }
    for (size_t j = anchor; j-- > 0;) {
      expand(j, false);
    }
    if (part.path_slot >= 0) {
      auto bp = MakeOp(OpKind::kBuildPath, std::move(op));
      bp->part = &part;
      bp->path_slot = part.path_slot;
      op = std::move(bp);
      bound->insert(part.path_slot);
      op = ApplyReadyFilters(std::move(op), &pending, *bound);
    }
  }
  for (auto& p : pending) {
    if (!p.placed) {
      auto f = MakeOp(OpKind::kFilter, std::move(op));
      f->expr = p.expr;
      op = std::move(f);
      p.placed = true;
    }
  }
  return op;
}

OpPtr Planner::PlanProjection(const ast::Clause& c, OpPtr input, bool is_return,
                              const BoundSingleQuery& q) {
  const ast::Projection& p = c.projection;
  bool aggregating = false;
  for (const auto& item : p.items) {
    PlanExpressionSubplans(item.expr);
    aggregating = aggregating || ContainsAggregate(*item.expr);
  }
  for (const auto& s : p.order_by) {
    PlanExpressionSubplans(s.expr);
  }
  PlanExpressionSubplans(p.where);
  OpPtr op = MakeOp(aggregating ? OpKind::kAggregate : OpKind::kProject, std::move(input));
  op->clause = &c;
  if (p.distinct) {
    auto d = MakeOp(OpKind::kDistinct, std::move(op));
    for (const auto& item : p.items) {
      d->slots.push_back(item.slot);
    }
    op = std::move(d);
  }
  if (!p.order_by.empty()) {
    auto s = MakeOp(OpKind::kSort, std::move(op));
    s->clause = &c;
    op = std::move(s);
  }
  if (p.skip) {
    auto s = MakeOp(OpKind::kSkip, std::move(op));
    s->expr = p.skip;
    op = std::move(s);
  }
  if (p.limit) {
    auto s = MakeOp(OpKind::kLimit, std::move(op));
    s->expr = p.limit;
    op = std::move(s);
  }
  if (p.where) {
    auto f = MakeOp(OpKind::kFilter, std::move(op));
    f->expr = p.where;
    op = std::move(f);
  }
  (void)is_return;
  (void)q;
  return op;
}

void AddSlots(const std::vector<ast::PatternPartPtr>& parts, std::set<int>* bound) {
  for (const auto& part : parts) {
    for (const auto& n : part->nodes) {
      bound->insert(n.slot);
    }
    for (const auto& r : part->rels) {
      bound->insert(r.slot);
    }
    if (part->path_slot >= 0) {
      bound->insert(part->path_slot);
    }
  }
}

// MATCH <one chain> [WHERE <only on the first or last node>] RETURN count(*): counted from the
// adjacency (degrees for the last hop) without producing a row per match.
OpPtr Planner::TryPlanCount(const BoundSingleQuery& q) {
  const auto& clauses = q.query->clauses;
  if (clauses.size() != 2 || clauses[0].kind != ast::ClauseKind::kMatch ||
      clauses[0].optional || clauses[0].pattern.size() != 1 ||
      clauses[1].kind != ast::ClauseKind::kReturn) {
    return nullptr;
  }
  const ast::Projection& p = clauses[1].projection;
  if (p.distinct || p.items.size() != 1 || !p.order_by.empty() || p.skip || p.limit ||
      p.items[0].expr->kind != ast::ExprKind::kCountStar) {
    return nullptr;
  }
  const ast::PatternPart& part = *clauses[0].pattern[0];
  if (part.kind != ast::PathKind::kNormal || !part.path_variable.empty() || part.rels.empty()) {
    return nullptr;
  }
  std::set<std::string> names;
  for (const auto& n : part.nodes) {
    if (!names.insert(n.variable).second) {
      return nullptr;  // cycles need the node identities
    }
  }
  for (size_t i = 0; i < part.rels.size(); ++i) {
    const auto& r = part.rels[i];
    if (r.properties || !names.insert(r.variable).second) {
      return nullptr;
    }
    // Unbounded lengths go through the iterative VarExpand (the counter recurses per hop).
    if (r.var_length && (i + 1 != part.rels.size() || r.max_hops < 0)) {
      return nullptr;
    }
  }
  std::vector<ast::ExprPtr> conjuncts;
  SplitConjuncts(clauses[0].where, &conjuncts);
  // Anchor at whichever end the WHERE refers to (or the better-described end).
  auto refs_only = [&](int slot) {
    for (const auto& c : conjuncts) {
      std::set<int> s = SlotsOf(c.get());
      if (s.size() != 1 || *s.begin() != slot) {
        return false;
      }
      PlanExpressionSubplans(c);
    }
    return true;
  };
  auto score = [](const ast::NodePattern& n) {
    int sc = 0;
    if (n.properties) {
      sc += 2;
    }
    if (!n.labels.empty()) {
      sc += 1;
    }
    return sc;
  };
  bool reverse = false;
  const ast::NodePattern& first = part.nodes.front();
  const ast::NodePattern& last = part.nodes.back();
  if (refs_only(first.slot) && (score(first) >= score(last) || last.properties ||
                                 !conjuncts.empty())) {
    reverse = false;
  } else if (refs_only(last.slot)) {
    reverse = true;
  } else {
    return nullptr;
  }
  if (part.rels.back().var_length && reverse && part.rels.size() > 1) {
    return nullptr;
  }
  // Nodes other than the anchor may only carry labels.
  for (size_t i = 0; i < part.nodes.size(); ++i) {
    bool anchor = reverse ? i + 1 == part.nodes.size() : i == 0;
    if (!anchor && part.nodes[i].properties) {
      return nullptr;
    }
  }
  auto anchor_part = std::make_shared<ast::PatternPart>();
  anchor_part->nodes.push_back(reverse ? last : first);
  std::set<int> bound;
  OpPtr op = PlanPattern({anchor_part}, clauses[0].where, &bound, MakeOp(OpKind::kArgument));
  auto count = MakeOp(OpKind::kCountExpand, std::move(op));
  count->from_slot = (reverse ? last : first).slot;
  count->whole_graph = conjuncts.empty() && !(reverse ? last : first).properties;
  count->labels = (reverse ? last : first).labels;
  count->slot = p.items[0].slot;
  size_t n = part.rels.size();
  for (size_t k = 0; k < n; ++k) {
    size_t i = reverse ? n - 1 - k : k;
    const auto& r = part.rels[i];
    LogicalOp::Hop hop;
    hop.types = r.types;
    hop.direction = r.direction;
    if (reverse && hop.direction != ast::Direction::kBoth) {
      hop.direction = hop.direction == ast::Direction::kRight ? ast::Direction::kLeft
                                                             : ast::Direction::kRight;
    }
    hop.min_hops = r.var_length ? r.min_hops : 1;
    hop.max_hops = r.var_length ? r.max_hops : 1;
    hop.end_labels = part.nodes[reverse ? i : i + 1].labels;
    count->hops.push_back(hop);
  }
  auto out = MakeOp(OpKind::kProduceResults, std::move(count));
  out->slots = q.column_slots;
  out->columns = q.columns;
  return out;
}

// MATCH ()-[r]->() RETURN type(r), count(*) [ORDER BY/SKIP/LIMIT]: answered from the store's
// per-type relationship counters.
OpPtr Planner::TryPlanCountByType(const BoundSingleQuery& q) {
  const auto& clauses = q.query->clauses;
  if (clauses.size() != 2 || clauses[0].kind != ast::ClauseKind::kMatch ||
      clauses[0].optional || clauses[0].where || clauses[0].pattern.size() != 1 ||
      clauses[1].kind != ast::ClauseKind::kReturn) {
    return nullptr;
  }
  const ast::PatternPart& part = *clauses[0].pattern[0];
  if (part.kind != ast::PathKind::kNormal || !part.path_variable.empty() ||
      part.rels.size() != 1) {
    return nullptr;
  }
  const auto& r = part.rels[0];
  if (r.var_length || r.properties || r.direction == ast::Direction::kBoth) {
    return nullptr;
  }
  for (const auto& n : part.nodes) {
    if (!n.labels.empty() || n.properties || n.variable == r.variable) {
      return nullptr;
    }
  }
  if (part.nodes[0].variable == part.nodes[1].variable) {
    return nullptr;
  }
  const ast::Projection& p = clauses[1].projection;
  if (p.distinct || p.items.size() != 2) {
    return nullptr;
  }
  int type_slot = -1;
  int count_slot = -1;
  for (const auto& item : p.items) {
    const ast::Expr& e = *item.expr;
    if (e.kind == ast::ExprKind::kFunction && e.children.size() == 1 &&
        e.children[0]->kind == ast::ExprKind::kVariable && e.children[0]->slot == r.slot &&
        !e.distinct) {
      if (e.function_id == static_cast<int>(FunctionId::kType)) {
        type_slot = item.slot;
        continue;
      }
      if (e.function_id == static_cast<int>(FunctionId::kCount)) {
        count_slot = item.slot;
        continue;
      }
    }
    if (e.kind == ast::ExprKind::kCountStar) {
      count_slot = item.slot;
      continue;
    }
    return nullptr;
  }
  if (type_slot < 0 || count_slot < 0) {
    return nullptr;
  }
  for (const auto& s : p.order_by) {
    if (s.expr->kind != ast::ExprKind::kVariable ||
        (s.expr->slot != type_slot && s.expr->slot != count_slot)) {
      return nullptr;
    }
  }
  auto op = MakeOp(OpKind::kCountByType, MakeOp(OpKind::kArgument));
  op->slot = type_slot;
  op->to_slot = count_slot;
  op->types = r.types;
  if (!p.order_by.empty()) {
    auto s = MakeOp(OpKind::kSort, std::move(op));
    s->clause = &clauses[1];
    op = std::move(s);
  }
  if (p.skip) {
    auto s = MakeOp(OpKind::kSkip, std::move(op));
    s->expr = p.skip;
    op = std::move(s);
  }
  if (p.limit) {
    auto s = MakeOp(OpKind::kLimit, std::move(op));
    s->expr = p.limit;
    op = std::move(s);
  }
  auto out = MakeOp(OpKind::kProduceResults, std::move(op));
  out->slots = q.column_slots;
  out->columns = q.columns;
  return out;
}

OpPtr Planner::PlanSingle(const BoundSingleQuery& q) {
  if (OpPtr counted = TryPlanCount(q)) {
    return counted;
  }
  if (OpPtr by_type = TryPlanCountByType(q)) {
    return by_type;
  }
  OpPtr op = MakeOp(OpKind::kArgument);
  std::set<int> bound;
  for (const auto& c : q.query->clauses) {
    switch (c.kind) {
      case ast::ClauseKind::kMatch:
        if (!c.optional) {
          op = PlanPattern(c.pattern, c.where, &bound, std::move(op));
        } else {
          std::set<int> inner = bound;
          OpPtr sub = PlanPattern(c.pattern, c.where, &inner, MakeOp(OpKind::kArgument));
          auto opt = MakeOp(OpKind::kOptional, std::move(op));
          opt->children.push_back(std::move(sub));
          for (int s : inner) {
            if (bound.count(s) == 0) {
              opt->slots.push_back(s);
            }
          }
          op = std::move(opt);
          bound = inner;
        }
        break;
      case ast::ClauseKind::kUnwind: {
        PlanExpressionSubplans(c.expr);
        auto u = MakeOp(OpKind::kUnwind, std::move(op));
        u->expr = c.expr;
        u->slot = c.slot;
        op = std::move(u);
        bound.insert(c.slot);
        break;
      }
      case ast::ClauseKind::kCreate: {
        for (const auto& part : c.pattern) {
          for (const auto& n : part->nodes) {
            PlanExpressionSubplans(n.properties);
          }
          for (const auto& r : part->rels) {
            PlanExpressionSubplans(r.properties);
          }
        }
        auto cr = MakeOp(OpKind::kCreate, std::move(op));
        cr->clause = &c;
        op = std::move(cr);
        AddSlots(c.pattern, &bound);
        break;
      }
      case ast::ClauseKind::kMerge: {
        std::set<int> inner = bound;
        OpPtr sub = PlanPattern(c.pattern, nullptr, &inner, MakeOp(OpKind::kArgument));
        for (const auto& item : c.on_match) {
          PlanExpressionSubplans(item.value);
        }
        for (const auto& item : c.on_create) {
          PlanExpressionSubplans(item.value);
        }
        auto m = MakeOp(OpKind::kMerge, std::move(op));
        m->clause = &c;
        m->children.push_back(std::move(sub));
        op = std::move(m);
        bound = inner;
        break;
      }
      case ast::ClauseKind::kSet: {
        for (const auto& item : c.set_items) {
          PlanExpressionSubplans(item.value);
        }
        auto s = MakeOp(OpKind::kSet, std::move(op));
        s->clause = &c;
        op = std::move(s);
        break;
      }
      case ast::ClauseKind::kRemove: {
        auto s = MakeOp(OpKind::kRemove, std::move(op));
        s->clause = &c;
        op = std::move(s);
        break;
      }
      case ast::ClauseKind::kDelete: {
        for (const auto& e : c.exprs) {
          PlanExpressionSubplans(e);
        }
        auto s = MakeOp(OpKind::kDelete, std::move(op));
        s->clause = &c;
        op = std::move(s);
        break;
      }
      case ast::ClauseKind::kCall: {
        for (const auto& e : c.exprs) {
          PlanExpressionSubplans(e);
        }
        auto s = MakeOp(OpKind::kCall, std::move(op));
        s->clause = &c;
        op = std::move(s);
        for (const auto& y : c.yields) {
          bound.insert(y.slot);
        }
        if (c.where) {
          PlanExpressionSubplans(c.where);
          auto f = MakeOp(OpKind::kFilter, std::move(op));
          f->expr = c.where;
          op = std::move(f);
        }
        break;
      }
      case ast::ClauseKind::kWith:
      case ast::ClauseKind::kReturn: {
        op = PlanProjection(c, std::move(op), c.kind == ast::ClauseKind::kReturn, q);
        bound.clear();
        for (const auto& item : c.projection.items) {
          bound.insert(item.slot);
        }
        break;
      }
    }
  }
  auto out = MakeOp(OpKind::kProduceResults, std::move(op));
  out->slots = q.column_slots;
  out->columns = q.columns;
  return out;
}

}  // namespace

LogicalPlan Plan(const BoundStatement& bound) {
  LogicalPlan plan;
  Planner planner(&plan);
  std::vector<OpPtr> parts;
  for (const auto& q : bound.parts) {
    parts.push_back(planner.PlanSingle(q));
    plan.num_slots.push_back(q.num_slots);
  }
  if (parts.size() == 1) {
    plan.root = std::move(parts[0]);
  } else {
    auto u = MakeOp(OpKind::kUnion);
    u->distinct_all = bound.statement->union_all.empty() ? false : bound.statement->union_all[0];
    u->columns = bound.columns;
    for (auto& p : parts) {
      u->children.push_back(std::move(p));
    }
    plan.root = std::move(u);
  }
  plan.columns = bound.columns;
  plan.updates = bound.updates;
  return plan;
}

}  // namespace kg::query
