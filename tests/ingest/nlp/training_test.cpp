// Training smoke test: a few hundred sentences, twice, must give byte-identical model files
// that load and annotate. Skips without ../shared.
#include <filesystem>

#include <gtest/gtest.h>

#include "ingest/nlp/nlp_pipeline.h"
#include "ingest/nlp/trainer.h"
#include "tests/test_util.h"

namespace kg::ingest::nlp {
namespace {

TEST(TrainingTest, SmallDeterministicRun) {
  auto treebank = kg::testing::SharedDir() / "datasets/ud-english-ewt";
  if (!std::filesystem::exists(treebank / "en_ewt-ud-train.conllu")) {
    GTEST_SKIP() << "missing " << treebank << " (../shared)";
  }
  kg::testing::TempDir dir;
  TrainOptions o;
  o.treebank_dir = treebank.string();
  o.max_sentences = 300;
  o.tagger_epochs = 3;
  o.parser_epochs = 3;
  o.label_epochs = 2;
  o.ner_epochs = 3;
  o.jackknife_folds = 2;
  std::vector<std::string> log;
  o.out_dir = dir.Sub("a");
  ASSERT_OK(TrainModels(o, &log));
  o.out_dir = dir.Sub("b");
  o.threads = 1;  // a different schedule must not change the result
  ASSERT_OK(TrainModels(o, &log));
  for (const char* f : {kTaggerFile, kLemmatizerFile, kParserFile, kEntitiesFile}) {
    std::string a = kg::testing::ReadFile(dir.path() / "a" / f);
    std::string b = kg::testing::ReadFile(dir.path() / "b" / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_TRUE(a == b) << f << " differs between two identical training runs";
  }
  auto p = NlpPipeline::Load(dir.Sub("a"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  auto r = (*p)->Annotate("The company said it would hire 200 people in Boston.");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].tokens.size(), 11u);
}

}  // namespace
}  // namespace kg::ingest::nlp
