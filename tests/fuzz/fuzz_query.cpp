// libFuzzer target: Cypher text -> parser -> binder -> planner. Any input must either compile or
// give a QueryError; a crash, sanitizer report, hang or leak is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "query/binder/binder.h"
#include "query/errors.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"
#include "query/query_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<kg::query::ast::Statement> statements = kg::query::parser::Parse(text);
    for (auto& st : statements) {
      kg::query::Binder binder(nullptr);
      kg::query::BoundStatement bound = binder.Bind(&st);
      kg::query::LogicalPlan plan = kg::query::Plan(bound);
      (void)plan;
    }
  } catch (const kg::query::QueryError&) {
    // Rejected with a message: the expected outcome for most inputs.
  }
  // The front door's own entry points must turn every failure into a Status.
  (void)kg::query::QueryEngine::Writes(text);
  return 0;
}
