// The kg executable: parses the command line and runs one subcommand. No logic lives here.
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "common/logging.h"

int main(int argc, char** argv) {
  kg::cli::CommandContext ctx;
  const char* env_db = std::getenv("KG_DB");
  ctx.globals.db_path = (env_db != nullptr && *env_db != '\0') ? env_db : "kg.db";

  CLI::App app{"kg: knowledge graphs from news articles, with an openCypher query engine", "kg"};
  app.set_version_flag("--version", std::string("kg ") + KG_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default();
  app.add_option("--db", ctx.globals.db_path,
                 "Database directory (default: $KG_DB or ./kg.db; ':memory:' for a throwaway graph)");
  app.add_flag("-v,--verbose", ctx.globals.verbose, "Log progress and debug details to stderr");
  app.add_flag("--quiet", ctx.globals.quiet, "Only print errors");

  kg::cli::RegisterQueryCommands(app, ctx);
  kg::cli::RegisterStoreCommands(app, ctx);
  kg::cli::RegisterNlpCommands(app, ctx);
  kg::cli::RegisterIngestCommands(app, ctx);
  kg::cli::RegisterReplCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "kg: usage error: " << e.what() << "\n"
              << "Run 'kg --help' (or 'kg COMMAND --help') for usage.\n";
    return 2;
  }

  kg::InitLogging(ctx.globals.quiet     ? kg::LogLevel::kQuiet
                  : ctx.globals.verbose ? kg::LogLevel::kVerbose
                                        : kg::LogLevel::kNormal);
  if (!ctx.run) {
    std::cerr << "kg: usage error: no command given. Run 'kg --help'.\n";
    return 2;
  }
  return ctx.run();
}
