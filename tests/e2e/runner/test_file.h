// Parser for kg's end-to-end query test files (sqllogictest adapted to Cypher; see
// ../shared/STYLE.md §4.6):
//
//   # name: match/one_hop.test
//   # dataset: empty | tiny
//   statement ok | statement error | query | query ordered
//   <cypher, one or more lines>
//   ----
//   <expected: tab-separated TCK values per row, or the error text>
//   <blank line ends the record>
#pragma once

#include <string>
#include <vector>

namespace kg::testing {

struct TestRecord {
  enum class Kind { kStatementOk, kStatementError, kQuery };
  Kind kind = Kind::kStatementOk;
  bool ordered = false;
  std::string cypher;
  std::vector<std::string> expected;  // result rows, or error text lines
  int line = 0;                       // where the record starts
};

struct TestFile {
  std::string path;
  std::string name;
  std::string dataset = "empty";
  std::vector<TestRecord> records;
};

// Parses `text` (the contents of `path`). Malformed headers give an error string.
bool ParseTestFile(const std::string& path, const std::string& text, TestFile* out,
                   std::string* error);

}  // namespace kg::testing
