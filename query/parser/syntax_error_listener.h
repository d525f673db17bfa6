// Turns ANTLR syntax errors into kg SyntaxErrors with position, caret and words for what was
// expected. Only the first error is kept; ANTLR's console listener is removed by the parser.
#pragma once

#include <optional>
#include <string>

#include <antlr4-runtime.h>

#include "query/errors.h"

namespace kg::query::parser {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit SyntaxErrorListener(std::string text) : text_(std::move(text)) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& msg, std::exception_ptr e) override;

  const std::optional<QueryError>& error() const { return error_; }

 private:
  std::string text_;
  std::optional<QueryError> error_;
};

}  // namespace kg::query::parser
