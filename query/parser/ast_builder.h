// AstBuilder: ANTLR parse tree -> kg AST, one Build* function per grammar rule (kuzu's
// Transformer). Literal checks that the grammar cannot express (integer overflow, bad escapes)
// throw SyntaxErrors here.
#pragma once

#include <string>
#include <vector>

#include <antlr4-runtime.h>

#include "CypherParser.h"
#include "query/ast/ast.h"

namespace kg::query::parser {

class AstBuilder {
 public:
  explicit AstBuilder(antlr4::CharStream* stream) : stream_(stream) {}

  std::vector<ast::Statement> BuildStatements(gen::CypherParser::KG_StatementsContext* ctx);

 private:
  using P = gen::CypherParser;

  ast::Statement BuildCypher(P::OC_CypherContext* ctx);
  ast::SingleQuery BuildSingleQuery(P::OC_SingleQueryContext* ctx);
  ast::Clause BuildClause(P::OC_ClauseContext* ctx);
  ast::Clause BuildMatch(P::OC_MatchContext* ctx);
  ast::Clause BuildUnwind(P::OC_UnwindContext* ctx);
  ast::Clause BuildMerge(P::OC_MergeContext* ctx);
  ast::Clause BuildCreate(P::OC_CreateContext* ctx);
  std::vector<ast::SetItem> BuildSetItems(P::OC_SetContext* ctx);
  ast::Clause BuildDelete(P::OC_DeleteContext* ctx);
  ast::Clause BuildRemove(P::OC_RemoveContext* ctx);
  ast::Clause BuildCall(P::OC_InQueryCallContext* ctx);
  ast::Projection BuildProjection(P::OC_ProjectionBodyContext* ctx);

  std::vector<ast::PatternPartPtr> BuildPattern(P::OC_PatternContext* ctx);
  ast::PatternPartPtr BuildPatternPart(P::OC_PatternPartContext* ctx);
  void BuildPatternElement(P::OC_PatternElementContext* ctx, ast::PatternPart* part);
  ast::PatternPartPtr BuildRelationshipsPattern(P::OC_RelationshipsPatternContext* ctx);
  ast::NodePattern BuildNodePattern(P::OC_NodePatternContext* ctx);
  ast::RelPattern BuildRelPattern(P::OC_RelationshipPatternContext* ctx);

  ast::ExprPtr BuildExpr(P::OC_ExpressionContext* ctx);
  ast::ExprPtr BuildOr(P::OC_OrExpressionContext* ctx);
  ast::ExprPtr BuildXor(P::OC_XorExpressionContext* ctx);
  ast::ExprPtr BuildAnd(P::OC_AndExpressionContext* ctx);
  ast::ExprPtr BuildNot(P::OC_NotExpressionContext* ctx);
  ast::ExprPtr BuildComparison(P::OC_ComparisonExpressionContext* ctx);
  ast::ExprPtr BuildStringListNull(P::OC_StringListNullPredicateExpressionContext* ctx);
  ast::ExprPtr BuildAddSub(P::OC_AddOrSubtractExpressionContext* ctx);
  ast::ExprPtr BuildMulDiv(P::OC_MultiplyDivideModuloExpressionContext* ctx);
  ast::ExprPtr BuildPower(P::OC_PowerOfExpressionContext* ctx);
  ast::ExprPtr BuildUnary(P::OC_UnaryAddOrSubtractExpressionContext* ctx);
  ast::ExprPtr BuildNonArithmetic(P::OC_NonArithmeticOperatorExpressionContext* ctx);
  ast::ExprPtr BuildAtom(P::OC_AtomContext* ctx);
  ast::ExprPtr BuildLiteral(P::OC_LiteralContext* ctx);
  ast::ExprPtr BuildMapLiteral(P::OC_MapLiteralContext* ctx);
  ast::ExprPtr BuildParameter(P::OC_ParameterContext* ctx);
  ast::ExprPtr BuildVariable(P::OC_VariableContext* ctx);
  ast::ExprPtr BuildFilter(ast::ExprKind kind, P::OC_FilterExpressionContext* ctx,
                           antlr4::ParserRuleContext* whole);
  ast::ExprPtr BuildPropertyExpression(P::OC_PropertyExpressionContext* ctx);
  ast::ExprPtr BuildProperties(P::OC_PropertiesContext* ctx);

  ast::ExprPtr NewExpr(ast::ExprKind kind, antlr4::ParserRuleContext* ctx);
  ast::ExprPtr Binary(ast::BinaryOp op, ast::ExprPtr l, ast::ExprPtr r,
                      antlr4::ParserRuleContext* ctx);
  std::string Text(antlr4::ParserRuleContext* ctx) const;
  static ast::Pos PosOf(antlr4::ParserRuleContext* ctx);
  std::string Name(P::OC_SymbolicNameContext* ctx) const;
  std::string SchemaName(P::OC_SchemaNameContext* ctx) const;
  Value IntegerLiteral(const std::string& text, bool negative, antlr4::ParserRuleContext* ctx);
  std::string NextAnonymous();

  antlr4::CharStream* stream_;
  int anon_counter_ = 0;
};

}  // namespace kg::query::parser
