// Errors that end a query. The compiler stages (parser, binder, planner) and the executor throw a
// QueryError; QueryEngine::Execute catches it once and returns it as a Status whose message starts
// with "<Kind>: <Code>: " in openCypher TCK terms (e.g. "SyntaxError: UndefinedVariable: ...").
#pragma once

#include <stdexcept>
#include <string>

namespace kg::query {

class QueryError : public std::runtime_error {
 public:
  // kind: SyntaxError, TypeError, ArgumentError, SemanticError, EntityNotFound, ...
  // code: the TCK detail code (UndefinedVariable, InvalidArgumentType, ...).
  QueryError(std::string kind, std::string code, std::string message, bool compile_time,
             int line = 0, int column = 0)
      : std::runtime_error(message),
        kind_(std::move(kind)),
        code_(std::move(code)),
        compile_time_(compile_time),
        line_(line),
        column_(column) {}

  const std::string& kind() const { return kind_; }
  const std::string& code() const { return code_; }
  bool compile_time() const { return compile_time_; }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  std::string kind_;
  std::string code_;
  bool compile_time_;
  int line_;
  int column_;
};

// Compile-time error with a position (line 1-based, column 1-based; 0 = unknown).
inline QueryError CompileError(std::string code, std::string message, int line = 0,
                               int column = 0) {
  return QueryError("SyntaxError", std::move(code), std::move(message), true, line, column);
}

// Run-time error of the given kind.
inline QueryError RuntimeError(std::string kind, std::string code, std::string message) {
  return QueryError(std::move(kind), std::move(code), std::move(message), false);
}

inline QueryError TypeError(std::string code, std::string message) {
  return RuntimeError("TypeError", std::move(code), std::move(message));
}

}  // namespace kg::query
