// Accuracy guard: the committed models on EWT test (gold tokenization) and UNER test.
// Floors sit a little under the measured numbers (docs/nlp.md). Skips without ../shared.
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include "ingest/nlp/conllu.h"
#include "ingest/nlp/nlp_pipeline.h"
#include "ingest/nlp/trainer.h"
#include "tests/test_util.h"

namespace kg::ingest::nlp {
namespace {

constexpr double kUposFloor = 94.5;
constexpr double kXposFloor = 94.0;
constexpr double kLemmaFloor = 96.2;
constexpr double kUasFloor = 84.0;
constexpr double kLasFloor = 80.3;
constexpr double kNerF1Floor = 0.635;

std::unique_ptr<NlpPipeline> LoadOrNull() {
  auto r = NlpPipeline::Load((kg::testing::SourceDir() / "datasets/models").string());
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(AccuracyTest, EwtTest) {
  auto path = kg::testing::SharedDir() / "datasets/ud-english-ewt/en_ewt-ud-test.conllu";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path << " (../shared)";
  auto p = LoadOrNull();
  if (!p) GTEST_SKIP() << "no models in datasets/models";
  auto gold = ReadConllu(path.string());
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  ParseScores sc = EvaluateParse(*p, *gold);
  std::cout << "UPOS " << sc.upos << " XPOS " << sc.xpos << " LEMMA " << sc.lemma << " UAS "
            << sc.uas << " LAS " << sc.las << "\n";
  EXPECT_GE(sc.upos, kUposFloor);
  EXPECT_GE(sc.xpos, kXposFloor);
  EXPECT_GE(sc.lemma, kLemmaFloor);
  EXPECT_GE(sc.uas, kUasFloor);
  EXPECT_GE(sc.las, kLasFloor);
}

TEST(AccuracyTest, UnerTest) {
  auto path = kg::testing::SharedDir() / "datasets/uner-english-ewt/en_ewt-ud-test.iob2";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path << " (../shared)";
  auto p = LoadOrNull();
  if (!p) GTEST_SKIP() << "no models in datasets/models";
  auto gold = ReadIob2(path.string());
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  NerScores sc = EvaluateEntities(*p, *gold);
  std::cout << "NER P " << sc.overall.Precision() << " R " << sc.overall.Recall() << " F1 "
            << sc.overall.F1() << "\n";
  EXPECT_GE(sc.overall.F1(), kNerF1Floor);
}

}  // namespace
}  // namespace kg::ingest::nlp
