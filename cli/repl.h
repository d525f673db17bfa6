// kg repl: the interactive openCypher shell (libedit line editing, history, completion, `:`
// commands). With standard input not a terminal it runs the input as a script.
#pragma once

#include <string>

#include "cli/commands.h"

namespace kg::cli {

struct ReplOptions {
  std::string history_file;  // default ~/.kg_history
  std::string format = "table";
  bool timing = false;
};

// Runs the shell until :quit or end of input. Returns the exit code (0, or 1 if a script
// statement failed).
int RunRepl(const Globals& globals, const ReplOptions& options);

}  // namespace kg::cli
