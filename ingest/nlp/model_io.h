// Binary model files for the NLP core: a magic header, named sections and a checksum, so that a
// truncated or corrupt file is detected on load. ByteWriter/ByteReader (de)serialize sections with
// bounds checks. Internal to ingest/nlp.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/status.h"

namespace kg::ingest::nlp {

// The command that rebuilds the committed models; quoted in load errors.
inline constexpr const char* kRebuildCommand =
    "kg train --treebank ../shared/datasets/ud-english-ewt --out datasets/models";

class ByteWriter {
 public:
  template <typename T>
  void Put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    buf_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    buf_.append(s);
  }
  template <typename T>
  void PutVector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(v.size());
    buf_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void PutStrings(const std::vector<std::string>& v) {
    Put<uint32_t>(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) PutString(s);
  }
  std::string& buffer() { return buf_; }

 private:
  std::string buf_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  template <typename T>
  bool Get(T* v) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetString(std::string* s) {
    uint32_t n;
    if (!Get(&n) || data_.size() - pos_ < n) return false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <typename T>
  bool GetVector(std::vector<T>* v) {
    uint64_t n;
    if (!Get(&n) || n > (data_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    std::memcpy(v->data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool GetStrings(std::vector<std::string>* v) {
    uint32_t n;
    if (!Get(&n) || n > data_.size() - pos_) return false;
    v->resize(n);
    for (auto& s : *v) {
      if (!GetString(&s)) return false;
    }
    return true;
  }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// A model file: named binary sections.
struct ModelFile {
  std::map<std::string, std::string> sections;
};

// Writes atomically (temp file + rename). Returns IOError on failure.
Status SaveModelFile(const std::string& path, const ModelFile& file);

// Returns NotFound (missing) or Corruption (bad magic, checksum, truncation); both messages name
// the file and the rebuild command.
Result<ModelFile> LoadModelFile(const std::string& path);

// Corruption status for a section that fails to decode.
Status CorruptSection(const std::string& path, const std::string& section);

uint64_t Fnv1a(std::string_view data);

}  // namespace kg::ingest::nlp
