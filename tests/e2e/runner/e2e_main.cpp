// Registers one GoogleTest case per record of every .test file under tests/e2e/queries. Each case
// starts from a fresh in-memory graph, loads the file's dataset, replays the file's earlier
// records and then checks its own record.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "graph/graph_store.h"
#include "query/query_engine.h"
#include "tests/e2e/runner/test_file.h"

namespace fs = std::filesystem;

namespace kg::testing {
namespace {

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string RowText(const std::vector<query::Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    out += (i ? "\t" : "") + row[i].ToString();
  }
  return out;
}

class RecordTest : public ::testing::Test {
 public:
  RecordTest(std::shared_ptr<TestFile> file, size_t index) : file_(std::move(file)), index_(index) {}

  void TestBody() override {
    auto store = graph::NewMemoryStore();
    query::QueryEngine engine(*store);
    if (file_->dataset != "empty") {
      fs::path setup = fs::path(KG_SOURCE_DIR) / "datasets" / file_->dataset / "setup.cypher";
      std::string text = ReadAll(setup);
      ASSERT_FALSE(text.empty()) << "missing dataset " << setup;
      auto r = engine.ExecuteScript(text);
      ASSERT_TRUE(r.ok()) << "dataset setup failed: " << r.status().ToString();
    }
    for (size_t i = 0; i < index_; ++i) {
      (void)engine.ExecuteScript(file_->records[i].cypher);
    }
    const TestRecord& rec = file_->records[index_];
    std::string where = file_->path + ":" + std::to_string(rec.line);
    auto result = engine.Execute(rec.cypher);
    switch (rec.kind) {
      case TestRecord::Kind::kStatementOk:
        EXPECT_TRUE(result.ok()) << where << ": " << result.status().ToString();
        break;
      case TestRecord::Kind::kStatementError: {
        ASSERT_FALSE(result.ok()) << where << ": expected an error, the statement succeeded";
        std::string expected;
        for (const auto& l : rec.expected) {
          expected += (expected.empty() ? "" : "\n") + l;
        }
        EXPECT_NE(result.status().message().find(expected), std::string::npos)
            << where << ": error text\n" << result.status().message() << "\ndoes not contain\n"
            << expected;
        break;
      }
      case TestRecord::Kind::kQuery: {
        ASSERT_TRUE(result.ok()) << where << ": " << result.status().ToString();
        std::vector<std::string> actual;
        for (const auto& row : result->rows) {
          actual.push_back(RowText(row));
        }
        std::vector<std::string> expected = rec.expected;
        if (!rec.ordered) {
          std::sort(actual.begin(), actual.end());
          std::sort(expected.begin(), expected.end());
        }
        std::string a;
        for (const auto& l : actual) {
          a += l + "\n";
        }
        std::string e;
        for (const auto& l : expected) {
          e += l + "\n";
        }
        EXPECT_EQ(e, a) << where << ": " << rec.cypher;
        break;
      }
    }
  }

 private:
  std::shared_ptr<TestFile> file_;
  size_t index_;
};

void RegisterAll() {
  fs::path root = fs::path(KG_SOURCE_DIR) / "tests" / "e2e" / "queries";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".test") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    auto file = std::make_shared<TestFile>();
    std::string error;
    std::string rel = fs::relative(p, root).generic_string();
    if (!ParseTestFile(rel, ReadAll(p), file.get(), &error)) {
      ::testing::RegisterTest("E2eParse", rel.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                              [error]() -> ::testing::Test* {
                                struct Bad : ::testing::Test {
                                  std::string e;
                                  explicit Bad(std::string x) : e(std::move(x)) {}
                                  void TestBody() override { FAIL() << e; }
                                };
                                return new Bad(error);
                              });
      continue;
    }
    std::string suite = rel.substr(0, rel.size() - 5);
    std::replace(suite.begin(), suite.end(), '/', '_');
    for (size_t i = 0; i < file->records.size(); ++i) {
      std::string name = "line" + std::to_string(file->records[i].line);
      ::testing::RegisterTest(("E2e_" + suite).c_str(), name.c_str(), nullptr, nullptr,
                              __FILE__, __LINE__, [file, i]() -> ::testing::Test* {
                                return new RecordTest(file, i);
                              });
    }
  }
}

}  // namespace
}  // namespace kg::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  kg::testing::RegisterAll();
  return RUN_ALL_TESTS();
}
