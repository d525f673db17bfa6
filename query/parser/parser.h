// Parser front: Cypher text -> AST statements. The only part of kg that touches ANTLR (together
// with ast_builder.cpp and syntax_error_listener.cpp in this folder).
#pragma once

#include <string_view>
#include <vector>

#include "query/ast/ast.h"

namespace kg::query::parser {

// Parses one or more `;`-separated statements. Throws QueryError (SyntaxError with line:column,
// the quoted line and a caret, what was expected in words, and a "did you mean" for misspelled
// keywords) on invalid input.
std::vector<ast::Statement> Parse(std::string_view text);

// Formats "<message>\n  <line text>\n  <caret>" for an error at line:column (1-based) of text.
std::string QuoteSourceLine(std::string_view text, int line, int column);

}  // namespace kg::query::parser
