#include "query/query_engine.h"

#include <chrono>

#include "query/binder/binder.h"
#include "query/errors.h"
#include "query/executor/exec_context.h"
#include "query/executor/executor.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"

namespace kg::query {

namespace {

ExecLimits ToExecLimits(const QueryLimits& q) {
  ExecLimits l;
  l.cancel = q.cancel;
  l.timeout_seconds = q.timeout_seconds;
  if (q.timeout_seconds > 0) {
    l.deadline = std::chrono::steady_clock::now() +
                 std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                     std::chrono::duration<double>(q.timeout_seconds));
  }
  l.max_var_length_paths = q.max_var_length_paths;
  return l;
}

Status ToStatus(const QueryError& e, std::string_view text) {
  std::string msg = e.kind() + ": " + e.code() + ": " + e.what();
  if (e.line() > 0 && msg.find('^') == std::string::npos) {
    msg += "\n" + parser::QuoteSourceLine(text, e.line(), e.column());
  }
  return e.compile_time() ? Status::SyntaxError(msg) : Status::RuntimeError(msg);
}

Result<QueryResult> RunStatement(graph::GraphStore& store, ast::Statement& st,
                                 const ValueMap& params) {
  QueryResult result;
  Binder binder(&store);
  BoundStatement bound = binder.Bind(&st);
  result.warnings = binder.warnings();
  LogicalPlan plan = Plan(bound);
  if (st.explain) {
    result.plan = PrintPlan(plan);
    result.explain_only = true;
    result.columns = plan.columns;
    return result;
  }
  if (!plan.updates) {
    ExecutePlan(plan, store, nullptr, params, st.profile, &result);
    return result;
  }
  auto txn = store.BeginTransaction();
  if (!txn.ok()) {
    return txn.status();
  }
  try {
    ExecutePlan(plan, **txn, txn->get(), params, st.profile, &result);
  } catch (...) {
    (*txn)->Rollback();
    throw;
  }
  Status s = (*txn)->Commit();
  if (!s.ok()) {
    return s;
  }
  return result;
}

}  // namespace

struct QueryEngine::Compiled {
  std::string text;
  std::vector<ast::Statement> statements;  // exactly one
  LogicalPlan plan;
  std::vector<std::string> warnings;
};

Result<QueryResult> QueryEngine::ExecuteCompiled(Compiled& c, const ValueMap& params) {
  ast::Statement& st = c.statements[0];
  QueryResult result;
  result.warnings = c.warnings;
  if (st.explain) {
    result.plan = PrintPlan(c.plan);
    result.explain_only = true;
    result.columns = c.plan.columns;
    return result;
  }
  if (!c.plan.updates) {
    ExecutePlan(c.plan, store_, nullptr, params, st.profile, &result);
    return result;
  }
  auto txn = store_.BeginTransaction();
  if (!txn.ok()) {
    return txn.status();
  }
  try {
    ExecutePlan(c.plan, **txn, txn->get(), params, st.profile, &result);
  } catch (...) {
    (*txn)->Rollback();
    throw;
  }
  Status s = (*txn)->Commit();
  if (!s.ok()) {
    return s;
  }
  return result;
}

Result<QueryResult> QueryEngine::Execute(std::string_view cypher, const ValueMap& params) {
  ExecLimits limits = ToExecLimits(limits_);
  InterruptScope scope(&limits);
  try {
    auto it = cache_.find(cypher);
    // Plans do not depend on the data, so they stay valid across writes.
    if (it != cache_.end()) {
      return ExecuteCompiled(*it->second, params);
    }
    auto c = std::make_shared<Compiled>();
    c->text = std::string(cypher);
    c->statements = parser::Parse(cypher);
    if (c->statements.size() != 1) {
      return Status::InvalidArgument(
          c->statements.empty() ? "no statement to run"
                                : "Execute() runs one statement; use ExecuteScript() for several");
    }
    Binder binder(&store_);
    BoundStatement bound = binder.Bind(&c->statements[0]);
    c->warnings = binder.warnings();
    c->plan = Plan(bound);
    if (cache_.size() >= 256) {
      cache_.clear();
    }
    cache_[c->text] = c;
    return ExecuteCompiled(*c, params);
  } catch (const QueryError& e) {
    return ToStatus(e, cypher);
  }
}

Result<std::vector<QueryResult>> QueryEngine::ExecuteScript(std::string_view cypher,
                                                            const ValueMap& params) {
  std::vector<QueryResult> out;
  ExecLimits limits = ToExecLimits(limits_);
  InterruptScope scope(&limits);
  try {
    std::vector<ast::Statement> statements = parser::Parse(cypher);
    for (auto& st : statements) {
      auto r = RunStatement(store_, st, params);
      if (!r.ok()) {
        return r.status();
      }
      out.push_back(std::move(r).value());
    }
  } catch (const QueryError& e) {
    return ToStatus(e, cypher);
  }
  return out;
}

Result<bool> QueryEngine::Writes(std::string_view cypher) {
  try {
    std::vector<ast::Statement> statements = parser::Parse(cypher);
    bool writes = false;
    for (auto& st : statements) {
      Binder binder(nullptr);
      writes = writes || binder.Bind(&st).updates;
    }
    return writes;
  } catch (const QueryError& e) {
    return ToStatus(e, cypher);
  }
}

Result<Value> QueryEngine::EvaluateConstant(std::string_view expression) {
  std::string text = "RETURN " + std::string(expression);
  try {
    std::vector<ast::Statement> statements = parser::Parse(text);
    if (statements.size() != 1 || statements[0].parts.size() != 1 ||
        statements[0].parts[0].clauses.size() != 1 ||
        statements[0].parts[0].clauses[0].projection.items.size() != 1) {
      return Status::SyntaxError("not a single expression: " + std::string(expression));
    }
    auto store = graph::NewMemoryStore();
    Binder binder(nullptr);
    BoundStatement bound = binder.Bind(&statements[0]);
    LogicalPlan plan = Plan(bound);
    QueryResult result;
    ValueMap params;
    ExecutePlan(plan, *store, nullptr, params, false, &result);
    return result.rows.at(0).at(0);
  } catch (const QueryError& e) {
    return ToStatus(e, text);
  }
}

bool ParseErrorMessage(const std::string& message, std::string* kind, std::string* code) {
  size_t a = message.find(": ");
  if (a == std::string::npos) {
    return false;
  }
  size_t b = message.find(": ", a + 2);
  *kind = message.substr(0, a);
  *code = message.substr(a + 2, b == std::string::npos ? std::string::npos : b - a - 2);
  return true;
}

}  // namespace kg::query
