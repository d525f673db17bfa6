#include "query/parser/syntax_error_listener.h"

#include <set>
#include <vector>

#include "CypherLexer.h"
#include "CypherParser.h"
#include "query/parser/parser.h"
#include "query/suggest.h"

namespace kg::query::parser {

namespace {

using gen::CypherParser;

// Words for a token type, as a user would say them.
std::string TokenWords(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  switch (type) {
    case antlr4::Token::EOF:
      return "end of input";
    case CypherParser::StringLiteral:
      return "a string";
    case CypherParser::HexInteger:
    case CypherParser::OctalInteger:
    case CypherParser::DecimalInteger:
    case CypherParser::ExponentDecimalReal:
    case CypherParser::RegularDecimalReal:
      return "a number";
    case CypherParser::UnescapedSymbolicName:
    case CypherParser::EscapedSymbolicName:
    case CypherParser::HexLetter:
      return "a name";
    case CypherParser::L_SKIP:
      return "SKIP";
    case CypherParser::NULL_:
      return "NULL";
    case CypherParser::TRUE_:
      return "TRUE";
    case CypherParser::FALSE_:
      return "FALSE";
    default:
      break;
  }
  std::string name = vocab.getDisplayName(type);
  return name;
}

bool IsKeywordToken(const antlr4::dfa::Vocabulary& vocab, size_t type) {
  std::string sym = vocab.getSymbolicName(type);
  if (sym.empty()) {
    return false;
  }
  for (char c : sym) {
    if (!(std::isupper(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return type != CypherParser::WHITESPACE;
}

std::vector<std::string> AllKeywords(const antlr4::dfa::Vocabulary& vocab) {
  std::vector<std::string> out;
  for (size_t t = 1; t <= vocab.getMaxTokenType(); ++t) {
    if (IsKeywordToken(vocab, t)) {
      out.push_back(TokenWords(vocab, t));
    }
  }
  return out;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t line, size_t column, const std::string& msg,
                                      std::exception_ptr) {
  if (error_) {
    return;
  }
  std::string message;
  std::string hint;
  std::string code = "UnexpectedSyntax";
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  if (parser != nullptr && offending != nullptr) {
    const auto& vocab = parser->getVocabulary();
    std::string got = offending->getType() == antlr4::Token::EOF
                          ? "end of input"
                          : "'" + offending->getText() + "'";
    message = "Invalid input " + got;
    antlr4::misc::IntervalSet expected;
    try {
      expected = parser->getExpectedTokens();
    } catch (...) {
      expected = antlr4::misc::IntervalSet();
    }
    std::vector<std::string> words;
    std::set<std::string> seen;
    std::vector<std::string> expected_keywords;
    bool expression_like = expected.contains(static_cast<size_t>(CypherParser::StringLiteral)) &&
                           expected.contains(static_cast<size_t>(CypherParser::DecimalInteger));
    for (ssize_t t : expected.toList()) {
      if (t < 0) {
        continue;
      }
      if (IsKeywordToken(vocab, t)) {
        expected_keywords.push_back(TokenWords(vocab, t));
      }
      if (expression_like) {
        std::string lit = vocab.getLiteralName(t);
        bool keep = t == static_cast<ssize_t>(antlr4::Token::EOF) || lit == "')'" || lit == "','" || lit == "']'" ||
                    lit == "'}'";
        if (!keep) {
          continue;
        }
      }
      std::string w = TokenWords(vocab, t);
      if (seen.insert(w).second) {
        words.push_back(w);
      }
    }
    if (expression_like) {
      words.insert(words.begin(), "an expression");
    }
    bool only_end = !words.empty();
    for (const auto& w : words) {
      only_end = only_end && (w == "';'" || w == "end of input" || w == "UNION");
    }
    if (only_end) {
      words.insert(words.begin(),
                   "a clause (MATCH, WHERE, WITH, RETURN, CREATE, MERGE, SET, DELETE, REMOVE, "
                   "UNWIND, CALL)");
    }
    if (!words.empty()) {
      message += ": expected ";
      size_t shown = std::min<size_t>(words.size(), 12);
      for (size_t i = 0; i < shown; ++i) {
        if (i > 0) {
          message += (i + 1 == shown && shown == words.size()) ? " or " : ", ";
        }
        message += words[i];
      }
      if (shown < words.size()) {
        message += ", ...";
      }
    }
    const std::string& otext = offending->getText();
    bool general_punctuation = otext.size() >= 3 && static_cast<unsigned char>(otext[0]) == 0xE2 &&
                               (static_cast<unsigned char>(otext[1]) & 0xFE) == 0x80;
    if ((offending->getType() == CypherParser::Unknown && !otext.empty() &&
         (static_cast<unsigned char>(otext[0]) & 0x80) != 0) ||
        general_punctuation) {
      code = "InvalidUnicodeCharacter";
    }
    if (offending->getTokenIndex() > 0 && offending->getType() != antlr4::Token::EOF) {
      antlr4::Token* prev = parser->getTokenStream()->get(offending->getTokenIndex() - 1);
      size_t pt = prev->getType();
      bool number = pt == CypherParser::DecimalInteger || pt == CypherParser::HexInteger ||
                    pt == CypherParser::OctalInteger || pt == CypherParser::RegularDecimalReal ||
                    pt == CypherParser::ExponentDecimalReal;
      if (number && prev->getStopIndex() + 1 == offending->getStartIndex()) {
        code = "InvalidNumberLiteral";
        message = "Invalid number literal '" + prev->getText() + offending->getText() + "'";
      }
    }
    if (offending->getType() == CypherParser::UnescapedSymbolicName) {
      std::string text = offending->getText();
      std::string m = ClosestMatch(
          text, expected_keywords.empty() ? AllKeywords(vocab) : expected_keywords);
      if (!m.empty()) {
        hint = "\nDid you mean " + m + "?";
      }
    }
  } else {
    message = msg;
    if (message.rfind("token recognition error at: ", 0) == 0) {
      message = "Invalid input " + message.substr(28);
    }
  }
  int l = static_cast<int>(line);
  int c = static_cast<int>(column) + 1;
  std::string full = message + " (line " + std::to_string(l) + ", column " + std::to_string(c) +
                     ")\n" + QuoteSourceLine(text_, l, c) + hint;
  error_ = CompileError(code, full, l, c);
}

}  // namespace kg::query::parser
