// Crash safety and concurrency of `kg ingest` over BBC articles (../shared/datasets/news/bbc,
// read in place). One test SIGKILLs the ingest at random moments and after every kill checks
// that `kg check` is clean and that every document is wholly present (its node and exactly the
// relationships an uninterrupted ingest gives it) or wholly absent; the other runs `kg query`,
// `kg export` and `kg stats` while an ingest writes. Everything goes through the kg executable.
//
// KG_CRASH_KILLS sets how many kills must land in the middle of an ingest (default 6; the slow
// run is scripts/crash-test.sh with 50 or more), KG_CRASH_SEED the random seed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace kg {
namespace {

namespace fs = std::filesystem;
using kg::testing::TempDir;

constexpr size_t kArticles = 40;

std::vector<std::string> BbcArticles() {
  fs::path dir = kg::testing::SharedDir() / "datasets/news/bbc/politics";
  std::vector<std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.size() > kArticles) files.resize(kArticles);
  return files;
}

// Starts `kg <args>` with stdin, stdout and stderr on /dev/null (or stdout to `out`, stderr to
// `err`).
pid_t Spawn(const std::vector<std::string>& args, const std::string& out = "/dev/null",
            const std::string& err = "/dev/null") {
  pid_t pid = fork();
  if (pid == 0) {
    FILE* in = freopen("/dev/null", "r", stdin);
    FILE* o = freopen(out.c_str(), "w", stdout);
    FILE* e = freopen(err.c_str(), "w", stderr);
    (void)in, (void)o, (void)e;
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(KG_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KG_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int RunKg(const std::vector<std::string>& args, const std::string& out = "/dev/null",
          const std::string& err = "/dev/null") {
  return Wait(Spawn(args, out, err));
}

std::vector<std::string> IngestArgs(const std::string& db, const std::vector<std::string>& files) {
  std::vector<std::string> args = {"--db", db, "--quiet", "ingest", "--threads", "1"};
  args.insert(args.end(), files.begin(), files.end());
  return args;
}

// What a database holds per document, read through `kg query`: the documents present and, for
// each document id, the number of relationships carrying it as `doc` (its evidence and MENTIONS).
struct Holdings {
  std::set<std::string> documents;
  std::map<std::string, long> evidence;
};

// TSV lines of a `kg query --format tsv` result without the header; values in TCK notation.
std::vector<std::vector<std::string>> QueryRows(const std::string& db, const std::string& cypher,
                                                const std::string& out, int* code) {
  *code = RunKg({"--db", db, "query", "--format", "tsv", cypher}, out);
  std::vector<std::vector<std::string>> rows;
  std::string text = kg::testing::ReadFile(out);
  size_t pos = text.find('\n');  // header
  while (pos != std::string::npos && pos + 1 < text.size()) {
    size_t end = text.find('\n', pos + 1);
    std::string line = text.substr(pos + 1, end == std::string::npos ? end : end - pos - 1);
    std::vector<std::string> cells;
    size_t a = 0;
    while (true) {
      size_t tab = line.find('\t', a);
      cells.push_back(line.substr(a, tab == std::string::npos ? tab : tab - a));
      if (tab == std::string::npos) break;
      a = tab + 1;
    }
    rows.push_back(cells);
    pos = end;
  }
  return rows;
}

// Reads what `db` holds; a database that a kill left uncreated holds nothing.
Holdings Read(const std::string& db, const std::string& scratch, std::vector<std::string>* problems) {
  Holdings h;
  if (!fs::exists(fs::path(db) / "CURRENT")) return h;
  int code = 0;
  for (const auto& row : QueryRows(db, "MATCH (d:Document) RETURN d.id", scratch, &code)) {
    h.documents.insert(row.at(0));
  }
  if (code != 0) problems->push_back("kg query (documents) exit " + std::to_string(code));
  for (const auto& row :
       QueryRows(db, "MATCH ()-[r]->() WHERE r.doc IS NOT NULL RETURN r.doc, count(*)", scratch,
                 &code)) {
    h.evidence[row.at(0)] = std::stol(row.at(1));
  }
  if (code != 0) problems->push_back("kg query (evidence) exit " + std::to_string(code));
  return h;
}

// Every document wholly present (its node and exactly the relationships a whole ingest gives it)
// or wholly absent (no node, no relationship naming it).
void CheckWhole(const Holdings& got, const Holdings& whole, std::vector<std::string>* problems) {
  for (const auto& d : got.documents) {
    if (whole.documents.count(d) == 0) problems->push_back("unexpected document " + d);
    auto want = whole.evidence.find(d);
    auto have = got.evidence.find(d);
    long w = want == whole.evidence.end() ? 0 : want->second;
    long n = have == got.evidence.end() ? 0 : have->second;
    if (n != w) {
      problems->push_back("document " + d + " holds " + std::to_string(n) + " of its " +
                          std::to_string(w) + " relationships");
    }
  }
  for (const auto& [d, n] : got.evidence) {
    if (got.documents.count(d) == 0) {
      problems->push_back(std::to_string(n) + " relationships of absent document " + d);
    }
  }
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

TEST(IngestCrashTest, SigkillLeavesWholeDocumentsAndCleanIndexes) {
  std::vector<std::string> files = BbcArticles();
  if (files.size() < kArticles) {
    GTEST_SKIP() << "BBC articles not found under " << kg::testing::SharedDir()
                 << "/datasets/news/bbc/politics (set KG_SHARED); crash test skipped";
  }
  TempDir dir;
  // A reference run: how long a whole ingest takes, and which documents it stores.
  std::string ref = dir.Sub("ref");
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunKg(IngestArgs(ref, files)), 0);
  auto full = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  std::vector<std::string> problems;
  std::string scratch = dir.Sub("query.tsv");
  Holdings whole = Read(ref, scratch, &problems);
  ASSERT_TRUE(problems.empty()) << problems[0];
  const std::set<std::string>& all_docs = whole.documents;
  ASSERT_GE(all_docs.size(), kArticles / 2);

  const int kills = EnvInt("KG_CRASH_KILLS", 6);
  const unsigned seed = static_cast<unsigned>(EnvInt("KG_CRASH_SEED", 8));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> when(0, std::max<long>(full, 50));
  std::string db = dir.Sub("db");
  int killed_mid_ingest = 0;
  size_t previous = 0;
  // Kills that land before the first commit or after the last one check less; keep killing until
  // `kills` of them landed in the middle of an ingest.
  int k = 0;
  for (; killed_mid_ingest < kills && k < kills * 10; ++k) {
    long ms = when(rng);
    pid_t pid = Spawn(IngestArgs(db, files));
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    kill(pid, SIGKILL);
    int code = Wait(pid);
    problems.clear();
    Holdings got = Read(db, scratch, &problems);
    CheckWhole(got, whole, &problems);
    const std::set<std::string>& present = got.documents;
    ASSERT_TRUE(problems.empty()) << "after kill " << k << " at " << ms << " ms: " << problems[0]
                                  << " (" << problems.size() << " problems)";
    if (fs::exists(fs::path(db) / "CURRENT")) {
      ASSERT_EQ(RunKg({"--db", db, "check"}), 0) << "kg check failed after kill " << k;
    }
    for (const auto& d : present) ASSERT_EQ(all_docs.count(d), 1u) << d;
    // A resumed ingest keeps what earlier runs committed.
    ASSERT_GE(present.size(), previous) << "documents lost after kill " << k;
    previous = present.size();
    if (code == 128 + SIGKILL && !present.empty() && present.size() < all_docs.size()) {
      ++killed_mid_ingest;
    }
    if (present.size() == all_docs.size()) {  // finished before the kill: start over
      fs::remove_all(db);
      previous = 0;
    }
  }
  EXPECT_GE(killed_mid_ingest, kills) << "too few of " << k << " kills landed mid-ingest";
  // Resuming after the last kill completes the same set of documents.
  ASSERT_EQ(RunKg(IngestArgs(db, files)), 0);
  problems.clear();
  Holdings last = Read(db, scratch, &problems);
  CheckWhole(last, whole, &problems);
  EXPECT_EQ(last.documents, all_docs);
  EXPECT_TRUE(problems.empty()) << problems[0];
  EXPECT_EQ(RunKg({"--db", db, "check"}), 0);
  std::printf("%d kills (%d in the middle of an ingest), whole ingest %ld ms\n", k,
              killed_mid_ingest, static_cast<long>(full));
}

TEST(IngestConcurrencyTest, QueriesAndExportsRunWhileIngestWrites) {
  std::vector<std::string> files = BbcArticles();
  if (files.size() < kArticles) {
    GTEST_SKIP() << "BBC articles not found under " << kg::testing::SharedDir()
                 << "/datasets/news/bbc/politics (set KG_SHARED); concurrency test skipped";
  }
  TempDir dir;
  std::string db = dir.Sub("db");
  // The database exists before the readers start (read-only opens do not create it).
  ASSERT_EQ(RunKg(IngestArgs(db, {files[0]})), 0);
  pid_t writer = Spawn(IngestArgs(db, files));
  int during = 0;
  int status = 0;
  std::string out = dir.Sub("out.tsv");
  std::string exported = dir.Sub("export.tsv");
  std::string err = dir.Sub("err.txt");
  for (int i = 0; i < 200 && waitpid(writer, &status, WNOHANG) == 0; ++i) {
    ASSERT_EQ(RunKg({"--db", db, "query", "--format", "tsv",
                   "MATCH (d:Document) RETURN count(d) AS docs"},
                  out, err),
              0)
        << "query " << i << ": " << kg::testing::ReadFile(err);
    std::string text = kg::testing::ReadFile(out);
    ASSERT_EQ(text.rfind("docs\n", 0), 0u) << text;
    ASSERT_EQ(RunKg({"--db", db, "export", "--format", "tsv", "-o", exported}, "/dev/null", err), 0)
        << "export " << i << ": " << kg::testing::ReadFile(err);
    ASSERT_EQ(RunKg({"--db", db, "stats"}, "/dev/null", err), 0)
        << "stats " << i << ": " << kg::testing::ReadFile(err);
    ++during;
  }
  if (waitpid(writer, &status, WNOHANG) == 0) {
    ASSERT_EQ(Wait(writer), 0);
  } else {
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_GE(during, 2) << "the ingest ended before the readers overlapped with it";
  std::vector<std::string> problems;
  Holdings got = Read(db, dir.Sub("query.tsv"), &problems);
  EXPECT_TRUE(problems.empty()) << problems[0];
  EXPECT_GE(got.documents.size(), kArticles / 2);
  EXPECT_EQ(RunKg({"--db", db, "check"}), 0);
}

}  // namespace
}  // namespace kg
