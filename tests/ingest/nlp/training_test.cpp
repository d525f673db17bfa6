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

// Joint labelling with an ensemble of two transition models: deterministic whatever the thread
// count, loads, and gives one root and a relation for every token.
TEST(TrainingTest, JointLabelsEnsembleDeterministic) {
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
  o.ner_epochs = 3;
  o.jackknife_folds = 2;
  o.parser_ensemble = 2;
  o.joint_labels = true;
  std::vector<std::string> log;
  o.out_dir = dir.Sub("a");
  ASSERT_OK(TrainModels(o, &log));
  o.out_dir = dir.Sub("b");
  o.threads = 1;
  ASSERT_OK(TrainModels(o, &log));
  for (const char* f : {kParserFile, kEntitiesFile}) {
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
  int roots = 0;
  for (const auto& t : (*r)[0].tokens) {
    EXPECT_FALSE(t.deprel.empty());
    if (t.head < 0) {
      ++roots;
      EXPECT_EQ(t.deprel, "root");
    }
  }
  EXPECT_EQ(roots, 1);
}

}  // namespace
}  // namespace kg::ingest::nlp
