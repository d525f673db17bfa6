// QueryEngine: the query module's front door. Runs openCypher statements against a GraphStore:
// text -> parser -> binder -> planner -> executor. Statements that write run inside one store
// Transaction, committed only if the whole statement succeeds (a failed query leaves the store
// unchanged); read-only statements read the store directly, so they work on read-only stores.
// Never throws. Not thread-safe: one engine per thread (the store allows one writer).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"
#include "query/query_result.h"
#include "query/value.h"

namespace kg::query {

// Bounds on one call of Execute/ExecuteScript. A statement stopped by any of them fails with
// "ExecutionError: <Code>: ..." (kRuntimeError) and, like every failed statement, writes nothing.
struct QueryLimits {
  // Set (from another thread or a signal handler) to stop the running statement: Cancelled.
  // REQUIRES: outlives the calls.
  const std::atomic<bool>* cancel = nullptr;
  // Wall-clock budget of one call in seconds; 0 = none: Timeout.
  double timeout_seconds = 0;
  // Paths a variable-length or all-shortest-paths pattern may hold from one start node; 0 =
  // none: TooManyPaths, with a hint on how to narrow the pattern.
  size_t max_var_length_paths = 10'000'000;
};

class QueryEngine {
 public:
  // REQUIRES: store outlives the engine.
  explicit QueryEngine(graph::GraphStore& store) : store_(store) {}

  // Runs exactly one statement (EXPLAIN / PROFILE prefixes allowed). Errors are a non-OK Status
  // whose message is "<Kind>: <Code>: <details>" with TCK kinds and codes, e.g.
  // "SyntaxError: UndefinedVariable: Variable `b` not defined ..." (code kSyntaxError for
  // compile-time errors, kRuntimeError for run-time ones). InvalidArgument if the text holds
  // several statements.
  Result<QueryResult> Execute(std::string_view cypher, const ValueMap& params = {});

  // Runs each `;`-separated statement in order, each in its own transaction; stops at the first
  // error (earlier statements stay committed). Returns one result per statement.
  Result<std::vector<QueryResult>> ExecuteScript(std::string_view cypher,
                                                 const ValueMap& params = {});

  // True if any statement in `cypher` can write (CREATE, MERGE, SET, REMOVE, DELETE), so the
  // caller can open the store read-only otherwise. SyntaxError status if it does not compile.
  static Result<bool> Writes(std::string_view cypher);

  // Evaluates a constant expression (a literal, list, map, arithmetic; no variables), as used
  // for `--param name=value`. SyntaxError status if it does not parse or is not constant.
  static Result<Value> EvaluateConstant(std::string_view expression);

  // Applies to the calls that follow.
  void SetLimits(const QueryLimits& limits) { limits_ = limits; }

 private:
  struct Compiled;  // parsed, bound and planned statement (query_engine.cpp)
  Result<QueryResult> ExecuteCompiled(Compiled& c, const ValueMap& params);

  graph::GraphStore& store_;
  QueryLimits limits_;
  // Single statements by text, so repeated queries skip parsing and planning.
  std::map<std::string, std::shared_ptr<Compiled>, std::less<>> cache_;
};

// Splits "Kind: Code: details" error messages (as returned by Execute) into kind and code.
// Returns false if the message is not in that form.
bool ParseErrorMessage(const std::string& message, std::string* kind, std::string* code);

}  // namespace kg::query
