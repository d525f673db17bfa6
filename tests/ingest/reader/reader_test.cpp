#include "ingest/reader/reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace kg::ingest {
namespace {

void Write(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

ReadBatch ReadOneContent(const std::string& path, const std::string& content) {
  ReadBatch b;
  ReadContent(path, content, ReadOptions{}, &b);
  return b;
}

TEST(PlainTextTest, TitleRule) {
  std::string title;
  std::string body = CleanPlainText("Markets fall again\n\nShares fell on Monday.\n", &title);
  EXPECT_EQ(title, "Markets fall again");
  EXPECT_EQ(body, "Shares fell on Monday.");
  // A first line ending in a period is body text, and so is one not followed by a blank line.
  CleanPlainText("Shares fell.\n\nThey rose.\n", &title);
  EXPECT_EQ(title, "");
  body = CleanPlainText("Shares fell\nthey rose.\n", &title);
  EXPECT_EQ(title, "");
  EXPECT_EQ(body, "Shares fell\nthey rose.");
}

TEST(PlainTextTest, CommentWidgetsAndFootersYieldNothing) {
  std::string title;
  std::string body = CleanPlainText(
      "The council met on Monday.\r\n\r\n\r\n\r\n+ There are no comments\r\nAdd yours", &title);
  EXPECT_EQ(body, "The council met on Monday.");
  body = CleanPlainText("It rained.\n\nShare this article\n\nIt stopped.\n", &title);
  EXPECT_EQ(body, "It rained.\n\nIt stopped.");
}

TEST(HtmlTest, DropsScriptsNavigationAndComments) {
  std::string title;
  std::string body = HtmlToText(
      "<!DOCTYPE html><html><head><title>Site | Story</title><style>p{}</style></head><body>"
      "<nav><a href='/'>Home</a> <a>World</a></nav>"
      "<h1>Storm hits coast</h1>"
      "<article><p>A storm hit the coast on Friday &amp; closed roads.</p>"
      "<script>var x = '<p>not text</p>';</script>"
      "<p>Officials said &ldquo;stay home&rdquo;.</p></article>"
      "<div class=\"comments-box\"><p>There are no comments</p><div>Add yours</div></div>"
      "<footer>Copyright</footer></body></html>",
      &title);
  EXPECT_EQ(title, "Storm hits coast");
  EXPECT_EQ(body,
            "A storm hit the coast on Friday & closed roads.\n\n"
            "Officials said \xE2\x80\x9Cstay home\xE2\x80\x9D.");
}

TEST(MarkdownTest, StripsMarkupKeepsText) {
  std::string title;
  std::string body = MarkdownToText(
      "# Budget approved\n\nThe **council** approved the [budget](http://x.org) on *Monday*.\n\n"
      "```\ncode block\n```\n\n- It passed 7 to 2.\n\n![chart](c.png)\n",
      &title);
  EXPECT_EQ(title, "Budget approved");
  EXPECT_EQ(body, "The council approved the budget on Monday.\n\nIt passed 7 to 2.");
}

TEST(JsonlTest, ReadsFieldsAndReportsBadLines) {
  ReadBatch b = ReadOneContent(
      "news.jsonl",
      "{\"id\": \"a1\", \"title\": \"T\", \"url\": \"http://u\", \"date\": \"2024-01-02\", "
      "\"text\": \"Rain fell.\"}\n"
      "{not json\n"
      "{\"title\": \"no text\"}\n"
      "\n"
      "{\"text\": \"Sun shone.\"}\n");
  ASSERT_EQ(b.documents.size(), 2u);
  EXPECT_EQ(b.documents[0].id, "a1");
  EXPECT_EQ(b.documents[0].title, "T");
  EXPECT_EQ(b.documents[0].url, "http://u");
  EXPECT_EQ(b.documents[0].date, "2024-01-02");
  EXPECT_EQ(b.documents[0].text, "Rain fell.");
  EXPECT_EQ(b.documents[1].id, "news.jsonl:5");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_NE(b.errors[0].message().find("news.jsonl:2:"), std::string::npos);
  EXPECT_NE(b.errors[1].message().find("news.jsonl:3:"), std::string::npos);
}

TEST(BadInputTest, BinaryInvalidUtf8AndEmpty) {
  ReadBatch b = ReadOneContent("bin.dat", std::string("ab\0cd", 5));
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_NE(b.errors[0].message().find("bin.dat: binary file (NUL byte at byte offset 2)"),
            std::string::npos);
  b = ReadOneContent("bad.txt", "ok line\nbad \xC3\x28 here\n");
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_NE(b.errors[0].message().find("bad.txt:2: invalid UTF-8 at byte offset 12"),
            std::string::npos)
      << b.errors[0].message();
  b = ReadOneContent("empty.txt", "  \n\n ");
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_NE(b.errors[0].message().find("empty.txt: empty file"), std::string::npos);
  EXPECT_TRUE(b.documents.empty());
}

TEST(Utf8Test, FindsFirstInvalidSequence) {
  EXPECT_EQ(FindInvalidUtf8("plain \xE2\x80\x9Cquoted\xE2\x80\x9D"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);             // overlong
  EXPECT_EQ(FindInvalidUtf8("ab\xED\xA0\x80"), 2u);       // surrogate
  EXPECT_EQ(FindInvalidUtf8("abc\xE2\x80"), 3u);          // truncated
}

TEST(ReadPathsTest, DirectoriesRecursivelyAndMissingPaths) {
  kg::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "sub");
  std::filesystem::create_directories(dir.path() / ".hidden");
  Write(dir.Sub("a.txt"), "Alpha rose.\n");
  Write(dir.Sub("sub/b.md"), "# Beta\n\nBeta fell.\n");
  Write(dir.Sub("sub/c.html"), "<html><body><p>Gamma won.</p></body></html>");
  Write(dir.Sub("sub/d.bin"), std::string("\x7f" "ELF\0\0", 6));
  Write(dir.Sub(".hidden/e.txt"), "Hidden.\n");
  ReadBatch b;
  ReadPaths({dir.path().string(), dir.Sub("missing.txt")}, ReadOptions{}, &b);
  ASSERT_EQ(b.documents.size(), 3u);
  EXPECT_EQ(b.documents[0].text, "Alpha rose.");
  EXPECT_EQ(b.documents[1].title, "Beta");
  EXPECT_EQ(b.documents[2].text, "Gamma won.");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_NE(b.errors[0].message().find("d.bin: binary file"), std::string::npos);
  EXPECT_NE(b.errors[1].message().find("missing.txt: no such file"), std::string::npos);
}

TEST(ReadPathsTest, UnreadableFileIsReported) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  kg::testing::TempDir dir;
  Write(dir.Sub("locked.txt"), "Secret.\n");
  ::chmod(dir.Sub("locked.txt").c_str(), 0);
  ReadBatch b;
  ReadPaths({dir.Sub("locked.txt")}, ReadOptions{}, &b);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_NE(b.errors[0].message().find("locked.txt: cannot read"), std::string::npos);
}

TEST(ReadPathsTest, OversizedFileIsSkipped) {
  kg::testing::TempDir dir;
  Write(dir.Sub("big.txt"), std::string(2000, 'a'));
  ReadOptions o;
  o.max_file_bytes = 1000;
  ReadBatch b;
  ReadPaths({dir.Sub("big.txt")}, o, &b);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_NE(b.errors[0].message().find("file too large"), std::string::npos);
}

TEST(ReadPathsTest, SeedArticleLosesItsCommentWidget) {
  std::string seed = kg::testing::ReadFile(kg::testing::SharedDir() / "datasets/seed/witkoff-call.txt");
  if (seed.empty()) GTEST_SKIP() << "seed article not available";
  ReadBatch b = ReadOneContent("seed.txt", seed);
  ASSERT_EQ(b.documents.size(), 1u);
  EXPECT_EQ(b.documents[0].text.find("comments"), std::string::npos);
  EXPECT_EQ(b.documents[0].text.find("Add yours"), std::string::npos);
  EXPECT_EQ(b.documents[0].text.back(), '.');
}

}  // namespace
}  // namespace kg::ingest
