// kg repl: registers the shell command (cli/repl.h does the work).
#include <memory>

#include "cli/commands.h"
#include "cli/repl.h"

namespace kg::cli {

void RegisterReplCommands(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<ReplOptions>();
  CLI::App* r = app.add_subcommand(
      "repl", "Interactive openCypher shell (history, completion, :help); runs stdin as a script "
              "when it is not a terminal");
  r->add_option("--history", opts->history_file, "History file (default ~/.kg_history)");
  r->add_option("--format", opts->format, "Result format")
      ->check(CLI::IsMember({"table", "csv", "tsv", "json", "jsonl", "markdown"}));
  r->add_flag("--timing", opts->timing, "Print the time each statement takes");
  r->callback([&ctx, opts] { ctx.run = [&ctx, opts] { return RunRepl(ctx.globals, *opts); }; });
}

}  // namespace kg::cli
