// kg query: runs openCypher statements and prints their results.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/store_access.h"
#include "query/query_engine.h"

namespace kg::cli {
namespace {

struct QueryArgs {
  std::string query;
  std::string file;
  std::vector<std::string> params;
  std::string format = "table";
  size_t max_width = 60;
  double timeout = 0;
  size_t max_paths = 10'000'000;
};

// Ctrl-C: the first sets the flag the executor checks (the statement stops and writes nothing);
// a second one ends the process at once (a write is then either committed whole or not at all).
std::atomic<bool> g_cancel{false};

void OnSigint(int) {
  if (g_cancel.exchange(true)) {
    static const char kMsg[] = "\nkg: interrupted\n";
    (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
    _exit(130);
  }
}

// Backstop for --timeout: work that cannot look at the clock (a graph algorithm's computation)
// is stopped by ending the process a few seconds after the deadline. Nothing stored is lost:
// a statement's writes reach the store only as one atomic batch.
class Watchdog {
 public:
  explicit Watchdog(double seconds) {
    if (seconds <= 0) {
      return;
    }
    thread_ = std::thread([this, seconds] {
      std::unique_lock<std::mutex> lock(mu_);
      auto limit = std::chrono::duration<double>(seconds + kGraceSeconds);
      if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
        std::cerr << "kg: error: ExecutionError: Timeout: query still running "
                  << kGraceSeconds << " s after the " << seconds
                  << " s timeout (in work that does not check the clock, such as a graph "
                     "algorithm); stopped, nothing was written\n";
        std::cerr.flush();
        _exit(1);
      }
    });
  }
  ~Watchdog() {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
      }
      cv_.notify_all();
      thread_.join();
    }
  }

 private:
  static constexpr double kGraceSeconds = 3;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// Code points of s (UTF-8), for alignment.
size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    n += (c & 0xC0) != 0x80;
  }
  return n;
}

std::string Truncate(const std::string& s, size_t max) {
  if (DisplayWidth(s) <= max) {
    return s;
  }
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if ((c & 0xC0) != 0x80) {
      if (++n > max - 1) {
        break;
      }
    }
    out += s[i];
  }
  return out + "…";
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string Json(const query::Value& v);

std::string JsonProps(const graph::Properties& props) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, p] : props) {
    out += (first ? "" : ",") + JsonString(k) + ":" + Json(query::Value::FromProperty(p));
    first = false;
  }
  return out + "}";
}

std::string JsonNode(const query::NodeValue& n) {
  std::string out = "{\"id\":" + std::to_string(n.id) + ",\"labels\":[";
  if (n.record) {
    for (size_t i = 0; i < n.record->labels.size(); ++i) {
      out += (i ? "," : "") + JsonString(n.record->labels[i]);
    }
  }
  out += "],\"properties\":" + (n.record ? JsonProps(n.record->properties) : "{}") + "}";
  return out;
}

std::string JsonRel(const query::RelValue& r) {
  if (!r.record) {
    return "{\"id\":" + std::to_string(r.id) + "}";
  }
  return "{\"id\":" + std::to_string(r.id) + ",\"type\":" + JsonString(r.record->type) +
         ",\"start\":" + std::to_string(r.record->source) +
         ",\"end\":" + std::to_string(r.record->target) +
         ",\"properties\":" + JsonProps(r.record->properties) + "}";
}

std::string Json(const query::Value& v) {
  using T = query::Value::Type;
  switch (v.type()) {
    case T::kNull:
      return "null";
    case T::kBool:
      return v.as_bool() ? "true" : "false";
    case T::kInt:
      return std::to_string(v.as_int());
    case T::kFloat: {
      double d = v.as_float();
      if (d != d || d == 1.0 / 0.0 || d == -1.0 / 0.0) {
        return JsonString(query::FormatFloat(d));
      }
      return query::FormatFloat(d);
    }
    case T::kString:
      return JsonString(v.as_string());
    case T::kList: {
      std::string out = "[";
      bool first = true;
      for (const auto& x : v.as_list()) {
        out += (first ? "" : ",") + Json(x);
        first = false;
      }
      return out + "]";
    }
    case T::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, x] : v.as_map()) {
        out += (first ? "" : ",") + JsonString(k) + ":" + Json(x);
        first = false;
      }
      return out + "}";
    }
    case T::kNode:
      return JsonNode(v.as_node());
    case T::kRel:
      return JsonRel(v.as_rel());
    case T::kPath: {
      std::string out = "{\"nodes\":[";
      const auto& p = v.as_path();
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        out += (i ? "," : "") + JsonNode(p.nodes[i]);
      }
      out += "],\"relationships\":[";
      for (size_t i = 0; i < p.rels.size(); ++i) {
        out += (i ? "," : "") + JsonRel(p.rels[i]);
      }
      return out + "]}";
    }
  }
  return "null";
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

// Plain text of a value for CSV: strings without quotes, everything else in TCK notation.
std::string PlainText(const query::Value& v) {
  if (v.is_string()) {
    return v.as_string();
  }
  if (v.is_null()) {
    return "";
  }
  return v.ToString();
}

void PrintTable(const query::QueryResult& r, size_t max_width, std::ostream& out) {
  size_t n = r.columns.size();
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(n);
  for (size_t c = 0; c < n; ++c) {
    width[c] = DisplayWidth(Truncate(r.columns[c], max_width));
  }
  for (const auto& row : r.rows) {
    std::vector<std::string> line;
    for (size_t c = 0; c < n; ++c) {
      line.push_back(Truncate(row[c].ToString(), max_width));
      width[c] = std::max(width[c], DisplayWidth(line.back()));
    }
    cells.push_back(std::move(line));
  }
  auto rule = [&]() {
    out << "+";
    for (size_t c = 0; c < n; ++c) {
      out << std::string(width[c] + 2, '-') << "+";
    }
    out << "\n";
  };
  auto line = [&](const std::vector<std::string>& v) {
    out << "|";
    for (size_t c = 0; c < n; ++c) {
      out << " " << v[c] << std::string(width[c] - DisplayWidth(v[c]), ' ') << " |";
    }
    out << "\n";
  };
  rule();
  std::vector<std::string> header;
  for (const auto& col : r.columns) {
    header.push_back(Truncate(col, max_width));
  }
  line(header);
  rule();
  for (const auto& c : cells) {
    line(c);
  }
  rule();
  out << r.rows.size() << (r.rows.size() == 1 ? " row" : " rows") << "\n";
}

void PrintResult(const query::QueryResult& r, const QueryArgs& a, std::ostream& out) {
  if (r.explain_only) {
    out << r.plan;
    return;
  }
  if (!r.columns.empty()) {
    const std::string& f = a.format;
    if (f == "table") {
      PrintTable(r, a.max_width, out);
    } else if (f == "tsv") {
      for (size_t c = 0; c < r.columns.size(); ++c) {
        out << (c ? "\t" : "") << r.columns[c];
      }
      out << "\n";
      for (const auto& row : r.rows) {
        for (size_t c = 0; c < row.size(); ++c) {
          out << (c ? "\t" : "") << row[c].ToString();
        }
        out << "\n";
      }
    } else if (f == "csv") {
      for (size_t c = 0; c < r.columns.size(); ++c) {
        out << (c ? "," : "") << CsvField(r.columns[c]);
      }
      out << "\n";
      for (const auto& row : r.rows) {
        for (size_t c = 0; c < row.size(); ++c) {
          out << (c ? "," : "") << CsvField(PlainText(row[c]));
        }
        out << "\n";
      }
    } else if (f == "json" || f == "jsonl") {
      bool lines = f == "jsonl";
      if (!lines) {
        out << "[";
      }
      for (size_t i = 0; i < r.rows.size(); ++i) {
        std::string obj = "{";
        for (size_t c = 0; c < r.columns.size(); ++c) {
          obj += (c ? "," : "") + JsonString(r.columns[c]) + ":" + Json(r.rows[i][c]);
        }
        obj += "}";
        if (lines) {
          out << obj << "\n";
        } else {
          out << (i ? ",\n " : "") << obj;
        }
      }
      if (!lines) {
        out << "]\n";
      }
    } else if (f == "markdown") {
      out << "|";
      for (const auto& c : r.columns) {
        out << " " << c << " |";
      }
      out << "\n|";
      for (size_t c = 0; c < r.columns.size(); ++c) {
        out << " --- |";
      }
      out << "\n";
      for (const auto& row : r.rows) {
        out << "|";
        for (const auto& v : row) {
          std::string s = v.ToString();
          std::string esc;
          for (char ch : s) {
            esc += ch == '|' ? std::string("\\|") : std::string(1, ch);
          }
          out << " " << esc << " |";
        }
        out << "\n";
      }
    }
  }
  if (!r.plan.empty()) {
    out << r.plan;
  }
}

int RunQuery(const Globals& g, const QueryArgs& a) {
  if (a.query.empty() == a.file.empty()) {
    std::cerr << "kg: usage error: give either a query or -f FILE (not both)\n"
                 "Run 'kg query --help' for usage.\n";
    return 2;
  }
  std::string text = a.query;
  if (!a.file.empty()) {
    std::ifstream in(a.file == "-" ? "/dev/stdin" : a.file);
    if (!in) {
      std::cerr << "kg: usage error: cannot read query file " << a.file << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  query::ValueMap params;
  for (const auto& p : a.params) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "kg: usage error: --param takes name=value, got '" << p << "'\n";
      return 2;
    }
    std::string name = p.substr(0, eq);
    std::string value = p.substr(eq + 1);
    auto v = query::QueryEngine::EvaluateConstant(value);
    // Anything that is not a Cypher literal is taken as a plain string.
    params[name] = v.ok() ? *v : query::Value(value);
  }
  auto writes = query::QueryEngine::Writes(text);
  if (!writes.ok()) {
    return ReportError(writes.status());
  }
  auto store = *writes ? OpenForWrite(g) : OpenForRead(g);
  if (!store.ok()) {
    return ReportError(store.status());
  }
  query::QueryEngine engine(**store);
  query::QueryLimits limits;
  limits.cancel = &g_cancel;
  limits.timeout_seconds = a.timeout;
  limits.max_var_length_paths = a.max_paths;
  engine.SetLimits(limits);
  struct sigaction sa = {};
  sa.sa_handler = OnSigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  Result<std::vector<query::QueryResult>> results = std::vector<query::QueryResult>{};
  {
    Watchdog watchdog(a.timeout);
    results = engine.ExecuteScript(text, params);
  }
  if (!results.ok()) {
    int code = ReportError(results.status());
    return g_cancel.load() ? 130 : code;
  }
  for (size_t i = 0; i < results->size(); ++i) {
    const auto& r = (*results)[i];
    if (i > 0 && !r.columns.empty()) {
      std::cout << "\n";
    }
    PrintResult(r, a, std::cout);
    if (!g.quiet) {
      for (const auto& w : r.warnings) {
        std::cerr << "kg: warning: " << w << "\n";
      }
      if (r.side_effects.any()) {
        std::cerr << r.side_effects.ToString() << "\n";
      }
    }
  }
  return 0;
}

}  // namespace

void PrintQueryResult(const query::QueryResult& result, const std::string& format,
                      std::ostream& out) {
  QueryArgs a;
  a.format = format;
  PrintResult(result, a, out);
}

void RegisterQueryCommands(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* q = app.add_subcommand(
      "query", "Run openCypher statements (several may be separated by ';')");
  q->add_option("cypher", args->query, "The query text");
  q->add_option("-f,--file", args->file, "Read the statements from FILE ('-' for stdin)");
  q->add_option("--param", args->params,
                "Query parameter name=value (value is a Cypher literal, else a string); "
                "repeatable")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  q->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "tsv", "json", "jsonl", "markdown"}));
  q->add_option("--max-width", args->max_width, "Truncate table cells wider than this")
      ->check(CLI::PositiveNumber);
  q->add_option("--timeout", args->timeout,
                "Stop the query after SECONDS (exit 1; a stopped statement writes nothing)")
      ->check(CLI::NonNegativeNumber);
  q->add_option("--max-paths", args->max_paths,
                "Paths a variable-length pattern may hold from one start node (0: no bound)");
  q->callback([&ctx, args]() { ctx.run = [&ctx, args]() { return RunQuery(ctx.globals, *args); }; });
}

}  // namespace kg::cli
