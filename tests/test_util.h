// Helpers shared by kg's GoogleTest suites.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "common/status.h"

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    ::kg::Status _s = (expr);                             \
    ASSERT_TRUE(_s.ok()) << _s.ToString();                \
  } while (0)
#define EXPECT_OK(expr)                                   \
  do {                                                    \
    ::kg::Status _s = (expr);                             \
    EXPECT_TRUE(_s.ok()) << _s.ToString();                \
  } while (0)

namespace kg::testing {

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The repository root (for datasets/) and ../shared beside it.
std::filesystem::path SourceDir();
std::filesystem::path SharedDir();

// Reads a whole file; empty string if missing.
std::string ReadFile(const std::filesystem::path& p);

}  // namespace kg::testing
