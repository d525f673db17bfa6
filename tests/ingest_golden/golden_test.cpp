// Golden extraction tests (souffle-style): every directory under tests/ingest_golden/ holding
// input.conllu and expected.tsv is one test case. The trees are fixed input, so the expected
// triples change only when the extraction rules do. Set KG_UPDATE_GOLDEN=1 to rewrite the
// expected files after an intended change (and review the diff).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "ingest/extract/conllu.h"
#include "ingest/extract/extraction.h"
#include "ingest/extract/triple_output.h"
#include "tests/test_util.h"

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;

fs::path GoldenDir() { return kg::testing::SourceDir() / "tests" / "ingest_golden"; }

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(GoldenDir())) {
    if (e.is_directory() && fs::exists(e.path() / "input.conllu")) {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, ExtractionMatchesExpected) {
  fs::path dir = GoldenDir() / GetParam();
  std::string input = kg::testing::ReadFile(dir / "input.conllu");
  Result<ConlluDocument> doc = ParseConllu(input, (dir / "input.conllu").string());
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  Extraction x = ExtractDocument(doc->text, doc->sentences);
  std::ostringstream out;
  out << TsvHeader() << "\n";
  WriteTsv(x, GetParam(), out);
  fs::path expected_path = dir / "expected.tsv";
  const char* update = std::getenv("KG_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << out.str();
  }
  std::string expected = kg::testing::ReadFile(expected_path);
  ASSERT_FALSE(expected.empty()) << "missing " << expected_path;
  EXPECT_EQ(out.str(), expected) << "golden case " << GetParam()
                                 << " differs; rerun with KG_UPDATE_GOLDEN=1 to accept";
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace kg::ingest
