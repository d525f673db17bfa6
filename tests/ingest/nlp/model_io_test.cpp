// Missing and corrupt model files give errors naming the file and the rebuild command.
#include "ingest/nlp/model_io.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "ingest/nlp/nlp_pipeline.h"
#include "tests/test_util.h"

namespace kg::ingest::nlp {
namespace {

TEST(ModelIoTest, RoundTrip) {
  kg::testing::TempDir dir;
  ModelFile f;
  f.sections["a"] = "hello";
  f.sections["b"] = std::string("\0\1\2", 3);
  ASSERT_OK(SaveModelFile(dir.Sub("x.model"), f));
  auto r = LoadModelFile(dir.Sub("x.model"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sections, f.sections);
}

TEST(ModelIoTest, MissingModelDirectoryNamesFileAndCommand) {
  kg::testing::TempDir dir;
  auto r = NlpPipeline::Load(dir.Sub("nowhere"));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_NE(r.status().message().find("tagger.model"), std::string::npos);
  EXPECT_NE(r.status().message().find("kg train --treebank"), std::string::npos);
}

TEST(ModelIoTest, CorruptFilesAreDetected) {
  kg::testing::TempDir dir;
  ModelFile f;
  f.sections["tagger"] = std::string(1000, 'x');
  std::string path = dir.Sub(kTaggerFile);
  ASSERT_OK(SaveModelFile(path, f));
  // Flip one byte in the middle: checksum mismatch.
  {
    std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(500);
    io.put('y');
  }
  auto r = LoadModelFile(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  EXPECT_NE(r.status().message().find(path), std::string::npos);
  EXPECT_NE(r.status().message().find("kg train"), std::string::npos);
  // Truncated.
  std::filesystem::resize_file(path, 100);
  EXPECT_EQ(LoadModelFile(path).status().code(), Status::Code::kCorruption);
  // Not a model at all.
  { std::ofstream(path) << "hello"; }
  EXPECT_EQ(LoadModelFile(path).status().code(), Status::Code::kCorruption);
  // Well-formed file whose section does not decode: the pipeline names it.
  ASSERT_OK(SaveModelFile(path, f));
  auto p = NlpPipeline::Load(dir.path().string());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Status::Code::kCorruption);
  EXPECT_NE(p.status().message().find("tagger.model"), std::string::npos);
}

}  // namespace
}  // namespace kg::ingest::nlp
