// Runs the kg executable as a user would and checks exit codes and output.
#include <sys/wait.h>

#include <unistd.h>

#include <array>
#include <filesystem>
#include <chrono>
#include <thread>
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace kg {
namespace {

using kg::testing::TempDir;

struct CmdResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `kg <args>` through the shell; stdin from /dev/null unless `input` is given.
CmdResult Kg(const std::string& args, const std::string& input_file = "/dev/null") {
  static TempDir scratch;
  std::string out_file = scratch.Sub("out"), err_file = scratch.Sub("err");
  std::string cmd = std::string(KG_BINARY) + " " + args + " <" + input_file + " >" + out_file +
                    " 2>" + err_file;
  int status = std::system(cmd.c_str());
  CmdResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = kg::testing::ReadFile(out_file);
  r.err = kg::testing::ReadFile(err_file);
  return r;
}

std::string Demo() { return (kg::testing::SourceDir() / "datasets/demo/world-leaders.tsv").string(); }

TEST(CliTest, VersionAndHelp) {
  CmdResult v = Kg("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("kg "), std::string::npos);
  CmdResult h = Kg("--help");
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("load"), std::string::npos);
  EXPECT_EQ(Kg("load --help").code, 0);
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Kg("").code, 2);
  EXPECT_EQ(Kg("frobnicate").code, 2);
  CmdResult r = Kg("load --format xml x.tsv");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("usage error"), std::string::npos);
}

TEST(CliTest, LoadStatsExportRoundTrip) {
  TempDir dir;
  std::string db = "--db " + dir.Sub("db");
  CmdResult load = Kg(db + " load " + Demo());
  ASSERT_EQ(load.code, 0) << load.err;
  CmdResult stats = Kg(db + " stats");
  ASSERT_EQ(stats.code, 0) << stats.err;
  EXPECT_NE(stats.out.find("relationships  14"), std::string::npos) << stats.out;
  EXPECT_NE(stats.out.find(":meets_with  3"), std::string::npos) << stats.out;
  CmdResult exp = Kg(db + " export --format tsv");
  ASSERT_EQ(exp.code, 0) << exp.err;
  EXPECT_EQ(exp.out, kg::testing::ReadFile(Demo()));

  // Loading the export into a second database gives the same export again.
  std::string out_file = dir.Sub("export.tsv");
  ASSERT_EQ(Kg(db + " export -o " + out_file).code, 0);
  std::string db2 = "--db " + dir.Sub("db2");
  ASSERT_EQ(Kg(db2 + " load " + out_file).code, 0);
  EXPECT_EQ(Kg(db2 + " export").out, exp.out);

  // Loading more triples reuses nodes by name.
  std::string more = dir.Sub("more.tsv");
  std::ofstream(more) << "Donald Trump\tcalls\tVladimir Putin\n";
  ASSERT_EQ(Kg(db + " load " + more).code, 0);
  stats = Kg(db + " stats");
  EXPECT_NE(stats.out.find("nodes          12"), std::string::npos) << stats.out;
  EXPECT_NE(stats.out.find("relationships  15"), std::string::npos) << stats.out;
}

TEST(CliTest, CsvWithHeaderColumnsAndNames) {
  TempDir dir;
  std::string edges = dir.Sub("edges.csv"), names = dir.Sub("nodes.csv");
  std::ofstream(edges) << "src,dst,rel,doc\n1,2,rel_00,7\n2,3,\"rel,01\",8\n";
  std::ofstream(names) << "id,name\n1,Alpha\n2,Beta\n3,\"Gamma\"\n";
  std::string db = "--db " + dir.Sub("db");
  CmdResult load = Kg(db + " load --format csv --header --columns src,rel,dst --names " + names + " " +
                edges);
  ASSERT_EQ(load.code, 0) << load.err;
  CmdResult exp = Kg(db + " export");
  EXPECT_EQ(exp.out, "Alpha\trel_00\tBeta\tdoc=7\nBeta\trel,01\tGamma\tdoc=8\n");
}

TEST(CliTest, BadRowsAreReportedWithLineAndSkipped) {
  TempDir dir;
  std::string f = dir.Sub("bad.tsv");
  std::ofstream(f) << "a\tknows\tb\nonly two\tcolumns\n\tempty\tsubject\nc\tknows\td\n";
  std::string db = "--db " + dir.Sub("db");
  CmdResult load = Kg(db + " load " + f);
  EXPECT_EQ(load.code, 1);
  EXPECT_NE(load.err.find(f + ":2: expected at least 3 columns"), std::string::npos) << load.err;
  EXPECT_NE(load.err.find(f + ":3: empty subject"), std::string::npos) << load.err;
  EXPECT_EQ(Kg(db + " export").out, "a\tknows\tb\nc\tknows\td\n");
}

TEST(CliTest, MissingInputAndDatabaseErrorsNameThePath) {
  TempDir dir;
  CmdResult r = Kg("--db " + dir.Sub("db") + " load " + dir.Sub("missing.tsv"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.tsv"), std::string::npos);
  CmdResult s = Kg("--db " + dir.Sub("nodb") + " stats");
  EXPECT_EQ(s.code, 1);
  EXPECT_NE(s.err.find(dir.Sub("nodb")), std::string::npos);
  EXPECT_NE(s.err.find("does not exist"), std::string::npos);
  CmdResult w = Kg("--db " + dir.Sub("db") + " load " + Demo());
  ASSERT_EQ(w.code, 0);
  CmdResult e = Kg("--db " + dir.Sub("db") + " export -o /nonexistent-dir/x.tsv");
  EXPECT_EQ(e.code, 1);
  EXPECT_NE(e.err.find("/nonexistent-dir/x.tsv"), std::string::npos);
}

TEST(CliTest, SecondWriterGetsInUseErrorAndReadersStillWork) {
  TempDir dir;
  std::string path = dir.Sub("db");
  ASSERT_EQ(Kg("--db " + path + " load " + Demo()).code, 0);
  // A slow writer: a load reading from a FIFO that stays open.
  std::string fifo = dir.Sub("fifo");
  ASSERT_EQ(std::system(("mkfifo " + fifo).c_str()), 0);
  std::string bg = std::string(KG_BINARY) + " --db " + path + " load - <" + fifo +
                   " >/dev/null 2>&1 & echo $!";
  FILE* p = popen(bg.c_str(), "r");
  char pid_buf[32] = {0};
  ASSERT_NE(fgets(pid_buf, sizeof pid_buf, p), nullptr);
  pclose(p);
  // Keep the FIFO's write end open so the writer holds the lock.
  FILE* w = fopen(fifo.c_str(), "w");
  ASSERT_NE(w, nullptr);
  fputs("x\ty\tz\n", w);
  fflush(w);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CmdResult second = Kg("--db " + path + " load " + Demo());
  EXPECT_EQ(second.code, 1);
  EXPECT_NE(second.err.find("database " + path + " is in use by another kg process"),
            std::string::npos)
      << second.err;
  CmdResult stats = Kg("--db " + path + " stats");
  EXPECT_EQ(stats.code, 0) << stats.err;
  fclose(w);
  std::system(("wait " + std::string(pid_buf)).c_str());
}

TEST(CliTest, DiskFullGivesClearErrorAndKeepsWhatWasCommitted) {
  TempDir dir;
  std::string mnt = dir.Sub("small");
  std::filesystem::create_directories(mnt);
  if (geteuid() != 0 || std::system(("mount -t tmpfs -o size=2m tmpfs " + mnt + " 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "needs root to mount a small tmpfs";
  }
  std::string db = "--db " + mnt + "/db";
  ASSERT_EQ(Kg(db + " load " + Demo()).code, 0);
  std::string big = dir.Sub("big.tsv");
  {
    std::ofstream out(big);
    for (int i = 0; i < 200000; ++i) out << "subject " << i << "\trel\tobject " << i % 977 << "\n";
  }
  CmdResult full = Kg(db + " load " + big);
  EXPECT_EQ(full.code, 1);
  EXPECT_NE(full.err.find("the disk is full"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find(mnt + "/db"), std::string::npos) << full.err;
  CmdResult stats = Kg(db + " stats");
  EXPECT_EQ(stats.code, 0) << stats.err;
  EXPECT_NE(stats.out.find("relationships  14"), std::string::npos) << stats.out;
  EXPECT_EQ(Kg(db + " check").code, 0);
  std::system(("umount " + mnt).c_str());
}

}  // namespace
}  // namespace kg
