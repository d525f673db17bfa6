#include <map>

#include "graph/kv.h"

namespace kg::graph {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;

class MapIterator : public KvIterator {
 public:
  explicit MapIterator(const Table* t) : t_(t), it_(t->end()) {}
  void Seek(std::string_view target) override { it_ = t_->lower_bound(target); }
  bool Valid() const override { return it_ != t_->end(); }
  void Next() override { ++it_; }
  std::string_view key() const override { return it_->first; }
  std::string_view value() const override { return it_->second; }
  Status status() const override { return Status::OK(); }

 private:
  const Table* t_;
  Table::const_iterator it_;
};

class MemoryKv : public KvEngine {
 public:
  Status Get(Cf cf, std::string_view key, std::string* value) const override {
    const Table& t = tables_[static_cast<int>(cf)];
    auto it = t.find(key);
    if (it == t.end()) return Status::NotFound("key");
    *value = it->second;
    return Status::OK();
  }
  std::unique_ptr<KvIterator> NewIterator(Cf cf) const override {
    return std::make_unique<MapIterator>(&tables_[static_cast<int>(cf)]);
  }
  Status Commit(const PendingWrites (&writes)[kNumCf]) override {
    for (int i = 0; i < kNumCf; ++i) {
      for (const auto& [k, v] : writes[i]) {
        if (v) {
          tables_[i][k] = *v;
        } else {
          auto it = tables_[i].find(k);
          if (it != tables_[i].end()) tables_[i].erase(it);
        }
      }
    }
    return Status::OK();
  }
  class MemorySortedFile : public SortedFile {
   public:
    explicit MemorySortedFile(Cf cf) : cf_(cf) {}
    Cf cf() const override { return cf_; }
    Status Put(std::string_view key, std::string_view value) override {
      if (!run_.empty() && key <= run_.back().first) {
        return Status::InvalidArgument("sorted file keys out of order");
      }
      run_.emplace_back(std::string(key), std::string(value));
      return Status::OK();
    }
    Cf cf_;
    std::vector<std::pair<std::string, std::string>> run_;
  };
  Result<std::unique_ptr<SortedFile>> NewSortedFile(Cf cf) override {
    return std::unique_ptr<SortedFile>(std::make_unique<MemorySortedFile>(cf));
  }
  Status Ingest(std::vector<std::unique_ptr<SortedFile>> files) override {
    for (auto& f : files) {
      auto* m = static_cast<MemorySortedFile*>(f.get());
      for (auto& [k, v] : m->run_) tables_[static_cast<int>(m->cf_)].insert_or_assign(k, v);
    }
    return Status::OK();
  }
  uint64_t DiskBytes() const override { return 0; }
  std::string Path() const override { return ":memory:"; }
  bool read_only() const override { return false; }

 private:
  Table tables_[kNumCf];
};

}  // namespace

std::unique_ptr<KvEngine> NewMemoryKv() { return std::make_unique<MemoryKv>(); }

}  // namespace kg::graph
