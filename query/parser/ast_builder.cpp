#include "query/parser/ast_builder.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "query/errors.h"

namespace kg::query::parser {

namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string Unescape(const std::string& quoted, ast::Pos pos) {
  std::string out;
  // Strip the quotes.
  std::string s = quoted.substr(1, quoted.size() - 2);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
      case '\\':
        out += '\\';
        break;
      case '\'':
        out += '\'';
        break;
      case '"':
        out += '"';
        break;
      case 'b':
      case 'B':
        out += '\b';
        break;
      case 'f':
      case 'F':
        out += '\f';
        break;
      case 'n':
      case 'N':
        out += '\n';
        break;
      case 'r':
      case 'R':
        out += '\r';
        break;
      case 't':
      case 'T':
        out += '\t';
        break;
      case 'u':
      case 'U': {
        auto hex_run = [&](size_t from) {
          size_t n = 0;
          while (from + n < s.size() && n < 8 && std::isxdigit(static_cast<unsigned char>(s[from + n]))) {
            ++n;
          }
          return n;
        };
        size_t avail = hex_run(i + 1);
        size_t len = avail >= 8 ? 8 : 4;
        if (avail < 4) {
          throw CompileError("InvalidUnicodeLiteral", "Invalid unicode escape in string literal",
                             pos.line, pos.column);
        }
        std::string hex = s.substr(i + 1, len);
        char* end = nullptr;
        uint32_t cp = static_cast<uint32_t>(std::strtoul(hex.c_str(), &end, 16));
        if (end == nullptr || *end != '\0' || hex.size() != len) {
          throw CompileError("InvalidUnicodeLiteral", "Invalid unicode escape in string literal",
                             pos.line, pos.column);
        }
        AppendUtf8(cp, &out);
        i += len;
        break;
      }
      default:
        out += '\\';
        out += e;
    }
  }
  return out;
}

std::string UnescapeName(const std::string& name) {
  if (name.size() >= 2 && name.front() == '`') {
    std::string out;
    std::string s = name.substr(1, name.size() - 2);
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '`' && i + 1 < s.size() && s[i + 1] == '`') {
        out += '`';
        ++i;
      } else {
        out += s[i];
      }
    }
    return out;
  }
  return name;
}

}  // namespace

std::string AstBuilder::Text(antlr4::ParserRuleContext* ctx) const {
  if (ctx->getStart() == nullptr || ctx->getStop() == nullptr) {
    return "";
  }
  size_t a = ctx->getStart()->getStartIndex();
  size_t b = ctx->getStop()->getStopIndex();
  if (b < a || b == static_cast<size_t>(-1)) {
    return "";
  }
  return stream_->getText(antlr4::misc::Interval(a, b));
}

ast::Pos AstBuilder::PosOf(antlr4::ParserRuleContext* ctx) {
  ast::Pos p;
  if (ctx->getStart() != nullptr) {
    p.line = static_cast<int>(ctx->getStart()->getLine());
    p.column = static_cast<int>(ctx->getStart()->getCharPositionInLine()) + 1;
  }
  return p;
}

std::string AstBuilder::NextAnonymous() { return "  anon_" + std::to_string(anon_counter_++); }

std::string AstBuilder::Name(P::OC_SymbolicNameContext* ctx) const {
  return UnescapeName(ctx->getText());
}

std::string AstBuilder::SchemaName(P::OC_SchemaNameContext* ctx) const {
  if (ctx->oC_SymbolicName() != nullptr) {
    return Name(ctx->oC_SymbolicName());
  }
  return ctx->getText();
}

ast::ExprPtr AstBuilder::NewExpr(ast::ExprKind kind, antlr4::ParserRuleContext* ctx) {
  auto e = std::make_shared<ast::Expr>();
  e->kind = kind;
  e->pos = PosOf(ctx);
  e->text = Text(ctx);
  return e;
}

ast::ExprPtr AstBuilder::Binary(ast::BinaryOp op, ast::ExprPtr l, ast::ExprPtr r,
                                antlr4::ParserRuleContext* ctx) {
  auto e = NewExpr(ast::ExprKind::kBinary, ctx);
  e->op = op;
  e->pos = l->pos;
  e->children = {std::move(l), std::move(r)};
  return e;
}

std::vector<ast::Statement> AstBuilder::BuildStatements(P::KG_StatementsContext* ctx) {
  std::vector<ast::Statement> out;
  for (auto* c : ctx->oC_Cypher()) {
    out.push_back(BuildCypher(c));
  }
  return out;
}

ast::Statement AstBuilder::BuildCypher(P::OC_CypherContext* ctx) {
  ast::Statement st;
  st.text = Text(ctx);
  if (auto* opt = ctx->kG_QueryOptions()) {
    st.explain = opt->EXPLAIN() != nullptr;
    st.profile = opt->PROFILE() != nullptr;
  }
  auto* rq = ctx->oC_Statement()->oC_RegularQuery();
  st.parts.push_back(BuildSingleQuery(rq->oC_SingleQuery()));
  for (auto* u : rq->oC_Union()) {
    st.union_all.push_back(u->ALL() != nullptr);
    st.parts.push_back(BuildSingleQuery(u->oC_SingleQuery()));
  }
  return st;
}

ast::SingleQuery AstBuilder::BuildSingleQuery(P::OC_SingleQueryContext* ctx) {
  ast::SingleQuery q;
  for (auto* c : ctx->oC_Clause()) {
    q.clauses.push_back(BuildClause(c));
  }
  return q;
}

ast::Clause AstBuilder::BuildClause(P::OC_ClauseContext* ctx) {
  ast::Clause c;
  if (ctx->oC_Match() != nullptr) {
    c = BuildMatch(ctx->oC_Match());
  } else if (ctx->oC_Unwind() != nullptr) {
    c = BuildUnwind(ctx->oC_Unwind());
  } else if (ctx->oC_Merge() != nullptr) {
    c = BuildMerge(ctx->oC_Merge());
  } else if (ctx->oC_Create() != nullptr) {
    c = BuildCreate(ctx->oC_Create());
  } else if (ctx->oC_Set() != nullptr) {
    c.kind = ast::ClauseKind::kSet;
    c.set_items = BuildSetItems(ctx->oC_Set());
  } else if (ctx->oC_Delete() != nullptr) {
    c = BuildDelete(ctx->oC_Delete());
  } else if (ctx->oC_Remove() != nullptr) {
    c = BuildRemove(ctx->oC_Remove());
  } else if (ctx->oC_InQueryCall() != nullptr) {
    c = BuildCall(ctx->oC_InQueryCall());
  } else if (ctx->oC_With() != nullptr) {
    c.kind = ast::ClauseKind::kWith;
    c.projection = BuildProjection(ctx->oC_With()->oC_ProjectionBody());
    if (ctx->oC_With()->oC_Where() != nullptr) {
      c.projection.where = BuildExpr(ctx->oC_With()->oC_Where()->oC_Expression());
    }
  } else {
    c.kind = ast::ClauseKind::kReturn;
    c.projection = BuildProjection(ctx->oC_Return()->oC_ProjectionBody());
  }
  c.pos = PosOf(ctx);
  return c;
}

ast::Clause AstBuilder::BuildMatch(P::OC_MatchContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kMatch;
  c.optional = ctx->OPTIONAL() != nullptr;
  c.pattern = BuildPattern(ctx->oC_Pattern());
  if (ctx->oC_Where() != nullptr) {
    c.where = BuildExpr(ctx->oC_Where()->oC_Expression());
  }
  return c;
}

ast::Clause AstBuilder::BuildUnwind(P::OC_UnwindContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kUnwind;
  c.expr = BuildExpr(ctx->oC_Expression());
  c.variable = Name(ctx->oC_Variable()->oC_SymbolicName());
  return c;
}

ast::Clause AstBuilder::BuildMerge(P::OC_MergeContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kMerge;
  c.pattern.push_back(BuildPatternPart(ctx->oC_PatternPart()));
  for (auto* a : ctx->oC_MergeAction()) {
    auto items = BuildSetItems(a->oC_Set());
    auto& dst = a->MATCH() != nullptr ? c.on_match : c.on_create;
    dst.insert(dst.end(), items.begin(), items.end());
  }
  return c;
}

ast::Clause AstBuilder::BuildCreate(P::OC_CreateContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kCreate;
  c.pattern = BuildPattern(ctx->oC_Pattern());
  return c;
}

std::vector<ast::SetItem> AstBuilder::BuildSetItems(P::OC_SetContext* ctx) {
  std::vector<ast::SetItem> out;
  for (auto* it : ctx->oC_SetItem()) {
    ast::SetItem item;
    if (it->oC_PropertyExpression() != nullptr) {
      item.kind = ast::SetKind::kProperty;
      item.target = BuildPropertyExpression(it->oC_PropertyExpression());
      item.value = BuildExpr(it->oC_Expression());
    } else {
      item.target = BuildVariable(it->oC_Variable());
      if (it->oC_NodeLabels() != nullptr) {
        item.kind = ast::SetKind::kLabels;
        for (auto* l : it->oC_NodeLabels()->oC_NodeLabel()) {
          item.labels.push_back(SchemaName(l->oC_LabelName()->oC_SchemaName()));
        }
      } else {
        item.kind = it->children[1]->getText() == "+=" ? ast::SetKind::kMerge
                                                      : ast::SetKind::kReplace;
        item.value = BuildExpr(it->oC_Expression());
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

ast::Clause AstBuilder::BuildDelete(P::OC_DeleteContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kDelete;
  c.detach = ctx->DETACH() != nullptr;
  for (auto* e : ctx->oC_Expression()) {
    c.exprs.push_back(BuildExpr(e));
  }
  return c;
}

ast::Clause AstBuilder::BuildRemove(P::OC_RemoveContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kRemove;
  for (auto* it : ctx->oC_RemoveItem()) {
    ast::RemoveItem item;
    if (it->oC_NodeLabels() != nullptr) {
      item.labels_item = true;
      item.target = BuildVariable(it->oC_Variable());
      for (auto* l : it->oC_NodeLabels()->oC_NodeLabel()) {
        item.labels.push_back(SchemaName(l->oC_LabelName()->oC_SchemaName()));
      }
    } else {
      item.target = BuildPropertyExpression(it->oC_PropertyExpression());
    }
    c.remove_items.push_back(std::move(item));
  }
  return c;
}

ast::Clause AstBuilder::BuildCall(P::OC_InQueryCallContext* ctx) {
  ast::Clause c;
  c.kind = ast::ClauseKind::kCall;
  std::string name;
  for (auto* s : ctx->oC_ProcedureName()->oC_Namespace()->oC_SymbolicName()) {
    name += Name(s) + ".";
  }
  name += Name(ctx->oC_ProcedureName()->oC_SymbolicName());
  c.procedure = name;
  for (auto* child : ctx->children) {
    if (child->getText() == "(") {
      c.has_args = true;
    }
  }
  for (auto* e : ctx->oC_Expression()) {
    c.exprs.push_back(BuildExpr(e));
  }
  if (ctx->YIELD() != nullptr) {
    c.has_yield = true;
    if (ctx->kG_YieldAll() != nullptr) {
      c.yield_all = true;
    } else {
      auto* items = ctx->oC_YieldItems();
      for (auto* y : items->oC_YieldItem()) {
        ast::YieldItem yi;
        yi.alias = Name(y->oC_Variable()->oC_SymbolicName());
        yi.field = y->oC_ProcedureResultField() != nullptr
                       ? Name(y->oC_ProcedureResultField()->oC_SymbolicName())
                       : yi.alias;
        c.yields.push_back(yi);
      }
      if (items->oC_Where() != nullptr) {
        c.where = BuildExpr(items->oC_Where()->oC_Expression());
      }
    }
  }
  return c;
}

ast::Projection AstBuilder::BuildProjection(P::OC_ProjectionBodyContext* ctx) {
  ast::Projection p;
  p.distinct = ctx->DISTINCT() != nullptr;
  auto* items = ctx->oC_ProjectionItems();
  p.star = items->kG_ProjectAll() != nullptr;
  for (auto* it : items->oC_ProjectionItem()) {
    ast::ProjectionItem item;
    item.expr = BuildExpr(it->oC_Expression());
    if (it->oC_Variable() != nullptr) {
      item.has_alias = true;
      item.alias = Name(it->oC_Variable()->oC_SymbolicName());
    } else {
      item.alias = Text(it->oC_Expression());
      item.expr->text = item.alias;
    }
    p.items.push_back(std::move(item));
  }
  if (ctx->oC_Order() != nullptr) {
    for (auto* s : ctx->oC_Order()->oC_SortItem()) {
      ast::SortItem si;
      si.expr = BuildExpr(s->oC_Expression());
      si.descending = s->DESC() != nullptr || s->DESCENDING() != nullptr;
      p.order_by.push_back(std::move(si));
    }
  }
  if (ctx->oC_Skip() != nullptr) {
    p.skip = BuildExpr(ctx->oC_Skip()->oC_Expression());
  }
  if (ctx->oC_Limit() != nullptr) {
    p.limit = BuildExpr(ctx->oC_Limit()->oC_Expression());
  }
  return p;
}

std::vector<ast::PatternPartPtr> AstBuilder::BuildPattern(P::OC_PatternContext* ctx) {
  std::vector<ast::PatternPartPtr> out;
  for (auto* p : ctx->oC_PatternPart()) {
    out.push_back(BuildPatternPart(p));
  }
  return out;
}

ast::PatternPartPtr AstBuilder::BuildPatternPart(P::OC_PatternPartContext* ctx) {
  auto part = std::make_shared<ast::PatternPart>();
  part->pos = PosOf(ctx);
  if (ctx->oC_Variable() != nullptr) {
    part->path_variable = Name(ctx->oC_Variable()->oC_SymbolicName());
  }
  auto* anon = ctx->oC_AnonymousPatternPart();
  if (auto* sp = anon->oC_ShortestPathPattern()) {
    part->kind = sp->SHORTESTPATH() != nullptr ? ast::PathKind::kShortest
                                               : ast::PathKind::kAllShortest;
    BuildPatternElement(sp->oC_PatternElement(), part.get());
  } else {
    BuildPatternElement(anon->oC_PatternElement(), part.get());
  }
  return part;
}

void AstBuilder::BuildPatternElement(P::OC_PatternElementContext* ctx, ast::PatternPart* part) {
  if (ctx->oC_PatternElement() != nullptr) {
    BuildPatternElement(ctx->oC_PatternElement(), part);
    return;
  }
  part->nodes.push_back(BuildNodePattern(ctx->oC_NodePattern()));
  for (auto* chain : ctx->oC_PatternElementChain()) {
    part->rels.push_back(BuildRelPattern(chain->oC_RelationshipPattern()));
    part->nodes.push_back(BuildNodePattern(chain->oC_NodePattern()));
  }
}

ast::PatternPartPtr AstBuilder::BuildRelationshipsPattern(P::OC_RelationshipsPatternContext* ctx) {
  auto part = std::make_shared<ast::PatternPart>();
  part->pos = PosOf(ctx);
  part->nodes.push_back(BuildNodePattern(ctx->oC_NodePattern()));
  for (auto* chain : ctx->oC_PatternElementChain()) {
    part->rels.push_back(BuildRelPattern(chain->oC_RelationshipPattern()));
    part->nodes.push_back(BuildNodePattern(chain->oC_NodePattern()));
  }
  return part;
}

ast::ExprPtr AstBuilder::BuildProperties(P::OC_PropertiesContext* ctx) {
  if (ctx == nullptr) {
    return nullptr;
  }
  if (ctx->oC_MapLiteral() != nullptr) {
    return BuildMapLiteral(ctx->oC_MapLiteral());
  }
  return BuildParameter(ctx->oC_Parameter());
}

ast::NodePattern AstBuilder::BuildNodePattern(P::OC_NodePatternContext* ctx) {
  ast::NodePattern n;
  n.pos = PosOf(ctx);
  if (ctx->oC_Variable() != nullptr) {
    n.variable = Name(ctx->oC_Variable()->oC_SymbolicName());
  } else {
    n.variable = NextAnonymous();
    n.anonymous = true;
  }
  if (ctx->oC_NodeLabels() != nullptr) {
    for (auto* l : ctx->oC_NodeLabels()->oC_NodeLabel()) {
      n.labels.push_back(SchemaName(l->oC_LabelName()->oC_SchemaName()));
    }
  }
  n.properties = BuildProperties(ctx->oC_Properties());
  return n;
}

ast::RelPattern AstBuilder::BuildRelPattern(P::OC_RelationshipPatternContext* ctx) {
  ast::RelPattern r;
  r.pos = PosOf(ctx);
  bool left = ctx->oC_LeftArrowHead() != nullptr;
  bool right = ctx->oC_RightArrowHead() != nullptr;
  r.direction = (left == right) ? ast::Direction::kBoth
                                : (left ? ast::Direction::kLeft : ast::Direction::kRight);
  auto* d = ctx->oC_RelationshipDetail();
  if (d != nullptr && d->oC_Variable() != nullptr) {
    r.variable = Name(d->oC_Variable()->oC_SymbolicName());
  } else {
    r.variable = NextAnonymous();
    r.anonymous = true;
  }
  if (d == nullptr) {
    return r;
  }
  if (d->oC_RelationshipTypes() != nullptr) {
    for (auto* t : d->oC_RelationshipTypes()->oC_RelTypeName()) {
      r.types.push_back(SchemaName(t->oC_SchemaName()));
    }
  }
  if (auto* range = d->oC_RangeLiteral()) {
    r.var_length = true;
    r.min_hops = 1;
    r.max_hops = -1;
    bool dots = false;
    bool saw_min = false;
    for (auto* child : range->children) {
      std::string t = child->getText();
      if (t == "..") {
        dots = true;
        continue;
      }
      auto* lit = dynamic_cast<P::OC_IntegerLiteralContext*>(child);
      if (lit == nullptr) {
        continue;
      }
      int64_t v = IntegerLiteral(lit->getText(), false, lit).as_int();
      if (!dots) {
        r.min_hops = v;
        saw_min = true;
      } else {
        r.max_hops = v;
      }
    }
    if (!dots && saw_min) {
      r.max_hops = r.min_hops;
    }
  }
  r.properties = BuildProperties(d->oC_Properties());
  return r;
}

ast::ExprPtr AstBuilder::BuildExpr(P::OC_ExpressionContext* ctx) {
  return BuildOr(ctx->oC_OrExpression());
}

ast::ExprPtr AstBuilder::BuildOr(P::OC_OrExpressionContext* ctx) {
  auto items = ctx->oC_XorExpression();
  ast::ExprPtr e = BuildXor(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    e = Binary(ast::BinaryOp::kOr, e, BuildXor(items[i]), ctx);
  }
  if (items.size() > 1) {
    e->text = Text(ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildXor(P::OC_XorExpressionContext* ctx) {
  auto items = ctx->oC_AndExpression();
  ast::ExprPtr e = BuildAnd(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    e = Binary(ast::BinaryOp::kXor, e, BuildAnd(items[i]), ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildAnd(P::OC_AndExpressionContext* ctx) {
  auto items = ctx->oC_NotExpression();
  ast::ExprPtr e = BuildNot(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    e = Binary(ast::BinaryOp::kAnd, e, BuildNot(items[i]), ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildNot(P::OC_NotExpressionContext* ctx) {
  ast::ExprPtr e = BuildComparison(ctx->oC_ComparisonExpression());
  for (size_t i = 0; i < ctx->NOT().size(); ++i) {
    auto n = NewExpr(ast::ExprKind::kNot, ctx);
    n->children.push_back(e);
    e = n;
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildComparison(P::OC_ComparisonExpressionContext* ctx) {
  ast::ExprPtr left = BuildStringListNull(ctx->oC_StringListNullPredicateExpression());
  auto partials = ctx->oC_PartialComparisonExpression();
  if (partials.empty()) {
    return left;
  }
  ast::ExprPtr result;
  for (auto* p : partials) {
    std::string op = p->kG_ComparisonOperator()->getText();
    ast::BinaryOp bop = op == "="    ? ast::BinaryOp::kEq
                        : op == "<>" ? ast::BinaryOp::kNe
                        : op == "<"  ? ast::BinaryOp::kLt
                        : op == ">"  ? ast::BinaryOp::kGt
                        : op == "<=" ? ast::BinaryOp::kLe
                                     : ast::BinaryOp::kGe;
    ast::ExprPtr right = BuildStringListNull(p->oC_StringListNullPredicateExpression());
    ast::ExprPtr cmp = Binary(bop, left, right, ctx);
    result = result ? Binary(ast::BinaryOp::kAnd, result, cmp, ctx) : cmp;
    left = right;
  }
  result->text = Text(ctx);
  return result;
}

ast::ExprPtr AstBuilder::BuildStringListNull(P::OC_StringListNullPredicateExpressionContext* ctx) {
  ast::ExprPtr e = BuildAddSub(ctx->oC_AddOrSubtractExpression());
  for (size_t i = 1; i < ctx->children.size(); ++i) {
    auto* child = ctx->children[i];
    if (auto* s = dynamic_cast<P::OC_StringPredicateExpressionContext*>(child)) {
      auto* op = s->kG_StringOperator();
      ast::BinaryOp bop = op->STARTS() != nullptr     ? ast::BinaryOp::kStartsWith
                          : op->ENDS() != nullptr     ? ast::BinaryOp::kEndsWith
                          : op->CONTAINS() != nullptr ? ast::BinaryOp::kContains
                                                      : ast::BinaryOp::kRegex;
      e = Binary(bop, e, BuildAddSub(s->oC_AddOrSubtractExpression()), ctx);
    } else if (auto* l = dynamic_cast<P::OC_ListPredicateExpressionContext*>(child)) {
      e = Binary(ast::BinaryOp::kIn, e, BuildAddSub(l->oC_AddOrSubtractExpression()), ctx);
    } else if (auto* n = dynamic_cast<P::OC_NullPredicateExpressionContext*>(child)) {
      auto x = NewExpr(n->NOT() != nullptr ? ast::ExprKind::kIsNotNull : ast::ExprKind::kIsNull,
                       ctx);
      x->children.push_back(e);
      e = x;
    }
  }
  if (ctx->children.size() > 1) {
    e->text = Text(ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildAddSub(P::OC_AddOrSubtractExpressionContext* ctx) {
  auto items = ctx->oC_MultiplyDivideModuloExpression();
  auto ops = ctx->kG_AddOperator();
  ast::ExprPtr e = BuildMulDiv(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    e = Binary(ops[i - 1]->getText() == "+" ? ast::BinaryOp::kAdd : ast::BinaryOp::kSub, e,
               BuildMulDiv(items[i]), ctx);
  }
  if (items.size() > 1) {
    e->text = Text(ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildMulDiv(P::OC_MultiplyDivideModuloExpressionContext* ctx) {
  auto items = ctx->oC_PowerOfExpression();
  auto ops = ctx->kG_MulOperator();
  ast::ExprPtr e = BuildPower(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    std::string op = ops[i - 1]->getText();
    e = Binary(op == "*"   ? ast::BinaryOp::kMul
               : op == "/" ? ast::BinaryOp::kDiv
                           : ast::BinaryOp::kMod,
               e, BuildPower(items[i]), ctx);
  }
  if (items.size() > 1) {
    e->text = Text(ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildPower(P::OC_PowerOfExpressionContext* ctx) {
  auto items = ctx->oC_UnaryAddOrSubtractExpression();
  ast::ExprPtr e = BuildUnary(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    e = Binary(ast::BinaryOp::kPow, e, BuildUnary(items[i]), ctx);
  }
  if (items.size() > 1) {
    e->text = Text(ctx);
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildUnary(P::OC_UnaryAddOrSubtractExpressionContext* ctx) {
  if (ctx->oC_NonArithmeticOperatorExpression() != nullptr) {
    return BuildNonArithmetic(ctx->oC_NonArithmeticOperatorExpression());
  }
  bool minus = ctx->kG_AddOperator()->getText() == "-";
  auto* inner = ctx->oC_UnaryAddOrSubtractExpression();
  // -<integer literal>: fold so that -9223372036854775808 is representable.
  if (minus && inner->oC_NonArithmeticOperatorExpression() != nullptr) {
    auto* na = inner->oC_NonArithmeticOperatorExpression();
    if (na->children.size() == 1 && na->oC_Atom()->oC_Literal() != nullptr) {
      auto* lit = na->oC_Atom()->oC_Literal();
      if (lit->oC_NumberLiteral() != nullptr) {
        auto e = NewExpr(ast::ExprKind::kLiteral, ctx);
        if (auto* il = lit->oC_NumberLiteral()->oC_IntegerLiteral()) {
          e->literal = IntegerLiteral(il->getText(), true, il);
        } else {
          auto inner_lit = BuildLiteral(lit);
          double d = inner_lit->literal.as_float();
          e->literal = Value(d == 0.0 ? 0.0 : -d);  // -0.0 is written 0.0 (TCK)
        }
        return e;
      }
    }
  }
  auto e = NewExpr(minus ? ast::ExprKind::kNegate : ast::ExprKind::kPlus, ctx);
  e->children.push_back(BuildUnary(inner));
  return e;
}

ast::ExprPtr AstBuilder::BuildNonArithmetic(P::OC_NonArithmeticOperatorExpressionContext* ctx) {
  ast::ExprPtr e = BuildAtom(ctx->oC_Atom());
  for (size_t i = 1; i < ctx->children.size(); ++i) {
    auto* child = ctx->children[i];
    if (auto* lo = dynamic_cast<P::OC_ListOperatorExpressionContext*>(child)) {
      bool slice = false;
      for (auto* c : lo->children) {
        if (c->getText() == "..") {
          slice = true;
        }
      }
      if (!slice) {
        auto x = NewExpr(ast::ExprKind::kIndex, lo);
        x->children = {e, BuildExpr(lo->oC_Expression())};
        e = x;
      } else {
        auto x = NewExpr(ast::ExprKind::kSlice, lo);
        x->children.push_back(e);
        x->children.push_back(lo->kG_SliceFrom() != nullptr
                                  ? BuildExpr(lo->kG_SliceFrom()->oC_Expression())
                                  : nullptr);
        x->children.push_back(lo->kG_SliceTo() != nullptr
                                  ? BuildExpr(lo->kG_SliceTo()->oC_Expression())
                                  : nullptr);
        x->has_from = lo->kG_SliceFrom() != nullptr;
        x->has_to = lo->kG_SliceTo() != nullptr;
        e = x;
      }
    } else if (auto* pl = dynamic_cast<P::OC_PropertyLookupContext*>(child)) {
      auto x = NewExpr(ast::ExprKind::kProperty, pl);
      x->name = SchemaName(pl->oC_PropertyKeyName()->oC_SchemaName());
      x->children.push_back(e);
      e = x;
    } else if (auto* nl = dynamic_cast<P::OC_NodeLabelsContext*>(child)) {
      auto x = NewExpr(ast::ExprKind::kHasLabels, nl);
      for (auto* l : nl->oC_NodeLabel()) {
        x->keys.push_back(SchemaName(l->oC_LabelName()->oC_SchemaName()));
      }
      x->children.push_back(e);
      e = x;
    }
    e->pos = PosOf(ctx);
    // Text of the whole prefix up to this child.
    size_t a = ctx->getStart()->getStartIndex();
    auto* last = dynamic_cast<antlr4::ParserRuleContext*>(child);
    if (last != nullptr && last->getStop() != nullptr) {
      e->text = stream_->getText(antlr4::misc::Interval(a, last->getStop()->getStopIndex()));
    }
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildPropertyExpression(P::OC_PropertyExpressionContext* ctx) {
  ast::ExprPtr e = BuildAtom(ctx->oC_Atom());
  for (auto* pl : ctx->oC_PropertyLookup()) {
    auto x = NewExpr(ast::ExprKind::kProperty, pl);
    x->name = SchemaName(pl->oC_PropertyKeyName()->oC_SchemaName());
    x->children.push_back(e);
    x->pos = PosOf(ctx);
    e = x;
  }
  e->text = Text(ctx);
  return e;
}

ast::ExprPtr AstBuilder::BuildVariable(P::OC_VariableContext* ctx) {
  auto e = NewExpr(ast::ExprKind::kVariable, ctx);
  e->name = Name(ctx->oC_SymbolicName());
  return e;
}

ast::ExprPtr AstBuilder::BuildParameter(P::OC_ParameterContext* ctx) {
  auto e = NewExpr(ast::ExprKind::kParameter, ctx);
  e->name = ctx->oC_SymbolicName() != nullptr ? Name(ctx->oC_SymbolicName())
                                              : ctx->DecimalInteger()->getText();
  return e;
}

ast::ExprPtr AstBuilder::BuildFilter(ast::ExprKind kind, P::OC_FilterExpressionContext* ctx,
                                     antlr4::ParserRuleContext* whole) {
  auto e = NewExpr(kind, whole);
  e->name = Name(ctx->oC_IdInColl()->oC_Variable()->oC_SymbolicName());
  e->children.push_back(BuildExpr(ctx->oC_IdInColl()->oC_Expression()));
  if (ctx->oC_Where() != nullptr) {
    e->where = BuildExpr(ctx->oC_Where()->oC_Expression());
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildAtom(P::OC_AtomContext* ctx) {
  if (auto* r = ctx->kG_Reduce()) {
    auto e = NewExpr(ast::ExprKind::kReduce, ctx);
    e->keys.push_back(Name(r->oC_Variable()->oC_SymbolicName()));
    e->name = Name(r->oC_IdInColl()->oC_Variable()->oC_SymbolicName());
    e->children.push_back(BuildExpr(r->oC_Expression(0)));
    e->children.push_back(BuildExpr(r->oC_IdInColl()->oC_Expression()));
    e->project = BuildExpr(r->oC_Expression(1));
    return e;
  }
  if (auto* lc = ctx->oC_ListComprehension()) {
    auto e = BuildFilter(ast::ExprKind::kListComprehension, lc->oC_FilterExpression(), ctx);
    if (lc->oC_Expression() != nullptr) {
      e->project = BuildExpr(lc->oC_Expression());
    }
    return e;
  }
  if (auto* pc = ctx->oC_PatternComprehension()) {
    auto e = NewExpr(ast::ExprKind::kPatternComprehension, ctx);
    auto part = BuildRelationshipsPattern(pc->oC_RelationshipsPattern());
    if (pc->oC_Variable() != nullptr) {
      part->path_variable = Name(pc->oC_Variable()->oC_SymbolicName());
    }
    e->pattern.push_back(part);
    if (pc->oC_Where() != nullptr) {
      e->where = BuildExpr(pc->oC_Where()->oC_Expression());
    }
    e->project = BuildExpr(pc->oC_Expression());
    return e;
  }
  if (ctx->oC_Literal() != nullptr) {
    return BuildLiteral(ctx->oC_Literal());
  }
  if (ctx->oC_Parameter() != nullptr) {
    return BuildParameter(ctx->oC_Parameter());
  }
  if (auto* c = ctx->oC_CaseExpression()) {
    auto e = NewExpr(ast::ExprKind::kCase, ctx);
    size_t consumed = 0;
    auto exprs = c->oC_Expression();
    // The subject comes before the first WHEN, ELSE after the last alternative.
    if (!exprs.empty() && exprs[0]->getStart()->getTokenIndex() <
                              c->oC_CaseAlternative(0)->getStart()->getTokenIndex()) {
      e->has_subject = true;
      e->children.push_back(BuildExpr(exprs[0]));
      consumed = 1;
    }
    for (auto* alt : c->oC_CaseAlternative()) {
      e->children.push_back(BuildExpr(alt->oC_Expression(0)));
      e->children.push_back(BuildExpr(alt->oC_Expression(1)));
    }
    if (exprs.size() > consumed) {
      e->has_else = true;
      e->children.push_back(BuildExpr(exprs.back()));
    }
    return e;
  }
  if (ctx->kG_CountStar() != nullptr) {
    return NewExpr(ast::ExprKind::kCountStar, ctx);
  }
  if (auto* q = ctx->oC_Quantifier()) {
    auto e = BuildFilter(ast::ExprKind::kQuantifier, q->oC_FilterExpression(), ctx);
    e->quantifier = q->ALL() != nullptr    ? ast::QuantifierKind::kAll
                    : q->ANY() != nullptr  ? ast::QuantifierKind::kAny
                    : q->NONE() != nullptr ? ast::QuantifierKind::kNone
                                           : ast::QuantifierKind::kSingle;
    return e;
  }
  if (auto* pp = ctx->oC_PatternPredicate()) {
    auto e = NewExpr(ast::ExprKind::kPatternPredicate, ctx);
    e->pattern.push_back(BuildRelationshipsPattern(pp->oC_RelationshipsPattern()));
    return e;
  }
  if (auto* pe = ctx->oC_ParenthesizedExpression()) {
    auto e = BuildExpr(pe->oC_Expression());
    return e;
  }
  if (auto* ex = ctx->oC_ExistentialSubquery()) {
    auto e = NewExpr(ast::ExprKind::kExists, ctx);
    if (ex->oC_RegularQuery() != nullptr) {
      throw CompileError("UnsupportedFeature",
                         "EXISTS { ... } with a full subquery is not supported; use "
                         "EXISTS { <pattern> WHERE <predicate> }",
                         e->pos.line, e->pos.column);
    }
    e->pattern = BuildPattern(ex->oC_Pattern());
    if (ex->oC_Where() != nullptr) {
      e->where = BuildExpr(ex->oC_Where()->oC_Expression());
    }
    return e;
  }
  if (auto* f = ctx->oC_FunctionInvocation()) {
    auto e = NewExpr(ast::ExprKind::kFunction, ctx);
    auto* fn = f->oC_FunctionName();
    if (fn->EXISTS() != nullptr) {
      e->name = "exists";
    } else {
      std::string name;
      for (auto* s : fn->oC_Namespace()->oC_SymbolicName()) {
        name += Name(s) + ".";
      }
      e->name = name + Name(fn->oC_SymbolicName());
    }
    e->distinct = f->DISTINCT() != nullptr;
    for (auto* a : f->oC_Expression()) {
      e->children.push_back(BuildExpr(a));
    }
    return e;
  }
  return BuildVariable(ctx->oC_Variable());
}

Value AstBuilder::IntegerLiteral(const std::string& text, bool negative,
                                 antlr4::ParserRuleContext* ctx) {
  ast::Pos pos = PosOf(ctx);
  int base = 10;
  std::string digits = text;
  if (text.size() > 2 && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    digits = text.substr(2);
  } else if (text.size() > 2 && (text[1] == 'o' || text[1] == 'O')) {
    base = 8;
    digits = text.substr(2);
  }
  errno = 0;
  unsigned long long v = std::strtoull(digits.c_str(), nullptr, base);
  const unsigned long long kMaxPos = 9223372036854775807ULL;
  if (errno == ERANGE || v > kMaxPos + (negative ? 1 : 0)) {
    throw CompileError("IntegerOverflow",
                       "integer literal " + std::string(negative ? "-" : "") + text +
                           " is too large for a 64-bit integer",
                       pos.line, pos.column);
  }
  if (negative) {
    if (v == kMaxPos + 1) {
      return Value(static_cast<int64_t>(INT64_MIN));
    }
    return Value(-static_cast<int64_t>(v));
  }
  return Value(static_cast<int64_t>(v));
}

ast::ExprPtr AstBuilder::BuildMapLiteral(P::OC_MapLiteralContext* ctx) {
  auto e = NewExpr(ast::ExprKind::kMap, ctx);
  for (auto* entry : ctx->kG_MapEntry()) {
    e->keys.push_back(SchemaName(entry->oC_PropertyKeyName()->oC_SchemaName()));
    e->children.push_back(BuildExpr(entry->oC_Expression()));
  }
  return e;
}

ast::ExprPtr AstBuilder::BuildLiteral(P::OC_LiteralContext* ctx) {
  if (ctx->oC_MapLiteral() != nullptr) {
    return BuildMapLiteral(ctx->oC_MapLiteral());
  }
  if (auto* l = ctx->oC_ListLiteral()) {
    auto e = NewExpr(ast::ExprKind::kList, ctx);
    for (auto* x : l->oC_Expression()) {
      e->children.push_back(BuildExpr(x));
    }
    return e;
  }
  auto e = NewExpr(ast::ExprKind::kLiteral, ctx);
  if (ctx->oC_BooleanLiteral() != nullptr) {
    e->literal = Value(ctx->oC_BooleanLiteral()->TRUE_() != nullptr);
  } else if (ctx->NULL_() != nullptr) {
    e->literal = Value();
  } else if (ctx->StringLiteral() != nullptr) {
    e->literal = Value(Unescape(ctx->StringLiteral()->getText(), e->pos));
  } else if (auto* n = ctx->oC_NumberLiteral()) {
    if (n->oC_IntegerLiteral() != nullptr) {
      e->literal = IntegerLiteral(n->getText(), false, n);
    } else {
      errno = 0;
      double d = std::strtod(n->getText().c_str(), nullptr);
      if (errno == ERANGE && std::isinf(d)) {
        throw CompileError("FloatingPointOverflow",
                           "float literal " + n->getText() + " is too large", e->pos.line,
                           e->pos.column);
      }
      e->literal = Value(d);
    }
  }
  return e;
}

}  // namespace kg::query::parser
