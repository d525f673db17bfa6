// Runs openCypher TCK .feature files against kg's query engine, one fresh in-memory graph per
// scenario, and prints per-area pass counts and a final "N passed, N failed, N skipped" line.
//
//   tck_runner [DIR] [--area PREFIX] [--skip FILE] [--verbose] [--floor RATE]
//
// DIR defaults to ../shared/datasets/tck/features beside the source tree. With --floor, the
// exit code is 1 when the pass rate over the required areas (issue 5) is below RATE.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "graph/graph_store.h"
#include "query/query_engine.h"
#include "tests/tck/tck_value.h"

namespace fs = std::filesystem;
using kg::query::QueryEngine;
using kg::query::QueryResult;
using kg::query::Value;

namespace {

const char* kRequiredAreas[] = {
    "clauses/match/",          "clauses/match-where/",     "clauses/return/",
    "clauses/return-orderby/", "clauses/return-skip-limit/", "clauses/with/",
    "clauses/with-where/",     "clauses/with-skip-limit/", "clauses/with-orderBy/",
    "clauses/unwind/",         "clauses/union/",           "clauses/create/",
    "clauses/set/",            "clauses/delete/",          "clauses/remove/",
    "clauses/merge/",          "expressions/aggregation/", "expressions/boolean/",
    "expressions/comparison/", "expressions/conditional/", "expressions/graph/",
    "expressions/list/",       "expressions/literals/",    "expressions/map/",
    "expressions/mathematical/", "expressions/null/",      "expressions/path/",
    "expressions/pattern/",    "expressions/precedence/",  "expressions/quantifier/",
    "expressions/string/",     "expressions/typeConversion/", "useCases/",
};

bool IsRequired(const std::string& rel_path) {
  for (const char* a : kRequiredAreas) {
    if (rel_path.rfind(a, 0) == 0) {
      return true;
    }
  }
  return false;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

struct Step {
  std::string keyword;
  std::string text;
  std::string doc;
  std::vector<std::vector<std::string>> table;
};

struct Scenario {
  std::string name;
  std::vector<Step> steps;
};

std::vector<std::string> SplitRow(const std::string& line) {
  std::vector<std::string> cells;
  std::string t = Trim(line);
  std::string cur;
  for (size_t i = 1; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
      cur += '|';
      ++i;
      continue;
    }
    if (t[i] == '|') {
      cells.push_back(Trim(cur));
      cur.clear();
      continue;
    }
    cur += t[i];
  }
  return cells;
}

std::string Substitute(std::string s, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    std::string key = "<" + k + ">";
    size_t pos = 0;
    while ((pos = s.find(key, pos)) != std::string::npos) {
      s.replace(pos, key.size(), v);
      pos += v.size();
    }
  }
  return s;
}

std::vector<Scenario> ParseFeature(const std::string& path, const std::string& rel) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  std::vector<Scenario> out;
  std::vector<Step> background;
  size_t i = 0;
  auto parse_steps = [&](std::vector<Step>* steps) {
    while (i < lines.size()) {
      std::string t = Trim(lines[i]);
      if (t.rfind("Scenario", 0) == 0 || t.rfind("Examples", 0) == 0 || t.rfind("@", 0) == 0 ||
          t.rfind("Background", 0) == 0) {
        return;
      }
      ++i;
      if (t.empty() || t[0] == '#') {
        continue;
      }
      size_t sp = t.find(' ');
      std::string kw = t.substr(0, sp);
      if (kw == "Given" || kw == "When" || kw == "Then" || kw == "And" || kw == "But") {
        Step st;
        st.keyword = kw;
        st.text = Trim(t.substr(sp + 1));
        // Doc string or table follows.
        while (i < lines.size() && Trim(lines[i]).empty()) {
          ++i;
        }
        if (i < lines.size() && Trim(lines[i]).rfind("\"\"\"", 0) == 0) {
          size_t indent = lines[i].find('"');
          ++i;
          std::string doc;
          while (i < lines.size() && Trim(lines[i]).rfind("\"\"\"", 0) != 0) {
            std::string l = lines[i];
            doc += (l.size() > indent ? l.substr(std::min(indent, l.find_first_not_of(' ') ==
                                                                          std::string::npos
                                                                      ? l.size()
                                                                      : std::min(indent,
                                                                                 l.find_first_not_of(' '))))
                                      : Trim(l)) +
                   "\n";
            ++i;
          }
          ++i;
          st.doc = doc;
        } else {
          while (i < lines.size() && Trim(lines[i]).rfind("|", 0) == 0) {
            st.table.push_back(SplitRow(lines[i]));
            ++i;
          }
        }
        steps->push_back(std::move(st));
      }
    }
  };
  while (i < lines.size()) {
    std::string t = Trim(lines[i]);
    if (t.rfind("Background:", 0) == 0) {
      ++i;
      parse_steps(&background);
      continue;
    }
    if (t.rfind("Scenario Outline:", 0) == 0 || t.rfind("Scenario:", 0) == 0) {
      bool outline = t.rfind("Scenario Outline:", 0) == 0;
      std::string title = Trim(t.substr(t.find(':') + 1));
      ++i;
      std::vector<Step> steps = background;
      parse_steps(&steps);
      if (!outline) {
        out.push_back({rel + ": " + title, steps});
        continue;
      }
      int example = 0;
      while (i < lines.size()) {
        std::string u = Trim(lines[i]);
        if (u.rfind("Examples", 0) == 0) {
          ++i;
          std::vector<std::vector<std::string>> table;
          while (i < lines.size() &&
                 (Trim(lines[i]).rfind("|", 0) == 0 || Trim(lines[i]).empty())) {
            if (!Trim(lines[i]).empty()) {
              table.push_back(SplitRow(lines[i]));
            }
            ++i;
          }
          for (size_t r = 1; r < table.size(); ++r) {
            std::map<std::string, std::string> vars;
            for (size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) {
              vars[table[0][c]] = table[r][c];
            }
            Scenario sc;
            sc.name = rel + ": " + Substitute(title, vars) + " [example " +
                      std::to_string(++example) + "]";
            for (Step st : steps) {
              st.text = Substitute(st.text, vars);
              st.doc = Substitute(st.doc, vars);
              for (auto& row : st.table) {
                for (auto& cell : row) {
                  cell = Substitute(cell, vars);
                }
              }
              sc.steps.push_back(st);
            }
            out.push_back(std::move(sc));
          }
          continue;
        }
        if (u.empty() || u[0] == '#' || u[0] == '@') {
          ++i;
          continue;
        }
        break;
      }
      continue;
    }
    ++i;
  }
  return out;
}

// Graph state for side-effect diffs: node ids, relationship ids, label names, properties.
struct Snapshot {
  std::set<uint64_t> nodes;
  std::set<uint64_t> rels;
  std::set<std::string> labels;
  std::set<std::string> props;
};

Snapshot Take(const kg::graph::GraphStore& store) {
  Snapshot s;
  (void)store.ScanNodes([&](kg::graph::NodeId id) {
    kg::graph::NodeRecord rec;
    if (store.GetNode(id, &rec).ok()) {
      s.nodes.insert(id);
      for (const auto& l : rec.labels) {
        s.labels.insert(l);
      }
      for (const auto& [k, v] : rec.properties) {
        s.props.insert("n" + std::to_string(id) + "." + k + "=" + kg::graph::PropertyToString(v));
      }
    }
    return true;
  });
  (void)store.ScanEdges([&](const kg::graph::EdgeRecord& rec) {
    s.rels.insert(rec.id);
    for (const auto& [k, v] : rec.properties) {
      s.props.insert("r" + std::to_string(rec.id) + "." + k + "=" +
                     kg::graph::PropertyToString(v));
    }
    return true;
  });
  return s;
}

template <typename T>
std::pair<int, int> Diff(const std::set<T>& before, const std::set<T>& after) {
  int added = 0;
  int removed = 0;
  for (const auto& x : after) {
    added += before.count(x) == 0;
  }
  for (const auto& x : before) {
    removed += after.count(x) == 0;
  }
  return {added, removed};
}

std::map<std::string, int> Effects(const Snapshot& a, const Snapshot& b) {
  std::map<std::string, int> out;
  auto put = [&](const char* name, std::pair<int, int> d) {
    if (d.first) {
      out[std::string("+") + name] = d.first;
    }
    if (d.second) {
      out[std::string("-") + name] = d.second;
    }
  };
  put("nodes", Diff(a.nodes, b.nodes));
  put("relationships", Diff(a.rels, b.rels));
  put("labels", Diff(a.labels, b.labels));
  put("properties", Diff(a.props, b.props));
  return out;
}

struct Outcome {
  enum Kind { kPass, kFail, kSkip } kind = kPass;
  std::string reason;
};

std::string RowText(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    out += (i ? " | " : "") + cells[i];
  }
  return out;
}

std::string g_graphs_dir;

Outcome RunScenario(const Scenario& sc) {
  auto store = kg::graph::NewMemoryStore();
  QueryEngine engine(*store);
  kg::query::ValueMap params;
  bool have_result = false;
  kg::Result<QueryResult> result = kg::Status::InvalidArgument("no query executed");
  Snapshot before;
  Snapshot after;
  for (const auto& st : sc.steps) {
    const std::string& t = st.text;
    if (t == "an empty graph" || t == "any graph") {
      continue;
    }
    if (t.rfind("the ", 0) == 0 && t.size() > 10 && t.substr(t.size() - 6) == " graph" &&
        st.keyword == "Given") {
      std::string name = t.substr(4, t.size() - 10);
      fs::path script = fs::path(g_graphs_dir) / name / (name + ".cypher");
      std::ifstream in(script);
      if (!in) {
        return {Outcome::kSkip, "named graph not found: " + script.string()};
      }
      std::stringstream ss;
      ss << in.rdbuf();
      auto r = engine.ExecuteScript(ss.str());
      if (!r.ok()) {
        return {Outcome::kFail, "loading " + name + " failed: " + r.status().message()};
      }
      continue;
    }
    if (t.rfind("there exists a procedure", 0) == 0) {
      return {Outcome::kSkip, "test procedures are not supported"};
    }
    if (t == "having executed:") {
      auto r = engine.ExecuteScript(st.doc, params);
      if (!r.ok()) {
        return {Outcome::kFail, "setup failed: " + r.status().message()};
      }
      continue;
    }
    if (t == "parameters are:") {
      for (const auto& row : st.table) {
        if (row.size() < 2) {
          continue;
        }
        auto v = QueryEngine::EvaluateConstant(row[1]);
        if (!v.ok()) {
          return {Outcome::kFail, "bad parameter " + row[0] + ": " + v.status().message()};
        }
        params[row[0]] = *v;
      }
      continue;
    }
    if (t == "executing query:" || t == "executing control query:") {
      before = Take(*store);
      result = engine.Execute(st.doc, params);
      after = Take(*store);
      have_result = true;
      continue;
    }
    if (t.rfind("the result should be", 0) == 0) {
      if (!have_result) {
        return {Outcome::kFail, "no query"};
      }
      if (!result.ok()) {
        return {Outcome::kFail, "query failed: " + result.status().message()};
      }
      const QueryResult& qr = *result;
      bool ordered = t.find("in order") != std::string::npos;
      bool sort_lists = t.find("ignoring element order for lists") != std::string::npos;
      if (t == "the result should be empty") {
        if (!qr.rows.empty()) {
          return {Outcome::kFail, "expected no rows, got " + std::to_string(qr.rows.size())};
        }
        continue;
      }
      if (st.table.empty()) {
        return {Outcome::kFail, "no expected table"};
      }
      const auto& header = st.table[0];
      if (header != qr.columns) {
        std::vector<std::string> cols = qr.columns;
        return {Outcome::kFail, "columns differ: expected " + RowText(header) + ", got " +
                                    RowText(cols)};
      }
      std::vector<std::string> expected;
      for (size_t r = 1; r < st.table.size(); ++r) {
        std::vector<std::string> cells;
        for (const auto& c : st.table[r]) {
          cells.push_back(kg::tck::Canonical(c, sort_lists));
        }
        expected.push_back(RowText(cells));
      }
      std::vector<std::string> actual;
      for (const auto& row : qr.rows) {
        std::vector<std::string> cells;
        for (const auto& v : row) {
          cells.push_back(kg::tck::Canonical(v.ToString(), sort_lists));
        }
        actual.push_back(RowText(cells));
      }
      if (!ordered) {
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
      }
      if (expected != actual) {
        std::string msg = "rows differ\n    expected:";
        for (const auto& e : expected) {
          msg += "\n      " + e;
        }
        msg += "\n    actual:";
        for (const auto& a : actual) {
          msg += "\n      " + a;
        }
        return {Outcome::kFail, msg};
      }
      continue;
    }
    if (t.find("should be raised") != std::string::npos) {
      // "a SyntaxError should be raised at compile time: UndefinedVariable"
      std::string kind = t.substr(t.find(' ') + 1);
      kind = kind.substr(0, kind.find(' '));
      std::string code = Trim(t.substr(t.rfind(':') + 1));
      if (!have_result) {
        return {Outcome::kFail, "no query"};
      }
      if (result.ok()) {
        return {Outcome::kFail, "expected " + kind + ": " + code + " but the query succeeded"};
      }
      std::string got_kind;
      std::string got_code;
      kg::query::ParseErrorMessage(result.status().message(), &got_kind, &got_code);
      if (got_kind != kind || (got_code != code && code != "*")) {
        return {Outcome::kFail, "expected " + kind + ": " + code + ", got " +
                                    result.status().message()};
      }
      continue;
    }
    if (t == "no side effects" || t == "the side effects should be:") {
      if (!have_result) {
        return {Outcome::kFail, "no query"};
      }
      std::map<std::string, int> expected;
      for (const auto& row : st.table) {
        if (row.size() >= 2 && std::stoi(row[1]) != 0) {
          expected[row[0]] = std::stoi(row[1]);
        }
      }
      auto actual = Effects(before, after);
      if (expected != actual) {
        std::string msg = "side effects differ: expected";
        for (const auto& [k, v] : expected) {
          msg += " " + k + "=" + std::to_string(v);
        }
        msg += "; got";
        for (const auto& [k, v] : actual) {
          msg += " " + k + "=" + std::to_string(v);
        }
        return {Outcome::kFail, msg};
      }
      continue;
    }
    return {Outcome::kSkip, "unknown step: " + t};
  }
  return {Outcome::kPass, ""};
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = (fs::path(KG_SOURCE_DIR) / ".." / "shared" / "datasets" / "tck" / "features")
                        .lexically_normal()
                        .string();
  std::string area;
  std::string skip_file = (fs::path(KG_SOURCE_DIR) / "tests" / "tck" / "skip.txt").string();
  bool verbose = false;
  double floor = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--area" && i + 1 < argc) {
      area = argv[++i];
    } else if (a == "--skip" && i + 1 < argc) {
      skip_file = argv[++i];
    } else if (a == "--floor" && i + 1 < argc) {
      floor = std::stod(argv[++i]);
    } else if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << "usage: tck_runner [DIR] [--area PREFIX] [--skip FILE] [--verbose] "
                   "[--floor RATE]\n";
      return 0;
    } else {
      dir = a;
    }
  }
  if (!fs::is_directory(dir)) {
    std::cout << "TCK features not found at " << dir << "; skipping.\n0 passed, 0 failed, 0 skipped\n";
    return 0;
  }
  g_graphs_dir = (fs::path(dir) / ".." / "graphs").lexically_normal().string();
  std::vector<std::pair<std::string, std::string>> skips;  // pattern, reason
  {
    std::ifstream in(skip_file);
    std::string line;
    while (std::getline(in, line)) {
      std::string t = Trim(line);
      if (t.empty() || t[0] == '#') {
        continue;
      }
      size_t hash = t.find(" # ");
      skips.push_back({Trim(t.substr(0, hash)), hash == std::string::npos ? "" : t.substr(hash + 3)});
    }
  }
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".feature") {
      files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  struct Counts {
    int pass = 0;
    int fail = 0;
    int skip = 0;
  };
  std::map<std::string, Counts> per_area;
  Counts total;
  Counts required;
  for (const auto& f : files) {
    std::string rel = fs::relative(f, dir).generic_string();
    if (!area.empty() && rel.rfind(area, 0) != 0) {
      continue;
    }
    std::string area_name = fs::path(rel).parent_path().generic_string();
    for (const auto& sc : ParseFeature(f, rel)) {
      Outcome o;
      for (const auto& [pattern, reason] : skips) {
        if (sc.name.find(pattern) != std::string::npos) {
          o = {Outcome::kSkip, "skip.txt: " + reason};
          break;
        }
      }
      if (o.kind != Outcome::kSkip) {
        o = RunScenario(sc);
      }
      Counts& c = per_area[area_name];
      switch (o.kind) {
        case Outcome::kPass:
          ++c.pass;
          ++total.pass;
          break;
        case Outcome::kFail:
          ++c.fail;
          ++total.fail;
          break;
        case Outcome::kSkip:
          ++c.skip;
          ++total.skip;
          break;
      }
      if (IsRequired(rel)) {
        Counts& r = required;
        (o.kind == Outcome::kPass ? r.pass : o.kind == Outcome::kFail ? r.fail : r.skip)++;
      }
      if (verbose && o.kind != Outcome::kPass) {
        std::cout << (o.kind == Outcome::kFail ? "FAIL " : "SKIP ") << sc.name << "\n    "
                  << o.reason << "\n";
      }
    }
  }
  for (const auto& [name, c] : per_area) {
    int n = c.pass + c.fail + c.skip;
    std::cout << name << ": " << c.pass << "/" << n << " passed";
    if (c.fail) {
      std::cout << ", " << c.fail << " failed";
    }
    if (c.skip) {
      std::cout << ", " << c.skip << " skipped";
    }
    std::cout << "\n";
  }
  int req_n = required.pass + required.fail + required.skip;
  double rate = req_n == 0 ? 1.0 : static_cast<double>(required.pass) / req_n;
  std::cout << "required areas: " << required.pass << "/" << req_n << " passed ("
            << static_cast<int>(rate * 1000) / 10.0 << "%)\n";
  std::cout << total.pass << " passed, " << total.fail << " failed, " << total.skip
            << " skipped\n";
  if (floor >= 0 && rate < floor) {
    std::cerr << "pass rate " << rate << " is below the floor " << floor << "\n";
    return 1;
  }
  return 0;
}
