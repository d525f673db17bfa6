#include "query/parser/parser.h"

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <antlr4-runtime.h>

#include "CypherLexer.h"
#include "CypherParser.h"
#include "query/errors.h"
#include "query/parser/ast_builder.h"
#include "query/parser/syntax_error_listener.h"

namespace kg::query::parser {

std::string QuoteSourceLine(std::string_view text, int line, int column) {
  std::string_view rest = text;
  for (int l = 1; l < line; ++l) {
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      return "";
    }
    rest = rest.substr(nl + 1);
  }
  size_t nl = rest.find('\n');
  std::string src(rest.substr(0, nl));
  if (!src.empty() && src.back() == '\r') {
    src.pop_back();
  }
  // Column counts code points; count UTF-8 lead bytes to place the caret.
  std::string caret = "  ";
  int cp = 1;
  for (size_t i = 0; i < src.size() && cp < column; ++i) {
    if ((static_cast<unsigned char>(src[i]) & 0xC0) != 0x80) {
      if (cp > 1 || i > 0) {
      }
      caret += src[i] == '\t' ? '\t' : ' ';
      ++cp;
    }
  }
  caret += '^';
  return "  " + src + "\n" + caret;
}

std::vector<ast::Statement> Parse(std::string_view text) {
  std::string input(text);
  antlr4::ANTLRInputStream stream(input);
  gen::CypherLexer lexer(&stream);
  SyntaxErrorListener listener(input);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  gen::CypherParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  auto* tree = parser.kG_Statements();
  if (listener.error()) {
    throw *listener.error();
  }
  AstBuilder builder(&stream);
  return builder.BuildStatements(tree);
}

}  // namespace kg::query::parser
