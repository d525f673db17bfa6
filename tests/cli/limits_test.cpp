// Limits of `kg query` run as a process: --timeout, Ctrl-C, the variable-length path bound and
// the parser's nesting bounds. Stopped statements must write nothing.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace kg {
namespace {

using kg::testing::TempDir;

struct CmdResult {
  int code = -1;
  std::string out;
  std::string err;
  double seconds = 0;
};

// Runs kg with `args` (no shell); SIGINT after `interrupt_after_ms` if >= 0.
CmdResult Kg(const std::vector<std::string>& args, int interrupt_after_ms = -1) {
  static TempDir scratch;
  std::string out = scratch.Sub("out"), err = scratch.Sub("err");
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    FILE* i = freopen("/dev/null", "r", stdin);
    FILE* o = freopen(out.c_str(), "w", stdout);
    FILE* e = freopen(err.c_str(), "w", stderr);
    (void)i, (void)o, (void)e;
    std::vector<char*> argv = {const_cast<char*>(KG_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KG_BINARY, argv.data());
    _exit(127);
  }
  if (interrupt_after_ms >= 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(interrupt_after_ms));
    kill(pid, SIGINT);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CmdResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = kg::testing::ReadFile(out);
  r.err = kg::testing::ReadFile(err);
  return r;
}

constexpr const char* kEndless = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y ";

TEST(QueryLimitsTest, TimeoutStopsAReadQuery) {
  CmdResult r = Kg({"--db", ":memory:", "query", "--timeout", "1",
                    std::string(kEndless) + "RETURN count(x)"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("ExecutionError: Timeout: query stopped after the 1 s timeout"),
            std::string::npos)
      << r.err;
  EXPECT_LT(r.seconds, 30);
}

TEST(QueryLimitsTest, TimedOutWriteLeavesTheStoreUnchanged) {
  TempDir dir;
  std::string db = dir.Sub("db");
  ASSERT_EQ(Kg({"--db", db, "query", "CREATE (:Keep {name: 'kept'})"}).code, 0);
  CmdResult r =
      Kg({"--db", db, "query", "--timeout", "1", std::string(kEndless) + "CREATE (:T {x: x})"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("Timeout"), std::string::npos) << r.err;
  CmdResult c = Kg({"--db", db, "query", "--format", "tsv", "MATCH (n) RETURN count(n) AS n"});
  EXPECT_EQ(c.out, "n\n1\n");
  EXPECT_EQ(Kg({"--db", db, "check"}).code, 0);
}

TEST(QueryLimitsTest, CtrlCCancelsAWriteAndWritesNothing) {
  TempDir dir;
  std::string db = dir.Sub("db");
  ASSERT_EQ(Kg({"--db", db, "query", "CREATE (:Keep {name: 'kept'})"}).code, 0);
  CmdResult r = Kg({"--db", db, "query", std::string(kEndless) + "CREATE (:T {x: x})"}, 1500);
  EXPECT_EQ(r.code, 130) << r.err;
  EXPECT_NE(r.err.find("ExecutionError: Cancelled"), std::string::npos) << r.err;
  CmdResult c = Kg({"--db", db, "query", "--format", "tsv", "MATCH (n) RETURN count(n) AS n"});
  EXPECT_EQ(c.out, "n\n1\n");
  EXPECT_EQ(Kg({"--db", db, "check"}).code, 0);
}

TEST(QueryLimitsTest, VariableLengthPathsAreBounded) {
  TempDir dir;
  std::string db = dir.Sub("db");
  // Every ordered pair of 9 nodes: the trails from one node number in the hundreds of thousands.
  ASSERT_EQ(Kg({"--db", db, "query",
                "UNWIND range(1, 9) AS i CREATE (:N {id: i})"}).code, 0);
  ASSERT_EQ(Kg({"--db", db, "query",
                "MATCH (a:N), (b:N) WHERE a.id <> b.id CREATE (a)-[:R]->(b)"}).code, 0);
  CmdResult r = Kg({"--db", db, "query", "--max-paths", "1000",
                    "MATCH (a:N {id: 1})-[*]->(b) RETURN count(*)"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("ExecutionError: TooManyPaths: a variable-length pattern found more than "
                       "1000 paths"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("narrow the query"), std::string::npos) << r.err;
  // Narrowed, the same question is answered.
  CmdResult ok = Kg({"--db", db, "query", "--max-paths", "1000", "--format", "tsv",
                     "MATCH (a:N {id: 1})-[*1..2]->(b) RETURN count(*) AS c"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "c\n72\n");
}

TEST(QueryLimitsTest, DeepNestingIsRefusedQuickly) {
  // Longer than one command-line argument may be (128 KiB): from a file.
  TempDir dir;
  std::string file = dir.Sub("deep.cypher");
  std::ofstream(file) << "RETURN " << std::string(100000, '(') << "1" << std::string(100000, ')');
  CmdResult r = Kg({"--db", ":memory:", "query", "-f", file});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("SyntaxError: NestingTooDeep: brackets nested more than 64 levels deep "
                       "(line 1, column 72)"),
            std::string::npos)
      << r.err.substr(0, 300);
  EXPECT_LT(r.seconds, 10);

  std::string nots = "RETURN ";
  for (int i = 0; i < 20000; ++i) nots += "NOT ";
  r = Kg({"--db", ":memory:", "query", nots + "true"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("NestingTooDeep: NOT operators nested"), std::string::npos)
      << r.err.substr(0, 300);

  std::string sum = "RETURN 1";
  for (int i = 0; i < 20000; ++i) sum += "+1";
  r = Kg({"--db", ":memory:", "query", sum});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("SyntaxError: ExpressionTooLarge: statement has more than 2000 operators"),
            std::string::npos)
      << r.err.substr(0, 300);

  // Ordinary nesting still works.
  r = Kg({"--db", ":memory:", "query", "--format", "tsv",
          "RETURN " + std::string(30, '(') + "1 + -(-2)" + std::string(30, ')') + " AS v"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "v\n3\n");
}

TEST(QueryLimitsTest, InvalidUtf8IsASyntaxError) {
  CmdResult r = Kg({"--db", ":memory:", "query", "RETURN 'ok',\n 'b\xff\xfe'"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("SyntaxError: InvalidUnicode: invalid UTF-8 at byte offset 16 (line 2, "
                       "column 4)"),
            std::string::npos)
      << r.err;
  r = Kg({"--db", ":memory:", "query", "RETURN '\xed\xa0\x80'"});  // a UTF-16 surrogate
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("InvalidUnicode"), std::string::npos) << r.err;
  r = Kg({"--db", ":memory:", "query", "--format", "tsv", "RETURN 'Müller 東京 🙂' AS s"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "s\n'Müller 東京 🙂'\n");
}

TEST(QueryLimitsTest, HugeRangeIsRefusedNotTruncated) {
  CmdResult r = Kg({"--db", ":memory:", "query", "RETURN size(range(1, 9000000000000))"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("ExecutionError: ListTooLarge: range(1, 9000000000000) would hold more "
                       "than 10000000 elements"),
            std::string::npos)
      << r.err;
  r = Kg({"--db", ":memory:", "query", "--format", "tsv",
          "RETURN range(9223372036854775805, 9223372036854775807) AS r, "
          "size(range(10, 1)) AS e, size(range(1, 10000000)) AS n"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "r\te\tn\n[9223372036854775805, 9223372036854775806, 9223372036854775807]\t0\t10000000\n");
}

}  // namespace
}  // namespace kg
