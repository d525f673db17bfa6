// The `kg` subcommands. Each Register*Commands adds its subcommands to the CLI11 app; when a
// subcommand is chosen its callback stores the work to run in `ctx.run`, which main() calls
// after parsing and whose return value is the exit code (0 ok, 1 runtime/input error, 2 usage).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"

namespace kg::query {
struct QueryResult;
}  // namespace kg::query

namespace kg::cli {

struct Globals {
  std::string db_path;  // --db, $KG_DB or ./kg.db
  bool verbose = false;
  bool quiet = false;
};

struct CommandContext {
  Globals globals;
  std::function<int()> run;
};

// load, stats, export (graph/ store commands).
void RegisterStoreCommands(CLI::App& app, CommandContext& ctx);

// train, parse (ingest/nlp/ commands).
void RegisterNlpCommands(CLI::App& app, CommandContext& ctx);

// extract, ingest (articles to triples / into the graph).
void RegisterIngestCommands(CLI::App& app, CommandContext& ctx);

// query (openCypher statements through the query engine).
void RegisterQueryCommands(CLI::App& app, CommandContext& ctx);

// repl (the interactive shell, cli/repl.h).
void RegisterReplCommands(CLI::App& app, CommandContext& ctx);

// Prints a statement's result as `kg query --format FORMAT` does (table, csv, tsv, json, jsonl,
// markdown).
void PrintQueryResult(const query::QueryResult& result, const std::string& format,
                      std::ostream& out);

// Prints "kg: error: <message>" to stderr and returns the exit code for it (1).
int ReportError(const Status& status);

}  // namespace kg::cli
