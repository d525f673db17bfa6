#include "tests/e2e/runner/test_file.h"

#include <sstream>

namespace kg::testing {

bool ParseTestFile(const std::string& path, const std::string& text, TestFile* out,
                   std::string* error) {
  out->path = path;
  std::vector<std::string> lines;
  std::stringstream ss(text);
  std::string l;
  while (std::getline(ss, l)) {
    if (!l.empty() && l.back() == '\r') {
      l.pop_back();
    }
    lines.push_back(l);
  }
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i];
    if (line.empty()) {
      ++i;
      continue;
    }
    if (line[0] == '#') {
      if (line.rfind("# name:", 0) == 0) {
        out->name = line.substr(7);
        out->name.erase(0, out->name.find_first_not_of(' '));
      } else if (line.rfind("# dataset:", 0) == 0) {
        std::string d = line.substr(10);
        d.erase(0, d.find_first_not_of(' '));
        out->dataset = d.substr(0, d.find(' '));
      }
      ++i;
      continue;
    }
    TestRecord rec;
    rec.line = static_cast<int>(i) + 1;
    if (line == "statement ok") {
      rec.kind = TestRecord::Kind::kStatementOk;
    } else if (line == "statement error") {
      rec.kind = TestRecord::Kind::kStatementError;
    } else if (line == "query" || line == "query ordered") {
      rec.kind = TestRecord::Kind::kQuery;
      rec.ordered = line == "query ordered";
    } else {
      *error = path + ":" + std::to_string(i + 1) + ": unknown record '" + line + "'";
      return false;
    }
    ++i;
    bool in_expected = false;
    while (i < lines.size() && !lines[i].empty()) {
      if (lines[i] == "----") {
        in_expected = true;
      } else if (in_expected) {
        rec.expected.push_back(lines[i]);
      } else {
        rec.cypher += (rec.cypher.empty() ? "" : "\n") + lines[i];
      }
      ++i;
    }
    if (rec.cypher.empty()) {
      *error = path + ":" + std::to_string(rec.line) + ": record without a statement";
      return false;
    }
    if (rec.kind == TestRecord::Kind::kQuery && !in_expected) {
      *error = path + ":" + std::to_string(rec.line) + ": query record without ----";
      return false;
    }
    out->records.push_back(std::move(rec));
  }
  return true;
}

}  // namespace kg::testing
