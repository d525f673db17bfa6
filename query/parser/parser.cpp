#include "query/parser/parser.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
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

namespace {

// ANTLR's prediction and kg's recursive AST passes take time and stack in proportion to how
// deeply an expression nests, so very deep nesting is refused before parsing, with its position.
constexpr int kMaxNesting = 64;
// Long operator chains (a + b + ... or x = 1 OR x = 2 OR ...) become equally deep AST trees.
constexpr int kMaxOperators = 2000;

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// Brackets ( [ { and runs of prefix operators (NOT, unary - and +) count as nesting. String
// literals, `quoted names` and comments are skipped.
void CheckNesting(std::string_view text) {
  int depth = 0;
  int prefix_run = 0;
  int operators = 0;  // in the current statement
  char last = ' ';     // the previous character that is not a space
  int line = 1;
  size_t line_start = 0;
  bool operand_expected = true;  // a '-' or '+' here is a prefix operator
  auto fail = [&](size_t i, const std::string& what) {
    int column = 1;
    for (size_t k = line_start; k < i; ++k) {
      column += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
    }
    std::string message = what + " nested more than " + std::to_string(kMaxNesting) +
                          " levels deep (line " + std::to_string(line) + ", column " +
                          std::to_string(column) + "); split the expression, e.g. with WITH\n" +
                          QuoteSourceLine(text, line, column);
    throw CompileError("NestingTooDeep", message, line, column);
  };
  auto count_operator = [&](size_t i) {
    if (++operators > kMaxOperators) {
      int column = 1;
      for (size_t k = line_start; k < i; ++k) {
        column += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
      }
      throw CompileError("ExpressionTooLarge",
                         "statement has more than " + std::to_string(kMaxOperators) +
                             " operators (line " + std::to_string(line) + ", column " +
                             std::to_string(column) +
                             "); use a list with IN or UNWIND instead of long OR or + chains",
                         line, column);
    }
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c) {
        if (text[j] == '\\' && c != '`') {
          ++j;
        }
        if (j < text.size() && text[j] == '\n') {
          ++line;
          line_start = j + 1;
        }
        ++j;
      }
      i = j;
      operand_expected = false;
      prefix_run = 0;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      bool block = text[i + 1] == '*';
      size_t j = i + 2;
      while (j < text.size() && !(block ? text.compare(j, 2, "*/") == 0 : text[j] == '\n')) {
        if (text[j] == '\n') {
          ++line;
          line_start = j + 1;
        }
        ++j;
      }
      i = block ? j + 1 : j - 1;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      continue;
    }
    char prev = last;
    last = c;
    if (c == '(' || c == '[' || c == '{') {
      if (++depth > kMaxNesting) {
        fail(i, "brackets");
      }
      operand_expected = true;
      prefix_run = 0;
    } else if (c == ')' || c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
      operand_expected = false;
      prefix_run = 0;
    } else if ((c == '-' || c == '+') && operand_expected) {
      if (++prefix_run > kMaxNesting) {
        fail(i, "prefix operators");
      }
    } else if (IsWordChar(c)) {
      size_t j = i;
      while (j < text.size() && IsWordChar(text[j])) {
        ++j;
      }
      std::string_view word = text.substr(i, j - i);
      if (word.size() == 3 || word.size() == 2) {
        std::string upper(word);
        for (char& ch : upper) {
          ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
        if (upper == "AND" || upper == "OR" || upper == "XOR") {
          count_operator(i);
        }
      }
      bool is_not = word.size() == 3 && std::toupper(static_cast<unsigned char>(word[0])) == 'N' &&
                    std::toupper(static_cast<unsigned char>(word[1])) == 'O' &&
                    std::toupper(static_cast<unsigned char>(word[2])) == 'T';
      if (is_not) {
        if (++prefix_run > kMaxNesting) {
          fail(i, "NOT operators");
        }
        operand_expected = true;
      } else {
        // A keyword such as AND or WHERE may be followed by a prefix operator too.
        prefix_run = 0;
        operand_expected = std::isdigit(static_cast<unsigned char>(c)) == 0 && word != "null" &&
                           word != "true" && word != "false";
        if (std::isalpha(static_cast<unsigned char>(c)) != 0 && j < text.size() &&
            (text[j] == ')' || text[j] == ']' || text[j] == '}')) {
          operand_expected = false;
        }
      }
      i = j - 1;
    } else {
      if (c == ';' && depth == 0) {
        operators = 0;
      } else if (c != '\0' && std::strchr("+-*/%^=<>", c) != nullptr) {
        // Pattern arrows such as )-[ and ]->( are not operators.
        char next = i + 1 < text.size() ? text[i + 1] : ' ';
        bool arrow = (c == '-' || c == '<' || c == '>') &&
                     (std::strchr(")]-<", prev) != nullptr || std::strchr("[(->", next) != nullptr);
        if (!arrow) {
          count_operator(i);
        }
      }
      operand_expected = true;  // after an operator or punctuation, a '-' is a prefix
      prefix_run = (c == '-' || c == '+') ? prefix_run : 0;
    }
  }
}

// ANTLR's input stream throws std::range_error on invalid UTF-8; report it as a syntax error.
void CheckUtf8(std::string_view text) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size();
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; ok && k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(text[i + k]);
      ok = (d & 0xC0) == 0x80;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
    ok = ok && !(n == 2 && cp < 0x80) && !(n == 3 && cp < 0x800) && !(n == 4 && cp < 0x10000) &&
         !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
    if (!ok) {
      int column = 1;
      for (size_t k = line_start; k < i; ++k) {
        column += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
      }
      throw CompileError("InvalidUnicode",
                         "invalid UTF-8 at byte offset " + std::to_string(i) + " (line " +
                             std::to_string(line) + ", column " + std::to_string(column) +
                             "); queries must be UTF-8 text",
                         line, column);
    }
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += n;
  }
}

}  // namespace

std::vector<ast::Statement> Parse(std::string_view text) {
  CheckUtf8(text);
  CheckNesting(text);
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
