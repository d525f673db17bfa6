// Internal to graph/: an ordered key/value engine with column families, implemented on RocksDB
// (kv_rocksdb.cpp, the only file that includes RocksDB) and on std::map (kv_memory.cpp), plus an
// overlay of pending writes that reads through to a base view (what a Transaction writes to).
// The graph logic in graph_store_impl.cpp is written once over these.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"

namespace kg::graph {

// kDeg holds per-node degree records (codec::StoredDegree), derived from kAdj.
enum class Cf : int { kMeta = 0, kNodes, kEdges, kAdj, kLabels, kNames, kDeg };
constexpr int kNumCf = 7;

class KvIterator {
 public:
  virtual ~KvIterator() = default;
  virtual void Seek(std::string_view target) = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual Status status() const = 0;
};

class KvView {
 public:
  virtual ~KvView() = default;
  // NotFound if absent.
  virtual Status Get(Cf cf, std::string_view key, std::string* value) const = 0;
  virtual std::unique_ptr<KvIterator> NewIterator(Cf cf) const = 0;
  // An iterator for reading a long run of keys once, in [lower, upper) (empty upper: to the end);
  // engines may read ahead and keep the blocks out of their cache. Callers still Seek(lower).
  virtual std::unique_ptr<KvIterator> NewScanIterator(Cf cf, std::string_view /*lower*/,
                                                      std::string_view /*upper*/) const {
    return NewIterator(cf);
  }
  // Get for many keys at once (ascending keys are fastest); statuses as Get's.
  virtual void MultiGet(Cf cf, const std::vector<std::string>& keys,
                        std::vector<std::string>* values, std::vector<Status>* statuses) const {
    values->assign(keys.size(), std::string());
    statuses->clear();
    for (size_t i = 0; i < keys.size(); ++i) statuses->push_back(Get(cf, keys[i], &(*values)[i]));
  }
};

// Pending writes of one transaction: a sorted map per column family, where nullopt is a delete.
using PendingWrites = std::map<std::string, std::optional<std::string>, std::less<>>;

class KvEngine : public KvView {
 public:
  // Applies every pending write atomically.
  virtual Status Commit(const PendingWrites (&writes)[kNumCf]) = 0;
  // Sorted, duplicate-free records of one column family, written before the Ingest that adds
  // them (a bulk load writes its node and relationship records while it is still reading, and
  // the rest when it ends). A file never ingested is dropped with its object. One writer.
  class SortedFile {
   public:
    virtual ~SortedFile() = default;
    virtual Cf cf() const = 0;
    virtual Status Put(std::string_view key, std::string_view value) = 0;
  };
  // Safe to call from several threads at once (each file is then written by one of them).
  virtual Result<std::unique_ptr<SortedFile>> NewSortedFile(Cf cf) = 0;
  // Adds the files atomically (RocksDB ingests them as SST files); the keys of files of one
  // column family must not overlap.
  virtual Status Ingest(std::vector<std::unique_ptr<SortedFile>> files) = 0;
  virtual uint64_t DiskBytes() const = 0;
  virtual std::string Path() const = 0;
  virtual bool read_only() const = 0;
  // See GraphStore::ChangedOnDisk.
  virtual bool ChangedOnDisk() const { return false; }
};

std::unique_ptr<KvEngine> NewMemoryKv();
Result<std::unique_ptr<KvEngine>> OpenRocksDbKv(const std::string& path, const OpenOptions& options);

// Pending writes over a base view; reads see the pending writes first.
class KvOverlay : public KvView {
 public:
  explicit KvOverlay(const KvView* base) : base_(base) {}
  Status Get(Cf cf, std::string_view key, std::string* value) const override;
  std::unique_ptr<KvIterator> NewIterator(Cf cf) const override;
  void Put(Cf cf, std::string key, std::string value) {
    pending_[static_cast<int>(cf)][std::move(key)] = std::move(value);
  }
  void Delete(Cf cf, std::string key) { pending_[static_cast<int>(cf)][std::move(key)] = std::nullopt; }
  const PendingWrites (&pending() const)[kNumCf] { return pending_; }
  bool empty() const;
  void Clear();

 private:
  const KvView* base_;
  PendingWrites pending_[kNumCf];
};

// Calls fn(key, value) for every key starting with prefix, in order, until fn returns false.
template <typename Fn>
Status ScanPrefix(const KvView& view, Cf cf, std::string_view prefix, Fn&& fn) {
  auto it = view.NewIterator(cf);
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    std::string_view k = it->key();
    if (k.substr(0, prefix.size()) != prefix) break;
    if (!fn(k, it->value())) break;
  }
  return it->status();
}

// ScanPrefix's loop over the keys in [lower, upper) (empty upper: to the end) through a scan
// iterator: for reading a whole column family or a large part of it once.
template <typename Fn>
Status ScanRange(const KvView& view, Cf cf, std::string_view lower, std::string_view upper,
                 Fn&& fn) {
  auto it = view.NewScanIterator(cf, lower, upper);
  for (it->Seek(lower); it->Valid(); it->Next()) {
    std::string_view k = it->key();
    if (!upper.empty() && k >= upper) break;
    if (!fn(k, it->value())) break;
  }
  return it->status();
}

}  // namespace kg::graph
