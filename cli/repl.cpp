#include "cli/repl.h"

#include <editline/readline.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "cli/store_access.h"
#include "graph/export.h"
#include "graph/export_graphviz.h"
#include "query/procedures.h"
#include "query/query_engine.h"

namespace kg::cli {

namespace {

std::atomic<bool> g_interrupted{false};

void OnSigint(int) { g_interrupted = true; }

const char* kHelp =
    "Statements end with ';' and may span several lines. Commands:\n"
    "  :help                       this text\n"
    "  :schema                     labels, relationship types and property keys with counts\n"
    "  :stats                      node and relationship counts\n"
    "  :param NAME VALUE           set query parameter $NAME (a Cypher literal, else a string)\n"
    "  :params                     list the parameters\n"
    "  :source FILE                run the statements and commands in FILE\n"
    "  :format table|csv|tsv|json|jsonl|markdown   result format\n"
    "  :timing on|off              print how long each statement takes\n"
    "  :timeout SECONDS            stop statements running longer than this (0: never)\n"
    "  :explain QUERY              show the plan of QUERY without running it\n"
    "  :export dot|svg|png|pdf FILE   the last result (its nodes, relationships and paths) as a "
    "diagram\n"
    "  :quit                       leave (also :exit or Ctrl-D)\n"
    "Keys: Tab completes keywords, functions, procedures, labels, types, property keys, names and\n"
    "commands; Up/Down and Ctrl-R search the history; Ctrl-C cancels the line or the running "
    "query.\n";

const std::vector<std::string> kCommands = {":help",  ":schema", ":stats",   ":param",
                                            ":params", ":source", ":format", ":timing",
                                            ":timeout", ":explain", ":export", ":quit",  ":exit"};

const std::vector<std::string> kKeywords = {
    "MATCH",    "OPTIONAL", "WHERE",  "RETURN",  "WITH",     "UNWIND",  "ORDER",   "BY",
    "SKIP",     "LIMIT",    "CREATE", "MERGE",   "SET",      "REMOVE",  "DELETE",  "DETACH",
    "CALL",     "YIELD",    "UNION",  "ALL",     "DISTINCT", "AS",      "AND",     "OR",
    "XOR",      "NOT",      "IN",     "IS",      "NULL",     "TRUE",    "FALSE",   "ASC",
    "DESC",     "CASE",     "WHEN",   "THEN",    "ELSE",     "END",     "EXISTS",  "EXPLAIN",
    "PROFILE",  "STARTS",   "ENDS",   "CONTAINS", "ON"};

const std::vector<std::string> kFunctions = {
    "count",     "collect",      "sum",        "avg",         "min",       "max",
    "size",      "length",       "nodes",      "relationships", "labels",  "type",
    "id",        "keys",         "properties", "coalesce",    "head",      "last",
    "tail",      "range",        "toString",   "toInteger",   "toFloat",   "toLower",
    "toUpper",   "trim",         "substring",  "replace",     "split",     "startNode",
    "endNode",   "shortestPath", "allShortestPaths", "exists", "abs",      "round",
    "sqrt",      "reverse",      "stDev",      "percentileCont"};

// Completion candidates, refreshed from the store after each statement.
struct Completions {
  std::vector<std::string> words;  // keywords, functions, procedures, names, keys
  std::vector<std::string> labels_and_types;
  std::vector<std::string> names;  // entity names
};
Completions* g_completions = nullptr;
std::vector<std::string> g_matches;

char* CompletionGenerator(const char* /*text*/, int state) {
  static size_t index;
  if (state == 0) index = 0;
  if (index < g_matches.size()) return strdup(g_matches[index++].c_str());
  return nullptr;
}

bool StartsWithIgnoreCase(const std::string& s, const std::string& prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

char** Complete(const char* text, int start, int) {
  rl_attempted_completion_over = 1;
  rl_completion_append_character = '\0';
  g_matches.clear();
  std::string t(text);
  std::string line(rl_line_buffer == nullptr ? "" : rl_line_buffer);
  std::set<std::string> out;
  if (!t.empty() && t[0] == ':' && start == 0) {
    for (const auto& c : kCommands) {
      if (StartsWithIgnoreCase(c, t)) out.insert(c);
    }
  } else if (start <= 1 && !line.empty() && line[0] == ':') {
    // A shell command; ':' is a word-break character, so text lacks it.
    for (const auto& c : kCommands) {
      if (StartsWithIgnoreCase(c.substr(1), t)) out.insert(c.substr(1));
    }
  } else if (g_completions != nullptr && [&] {
               // Inside an unclosed quote: complete entity names, which may contain spaces.
               size_t q = line.substr(0, start).find_last_of("'\"");
               if (q == std::string::npos) return false;
               size_t quotes = 0;
               for (size_t i = 0; i <= q; ++i) quotes += line[i] == line[q] ? 1 : 0;
               if (quotes % 2 == 0) return false;
               std::string partial = line.substr(q + 1, start - q - 1) + t;
               for (const auto& w : g_completions->names) {
                 if (StartsWithIgnoreCase(w, partial)) {
                   out.insert(w.substr(partial.size() - t.size()));
                 }
               }
               return true;
             }()) {
  } else if (g_completions != nullptr) {
    const bool after_colon = start > 0 && line[start - 1] == ':';
    const auto& pool = after_colon ? g_completions->labels_and_types : g_completions->words;
    for (const auto& w : pool) {
      if (StartsWithIgnoreCase(w, t)) out.insert(w);
    }
  }
  g_matches.assign(out.begin(), out.end());
  if (g_matches.empty()) return nullptr;
  return rl_completion_matches(text, CompletionGenerator);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

class Shell {
 public:
  // An interactive shell shares the database: it holds it open for writing only while a
  // writing statement runs (so `kg ingest` or `kg load` can run beside it) and reopens its
  // read-only view when another process has committed. A script keeps one open store.
  Shell(std::unique_ptr<graph::GraphStore> store, const Globals& globals, const ReplOptions& o,
        bool interactive)
      : store_(std::move(store)),
        globals_(globals),
        opts_(o),
        interactive_(interactive),
        shared_(Shares(globals, interactive)) {}

  // Whether the shell shares the database (see above): interactive, and on disk (every open of
  // ":memory:" is a new empty store).
  static bool Shares(const Globals& globals, bool interactive) {
    return interactive && globals.db_path != ":memory:";
  }

  ~Shell() {
    // A cancelled read query may still be running in the background; it uses the store.
    if (background_ > 0) std::_Exit(exit_code_);
  }

  int exit_code() const { return exit_code_; }
  bool quit() const { return quit_; }

  void RefreshCompletions() {
    completions_.words.clear();
    completions_.labels_and_types.clear();
    completions_.names.clear();
    auto& w = completions_.words;
    w.insert(w.end(), kKeywords.begin(), kKeywords.end());
    w.insert(w.end(), kFunctions.begin(), kFunctions.end());
    for (const auto& p : query::ProcedureRegistry::Global().Names()) w.push_back(p);
    for (const auto& k : store_->PropertyKeys()) w.push_back(k);
    for (const auto& l : store_->Labels()) completions_.labels_and_types.push_back(l);
    for (const auto& t : store_->RelationshipTypes()) completions_.labels_and_types.push_back(t);
    // Entity names (bounded so huge graphs stay responsive).
    size_t seen = 0;
    (void)store_->ScanNodes([&](graph::NodeId id) {
      graph::NodeRecord rec;
      if (store_->GetNode(id, &rec).ok()) {
        auto it = rec.properties.find("name");
        if (it != rec.properties.end() && it->second.is_string()) {
          w.push_back(it->second.as_string());
          completions_.names.push_back(it->second.as_string());
        }
      }
      return ++seen < 20000;
    });
    g_completions = &completions_;
  }

  // Handles one complete input: a `:command` line or a statement (without the final ';').
  void Handle(const std::string& input) {
    if (shared_ && store_->read_only() && store_->ChangedOnDisk()) {
      // Another process committed: read what it wrote (a failed reopen keeps the old view).
      auto fresh = OpenForRead(globals_);
      if (fresh.ok()) {
        store_ = std::move(*fresh);
        RefreshCompletions();
      }
    }
    std::string text = Trim(input);
    if (text.empty()) return;
    if (text[0] == ':') {
      Command(text);
    } else {
      Statement(text);
    }
  }

 private:
  void Error(const std::string& msg) {
    std::cerr << "error: " << msg << "\n";
    if (!interactive_) exit_code_ = 1;
  }

  void Command(const std::string& text) {
    std::istringstream in(text);
    std::string cmd;
    in >> cmd;
    std::string rest;
    std::getline(in, rest);
    rest = Trim(rest);
    if (cmd == ":quit" || cmd == ":exit" || cmd == ":q") {
      quit_ = true;
    } else if (cmd == ":help" || cmd == ":h") {
      std::cout << kHelp;
    } else if (cmd == ":stats" || cmd == ":schema") {
      auto c = store_->Counts();
      if (!c.ok()) return Error(c.status().ToString());
      std::cout << "nodes " << c->nodes << ", relationships " << c->edges << "\n";
      if (cmd == ":schema") {
        std::cout << "labels:\n";
        for (const auto& [l, n] : c->nodes_per_label) std::cout << "  :" << l << "  " << n << "\n";
        std::cout << "relationship types:\n";
        for (const auto& [t, n] : c->edges_per_type) std::cout << "  :" << t << "  " << n << "\n";
        std::cout << "property keys:\n ";
        for (const auto& k : store_->PropertyKeys()) std::cout << " " << k;
        std::cout << "\n";
      }
    } else if (cmd == ":param") {
      size_t sp = rest.find_first_of(" \t");
      if (rest.empty() || sp == std::string::npos) return Error("usage: :param NAME VALUE");
      std::string name = rest.substr(0, sp);
      if (!name.empty() && name[0] == '$') name = name.substr(1);
      std::string value = Trim(rest.substr(sp));
      auto v = query::QueryEngine::EvaluateConstant(value);
      params_[name] = v.ok() ? *v : query::Value(value);
      std::cout << "$" << name << " = " << params_[name].ToString() << "\n";
    } else if (cmd == ":params") {
      if (params_.empty()) std::cout << "(no parameters)\n";
      for (const auto& [k, v] : params_) std::cout << "$" << k << " = " << v.ToString() << "\n";
    } else if (cmd == ":format") {
      static const std::set<std::string> kFormats = {"table", "csv",   "tsv",
                                                     "json",  "jsonl", "markdown"};
      if (!kFormats.count(rest)) return Error("usage: :format table|csv|tsv|json|jsonl|markdown");
      opts_.format = rest;
    } else if (cmd == ":timing") {
      if (rest != "on" && rest != "off") return Error("usage: :timing on|off");
      opts_.timing = rest == "on";
    } else if (cmd == ":timeout") {
      char* end = nullptr;
      double seconds = std::strtod(rest.c_str(), &end);
      if (rest.empty() || end == nullptr || *end != '\0' || !(seconds >= 0)) {
        return Error("usage: :timeout SECONDS (0: no timeout)");
      }
      timeout_ = seconds;
    } else if (cmd == ":explain") {
      if (rest.empty()) return Error("usage: :explain QUERY");
      if (rest.back() == ';') rest.pop_back();
      Statement("EXPLAIN " + rest);
    } else if (cmd == ":source") {
      if (rest.empty()) return Error("usage: :source FILE");
      std::ifstream f(rest);
      if (!f) return Error("cannot read " + rest);
      RunScript(f);
    } else if (cmd == ":export") {
      Export(rest);
    } else {
      Error("unknown command " + cmd + " (try :help)");
    }
  }

 public:
  // Runs a stream of statements (ending in ';') and `:` lines.
  void RunScript(std::istream& in) {
    std::string line, buffer;
    while (!quit_ && std::getline(in, line)) {
      if (buffer.empty() && Trim(line).empty()) continue;
      if (buffer.empty() && Trim(line).rfind(':', 0) == 0) {
        Handle(line);
        continue;
      }
      buffer += line + "\n";
      std::string t = Trim(buffer);
      if (!t.empty() && t.back() == ';') {
        t.pop_back();
        Handle(t);
        buffer.clear();
      }
    }
    if (!Trim(buffer).empty()) Handle(buffer);
  }

 private:
  void Export(const std::string& rest) {
    std::istringstream in(rest);
    std::string format, file;
    in >> format >> file;
    auto f = graph::ParseExportFormat(format);
    if (format.empty() || file.empty() || !f.ok()) {
      return Error("usage: :export dot|svg|png|pdf FILE");
    }
    graph::Subgraph sub;
    std::function<void(const query::Value&)> add = [&](const query::Value& v) {
      if (v.is_node()) sub.nodes.push_back(v.as_node().id);
      if (v.is_rel()) {
        sub.edges.push_back(v.as_rel().id);
        graph::EdgeRecord e;
        if (store_->GetEdge(v.as_rel().id, &e).ok()) {
          sub.nodes.push_back(e.source);
          sub.nodes.push_back(e.target);
        }
      }
      if (v.is_path()) {
        for (const auto& n : v.as_path().nodes) add(query::Value(n));
        for (const auto& r : v.as_path().rels) add(query::Value(r));
      }
      if (v.is_list()) {
        for (const auto& e : v.as_list()) add(e);
      }
    };
    for (const auto& row : last_.rows) {
      for (const auto& v : row) add(v);
    }
    graph::NormalizeSubgraph(&sub);
    if (sub.nodes.empty()) return Error("the last result holds no nodes, relationships or paths");
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) return Error("cannot write " + file);
    Status s = graph::ExportSubgraph(*store_, sub, *f, {}, out);
    if (!s.ok()) return Error(s.ToString());
    std::cout << "wrote " << sub.nodes.size() << " nodes and " << sub.edges.size()
              << " relationships to " << file << "\n";
  }

  void Statement(const std::string& text) {
    auto writes = query::QueryEngine::Writes(text);
    const bool write = !writes.ok() || *writes;
    if (write && writes.ok() && store_->read_only()) {
      if (!shared_) {
        return Error("the database is open read-only (another kg process writes)");
      }
      auto writable = OpenForWrite(globals_);
      if (!writable.ok()) {
        return Error(writable.status().IsBusy()
                         ? "another kg process is writing to the database; the statement was not "
                           "run (try again when it has finished)"
                         : writable.status().ToString());
      }
      store_ = std::move(*writable);
    }
    RunStatement(text, write);
    if (shared_ && !store_->read_only()) {
      // Give the database back: other processes may write while the shell waits for input.
      store_.reset();
      auto reader = OpenForRead(globals_);
      if (!reader.ok()) {
        quit_ = true;
        exit_code_ = 1;
        return Error(reader.status().ToString());
      }
      store_ = std::move(*reader);
    }
  }

  void RunStatement(const std::string& text, bool write) {
    auto start = std::chrono::steady_clock::now();
    // The statement runs on a worker thread so that Ctrl-C can give the prompt back. The worker
    // holds the store (a cancelled read may outlive the shell's switch to another one).
    std::shared_ptr<graph::GraphStore> store = store_;
    query::ValueMap params = params_;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    query::QueryLimits limits;
    limits.cancel = cancel.get();
    limits.timeout_seconds = timeout_;
    auto task = std::make_shared<std::packaged_task<Result<query::QueryResult>()>>(
        [store, text, params, cancel, limits] {
          query::QueryEngine engine(*store);
          engine.SetLimits(limits);
          return engine.Execute(text, params);
        });
    auto future = task->get_future();
    std::thread worker([task] { (*task)(); });
    g_interrupted = false;
    bool cancelled = false;
    auto cancelled_at = std::chrono::steady_clock::now();
    while (future.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
      if (g_interrupted && !cancelled) {
        // The executor stops at its next check and rolls back: a cancelled write writes nothing.
        cancel->store(true);
        cancelled = true;
        cancelled_at = std::chrono::steady_clock::now();
      }
      if (cancelled && !write &&
          std::chrono::steady_clock::now() - cancelled_at > std::chrono::seconds(1)) {
        // Still inside work that cannot be interrupted (a graph algorithm). Read-only
        // statements have no effects: leave the worker to finish on its own.
        worker.detach();
        ++background_;
        std::cerr << "\nquery cancelled\n";
        return;
      }
    }
    worker.join();
    if (cancelled) {
      std::cerr << "\nquery cancelled" << (write ? "; nothing was written" : "") << "\n";
      return;
    }
    auto result = future.get();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
    if (!result.ok()) return Error(result.status().message());
    PrintQueryResult(*result, opts_.format, std::cout);
    for (const auto& w : result->warnings) std::cerr << "warning: " << w << "\n";
    if (result->side_effects.any()) std::cout << result->side_effects.ToString() << "\n";
    if (opts_.timing) {
      std::cout << "time: " << std::fixed << std::setprecision(1) << ms << " ms\n";
    }
    last_ = std::move(*result);
    if (write && interactive_) RefreshCompletions();
  }

  std::shared_ptr<graph::GraphStore> store_;
  Globals globals_;
  ReplOptions opts_;
  bool interactive_;
  bool shared_;
  bool quit_ = false;
  int exit_code_ = 0;
  int background_ = 0;
  double timeout_ = 0;
  query::ValueMap params_;
  query::QueryResult last_;
  Completions completions_;
};

}  // namespace

int RunRepl(const Globals& globals, const ReplOptions& options) {
  const bool interactive = isatty(STDIN_FILENO) != 0;
  auto store = OpenForWrite(globals);  // creates a missing database
  bool read_only = false;
  if (!store.ok() && store.status().IsBusy()) {
    store = OpenForRead(globals);
    read_only = true;
  } else if (store.ok() && Shell::Shares(globals, interactive)) {
    store->reset();  // an interactive shell holds the database only while it writes
    store = OpenForRead(globals);
  }
  if (!store.ok()) return ReportError(store.status());
  Shell shell(std::move(*store), globals, options, interactive);
  if (!interactive) {
    shell.RunScript(std::cin);
    return shell.exit_code();
  }

  struct sigaction sa = {};
  sa.sa_handler = OnSigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);

  std::string history = options.history_file;
  if (history.empty()) {
    const char* home = std::getenv("HOME");
    history = std::string(home != nullptr ? home : ".") + "/.kg_history";
  }
  using_history();
  read_history(history.c_str());
  rl_readline_name = "kg";
  rl_attempted_completion_function = Complete;
  static char kBreaks[] = " \t\n\"'`@$><=;|&{(),[]:*+-/%.";
  rl_completer_word_break_characters = kBreaks;
  rl_basic_word_break_characters = kBreaks;
  shell.RefreshCompletions();

  std::cout << "kg " << KG_VERSION << " shell on " << globals.db_path
            << (read_only ? " (another kg process is writing now; statements that write fail "
                            "until it has finished)"
                          : "")
            << ". Statements end with ';'. :help for commands, :quit to leave.\n";
  std::string buffer;
  while (!shell.quit()) {
    g_interrupted = false;
    char* raw = readline(buffer.empty() ? "kg> " : "  -> ");
    if (raw == nullptr) {
      if (g_interrupted) {  // Ctrl-C at the prompt: drop the pending input
        std::cout << "\n";
        buffer.clear();
        continue;
      }
      std::cout << "\n";
      break;  // Ctrl-D
    }
    std::string line(raw);
    free(raw);
    if (g_interrupted) {
      buffer.clear();
      continue;
    }
    if (!Trim(line).empty()) {
      add_history(line.c_str());
      write_history(history.c_str());
    }
    if (buffer.empty() && Trim(line).empty()) continue;
    if (buffer.empty() && Trim(line).rfind(':', 0) == 0) {
      shell.Handle(line);
      continue;
    }
    buffer += line + "\n";
    std::string t = Trim(buffer);
    if (!t.empty() && t.back() == ';') {
      t.pop_back();
      shell.Handle(t);
      buffer.clear();
    }
  }
  return shell.exit_code();
}

}  // namespace kg::cli
