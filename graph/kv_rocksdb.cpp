// The only file that includes RocksDB: rocksdb::Status becomes kg::Status here, with the path.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include <sys/resource.h>

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include "graph/kv.h"

namespace kg::graph {
namespace {

const char* const kCfNames[kNumCf] = {rocksdb::kDefaultColumnFamilyName.c_str(), "nodes", "edges",
                                      "adj", "labels", "names", "deg"};

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

Status Convert(const rocksdb::Status& s, const std::string& path) {
  if (s.ok()) return Status::OK();
  std::string msg = s.ToString();
  if (s.IsNotFound()) return Status::NotFound("database " + path + ": " + msg);
  if (s.IsCorruption()) {
    return Status::Corruption("database " + path + " is corrupted: " + msg);
  }
  if (s.IsNoSpace() || msg.find("No space left") != std::string::npos) {
    return Status::IOError("database " + path + ": the disk is full (" + msg + ")");
  }
  if (s.IsIOError()) {
    if (msg.find("lock") != std::string::npos || msg.find("LOCK") != std::string::npos) {
      if (msg.find("Resource temporarily unavailable") != std::string::npos ||
          msg.find("already held") != std::string::npos) {
        return Status::Busy("database " + path + " is in use by another kg process");
      }
    }
    if (msg.find("Permission denied") != std::string::npos) {
      return Status::IOError("database " + path + ": permission denied");
    }
    return Status::IOError("database " + path + ": " + msg);
  }
  return Status::IOError("database " + path + ": " + msg);
}

class RocksIterator : public KvIterator {
 public:
  RocksIterator(rocksdb::Iterator* it, std::string path) : it_(it), path_(std::move(path)) {}
  // A scan iterator owns the upper bound its ReadOptions point at.
  RocksIterator(std::unique_ptr<std::string> upper, std::unique_ptr<rocksdb::Slice> upper_slice,
                rocksdb::Iterator* it, std::string path)
      : upper_(std::move(upper)),
        upper_slice_(std::move(upper_slice)),
        it_(it),
        path_(std::move(path)) {}
  void Seek(std::string_view target) override { it_->Seek(ToSlice(target)); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  std::string_view key() const override {
    auto k = it_->key();
    return {k.data(), k.size()};
  }
  std::string_view value() const override {
    auto v = it_->value();
    return {v.data(), v.size()};
  }
  Status status() const override { return Convert(it_->status(), path_); }

 private:
  std::unique_ptr<std::string> upper_;
  std::unique_ptr<rocksdb::Slice> upper_slice_;  // declared before it_, destroyed after it
  std::unique_ptr<rocksdb::Iterator> it_;
  std::string path_;
};

class EmptyIterator : public KvIterator {
 public:
  void Seek(std::string_view) override {}
  bool Valid() const override { return false; }
  void Next() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  Status status() const override { return Status::OK(); }
};

// True when every entry of `dir` is a file RocksDB writes before CURRENT while creating a
// database (lock, info log, identity, manifest, options, temporary files, write-ahead logs).
bool OnlyCreationLeftovers(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    auto starts = [&](std::string_view p) { return name.rfind(p, 0) == 0; };
    auto ends = [&](std::string_view p) {
      return name.size() >= p.size() && name.compare(name.size() - p.size(), p.size(), p) == 0;
    };
    if (!it->is_regular_file(ec)) return false;
    if (name == "LOCK" || name == "IDENTITY" || starts("LOG") || starts("MANIFEST-") ||
        starts("OPTIONS-") || ends(".dbtmp") || ends(".log")) {
      continue;
    }
    return false;
  }
  return !ec;
}

// What a read-only open depends on of the writer's state: the text of CURRENT and the size of the
// manifest it names. A writer that flushes, compacts or reopens appends to the manifest or names a
// new one (before it deletes the write-ahead logs and tables the old state listed), so a read-only
// open during which this did not change read one consistent state.
std::string ManifestStamp(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string current;
  if (FILE* f = std::fopen((fs::path(dir) / "CURRENT").c_str(), "rb")) {
    char buf[256];
    size_t n = std::fread(buf, 1, sizeof buf, f);
    std::fclose(f);
    current.assign(buf, n);
  }
  std::string name = current;
  while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
  uintmax_t size = name.empty() ? 0 : fs::file_size(fs::path(dir) / name, ec);
  if (ec) size = static_cast<uintmax_t>(-1);
  return current + "#" + std::to_string(size);
}

// ManifestStamp plus the name and size of every write-ahead log: changes with every commit a
// writer makes, flushed or not.
std::string DiskStamp(const std::string& dir) {
  namespace fs = std::filesystem;
  std::string stamp = ManifestStamp(dir);
  std::vector<std::string> logs;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".log") continue;
    std::error_code size_ec;
    uintmax_t size = fs::file_size(it->path(), size_ec);
    logs.push_back(it->path().filename().string() + ":" + std::to_string(size_ec ? 0 : size));
  }
  std::sort(logs.begin(), logs.end());
  for (const auto& l : logs) stamp += "|" + l;
  return stamp;
}

// Table (.sst) files in a database directory.
uint64_t TableFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  uint64_t n = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".sst") ++n;
  }
  return n;
}

uint64_t FileDescriptorLimit() {
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 1024;
  return limit.rlim_cur;
}

class RocksKv : public KvEngine {
 public:
  RocksKv(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {}
  ~RocksKv() override {
    if (db_) {
      rocksdb::CancelAllBackgroundWork(db_.get(), /*wait=*/true);
      for (auto* h : handles_) {
        if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
      }
      handles_.clear();
      db_->Close();
    }
  }

  Status Open(const OpenOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    bool exists = fs::exists(path_, ec);
    if (exists && !fs::is_directory(path_, ec)) {
      return Status::InvalidArgument("database " + path_ +
                                     " is not a directory (a kg database is a directory)");
    }
    bool has_db = fs::exists(fs::path(path_) / "CURRENT", ec);
    if (!has_db) {
      if (read_only_ || !options.create_if_missing) {
        return Status::NotFound("database " + path_ +
                                " does not exist (create it with 'kg load' or 'kg ingest')");
      }
      // RocksDB writes CURRENT last when it creates a database, so a creation cut short (a kill)
      // leaves only its own bookkeeping files: those are created over (RocksDB's lock still
      // keeps out another process creating it right now). Anything else is someone's data.
      if (exists && !OnlyCreationLeftovers(path_)) {
        return Status::InvalidArgument("directory " + path_ +
                                       " is not empty and holds no kg database");
      }
    }
    rocksdb::Options db_options;
    db_options.create_if_missing = !read_only_ && options.create_if_missing;
    db_options.create_missing_column_families = !read_only_;
    db_options.IncreaseParallelism(2);
    // A reader opens every table file up front and keeps it open: a writer in another process
    // may compact and delete tables the reader's state still lists, and an open file stays
    // readable after its deletion. (Not when that would take more than half the process's file
    // descriptors; a 10M-relationship database has about 20 table files.)
    db_options.max_open_files =
        read_only_ && TableFiles(path_) < FileDescriptorLimit() / 2 ? -1 : 512;
    db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
    db_options.keep_log_file_num = 2;
    db_options.compression = rocksdb::kNoCompression;

    rocksdb::BlockBasedTableOptions table;
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    // Up to 256 MB of blocks (allocated as they are read, so small databases use less):
    // traversals of a 10M-relationship graph touch adjacency blocks all over its ~560 MB file,
    // and a 64 MB cache made every other expansion a file read (1..3-hop count from the hub:
    // 0.67-1.0 s with 64 MB, 0.45-0.48 s with 256 MB; peak RSS of that query 129 -> 214 MB).
    table.block_cache = rocksdb::NewLRUCache(size_t{256} << 20);
    rocksdb::ColumnFamilyOptions cf_options(db_options);
    cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    cf_options.write_buffer_size = 64 << 20;
    // The adjacency, label and name indexes are only read by prefix scans (kg check aside),
    // which whole-key Bloom filters cannot answer: they get none (less to build on every write
    // and to hold in the cache; 10 bits per key was 2.5 MB per million relationships).
    rocksdb::BlockBasedTableOptions scan_table = table;
    scan_table.filter_policy.reset();
    rocksdb::ColumnFamilyOptions scan_cf_options = cf_options;
    scan_cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(scan_table));
    auto options_for = [&](int i) -> const rocksdb::ColumnFamilyOptions& {
      const bool scanned = i == static_cast<int>(Cf::kAdj) || i == static_cast<int>(Cf::kLabels) ||
                           i == static_cast<int>(Cf::kNames);
      return scanned ? scan_cf_options : cf_options;
    };

    // A database written by an older kg may lack a column family added since; a writer creates
    // it, a reader sees it as empty (the store then falls back to what older versions did).
    std::vector<std::string> present;
    std::vector<int> opened;
    if (read_only_ && rocksdb::DB::ListColumnFamilies(db_options, path_, &present).ok()) {
      for (int i = 0; i < kNumCf; ++i) {
        if (std::find(present.begin(), present.end(), kCfNames[i]) != present.end()) {
          opened.push_back(i);
        }
      }
    } else {
      for (int i = 0; i < kNumCf; ++i) opened.push_back(i);
    }
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (int i : opened) cfs.emplace_back(kCfNames[i], options_for(i));
    rocksdb::DB* db = nullptr;
    rocksdb::Status s;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    if (read_only_) {
      s = OpenReadOnly(db_options, cfs, &handles, &db);
    } else {
      s = rocksdb::DB::Open(db_options, path_, cfs, &handles, &db);
    }
    if (!s.ok()) return Convert(s, path_);
    db_.reset(db);
    if (!read_only_) {
      // Files of a bulk load that was killed before it ingested them.
      std::error_code ec;
      std::filesystem::remove_all(BulkDir(), ec);
    }
    handles_.assign(kNumCf, nullptr);
    for (size_t j = 0; j < opened.size(); ++j) handles_[opened[j]] = handles[j];
    return Status::OK();
  }

  // Opens read-only while another process may be writing. RocksDB reads the manifest and then
  // replays the write-ahead logs it does not cover; a writer that flushes in between deletes a log
  // the reader then misses (it would see a database without some writes, or without its schema
  // record when the writer was just recovering the last run's log). Opens during which the
  // manifest changed are retried.
  rocksdb::Status OpenReadOnly(const rocksdb::DBOptions& db_options,
                               const std::vector<rocksdb::ColumnFamilyDescriptor>& cfs,
                               std::vector<rocksdb::ColumnFamilyHandle*>* handles,
                               rocksdb::DB** db) {
    constexpr int kTries = 50;
    rocksdb::Status s;
    for (int attempt = 0; attempt < kTries; ++attempt) {
      if (attempt > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(2 + 4 * attempt, 50)));
      }
      std::string before = ManifestStamp(path_);
      std::string disk = DiskStamp(path_);
      handles->clear();
      *db = nullptr;
      s = rocksdb::DB::OpenForReadOnly(db_options, path_, cfs, handles, db);
      bool same = ManifestStamp(path_) == before;
      if (s.ok() && same) {
        disk_stamp_ = std::move(disk);
        return s;
      }
      if (s.ok()) {
        for (auto* h : *handles) (*db)->DestroyColumnFamilyHandle(h);
        handles->clear();
        (*db)->Close();
        delete *db;
        *db = nullptr;
        continue;
      }
      // A file named by a manifest the writer has since replaced: try again.
      if (!same && (s.IsIOError() || s.IsNotFound() || s.IsCorruption() || s.IsPathNotFound())) {
        continue;
      }
      return s;
    }
    if (s.ok()) {
      return rocksdb::Status::Busy("the database changed during each of " +
                                   std::to_string(kTries) +
                                   " read-only opens (another kg process is writing); try again");
    }
    return s;
  }

  Status Get(Cf cf, std::string_view key, std::string* value) const override {
    if (handles_[static_cast<int>(cf)] == nullptr) return Status::NotFound("key");
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[static_cast<int>(cf)],
                                 ToSlice(key), value);
    if (s.IsNotFound()) return Status::NotFound("key");
    return Convert(s, path_);
  }

  void MultiGet(Cf cf, const std::vector<std::string>& keys, std::vector<std::string>* values,
                std::vector<Status>* statuses) const override {
    rocksdb::ColumnFamilyHandle* h = handles_[static_cast<int>(cf)];
    values->assign(keys.size(), std::string());
    statuses->assign(keys.size(), Status::NotFound("key"));
    if (h == nullptr || keys.empty()) return;
    std::vector<rocksdb::Slice> slices;
    slices.reserve(keys.size());
    for (const auto& k : keys) slices.emplace_back(k);
    std::vector<rocksdb::PinnableSlice> pinned(keys.size());
    std::vector<rocksdb::Status> st(keys.size());
    bool sorted = std::is_sorted(keys.begin(), keys.end());
    db_->MultiGet(rocksdb::ReadOptions(), h, keys.size(), slices.data(), pinned.data(), st.data(),
                  sorted);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (st[i].ok()) {
        (*values)[i].assign(pinned[i].data(), pinned[i].size());
        (*statuses)[i] = Status::OK();
      } else if (!st[i].IsNotFound()) {
        (*statuses)[i] = Convert(st[i], path_);
      }
    }
  }

  std::unique_ptr<KvIterator> NewIterator(Cf cf) const override {
    rocksdb::ReadOptions ro;
    if (handles_[static_cast<int>(cf)] == nullptr) return std::make_unique<EmptyIterator>();
    return std::make_unique<RocksIterator>(db_->NewIterator(ro, handles_[static_cast<int>(cf)]),
                                           path_);
  }

  std::unique_ptr<KvIterator> NewScanIterator(Cf cf, std::string_view /*lower*/,
                                              std::string_view upper) const override {
    if (handles_[static_cast<int>(cf)] == nullptr) return std::make_unique<EmptyIterator>();
    rocksdb::ReadOptions ro;
    // Read once, front to back: read ahead, and keep the blocks out of the block cache (a whole
    // column family would evict what point lookups keep there).
    ro.fill_cache = false;
    ro.readahead_size = 2 << 20;
    std::unique_ptr<std::string> bound;
    std::unique_ptr<rocksdb::Slice> bound_slice;
    if (!upper.empty()) {
      bound = std::make_unique<std::string>(upper);
      bound_slice = std::make_unique<rocksdb::Slice>(*bound);
      ro.iterate_upper_bound = bound_slice.get();
    }
    auto* it = db_->NewIterator(ro, handles_[static_cast<int>(cf)]);
    return std::make_unique<RocksIterator>(std::move(bound), std::move(bound_slice), it, path_);
  }

  Status Commit(const PendingWrites (&writes)[kNumCf]) override {
    rocksdb::WriteBatch batch;
    for (int i = 0; i < kNumCf; ++i) {
      for (const auto& [k, v] : writes[i]) {
        rocksdb::Status s = v ? batch.Put(handles_[i], ToSlice(k), ToSlice(*v))
                              : batch.Delete(handles_[i], ToSlice(k));
        if (!s.ok()) return Convert(s, path_);
      }
    }
    rocksdb::WriteOptions wo;
    wo.sync = false;
    return Convert(db_->Write(wo, &batch), path_);
  }

  class RocksSortedFile : public SortedFile {
   public:
    RocksSortedFile(Cf cf, std::string file, std::string db_path, const rocksdb::Options& options,
                    rocksdb::ColumnFamilyHandle* handle)
        : cf_(cf), file_(std::move(file)), db_path_(std::move(db_path)),
          writer_(rocksdb::EnvOptions(), options, handle) {}
    ~RocksSortedFile() override {
      if (!kept_) {
        std::error_code ec;
        std::filesystem::remove(file_, ec);
      }
    }
    Cf cf() const override { return cf_; }
    Status Open() { return Convert(writer_.Open(file_), db_path_); }
    Status Put(std::string_view key, std::string_view value) override {
      ++entries_;
      return Convert(writer_.Put(ToSlice(key), ToSlice(value)), db_path_);
    }
    // Completes the file; false in *has_entries when nothing was put.
    rocksdb::Status Finish(bool* has_entries) {
      *has_entries = entries_ > 0;
      return entries_ > 0 ? writer_.Finish() : rocksdb::Status::OK();
    }
    const std::string& file() const { return file_; }
    void Keep() { kept_ = true; }  // ingested (moved into the database)

   private:
    Cf cf_;
    std::string file_, db_path_;
    rocksdb::SstFileWriter writer_;
    uint64_t entries_ = 0;
    bool kept_ = false;
  };

  std::string BulkDir() const { return path_ + "/bulk-load.tmp"; }

  Result<std::unique_ptr<SortedFile>> NewSortedFile(Cf cf) override {
    std::error_code ec;
    std::filesystem::create_directories(BulkDir(), ec);
    // A bulk load opens files on several threads: another may have just made the directory.
    if (ec && !std::filesystem::is_directory(BulkDir())) {
      return Status::IOError("cannot create " + BulkDir() + ": " + ec.message());
    }
    const int i = static_cast<int>(cf);
    rocksdb::ColumnFamilyDescriptor desc;
    handles_[i]->GetDescriptor(&desc);
    rocksdb::Options options(db_->GetDBOptions(), desc.options);
    auto file = std::make_unique<RocksSortedFile>(
        cf, BulkDir() + "/f" + std::to_string(next_file_++) + ".sst", path_, options,
        handles_[i]);
    KG_RETURN_IF_ERROR(file->Open());
    return std::unique_ptr<SortedFile>(std::move(file));
  }

  Status Ingest(std::vector<std::unique_ptr<SortedFile>> files) override {
    std::vector<std::string> cf_files[kNumCf];
    std::vector<RocksSortedFile*> ingested;
    rocksdb::Status s;
    for (auto& f : files) {
      auto* file = static_cast<RocksSortedFile*>(f.get());
      bool has_entries = false;
      if (s.ok()) s = file->Finish(&has_entries);
      if (has_entries) {
        cf_files[static_cast<int>(file->cf())].push_back(file->file());
        ingested.push_back(file);
      }
    }
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (int i = 0; s.ok() && i < kNumCf; ++i) {
      if (cf_files[i].empty()) continue;
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = handles_[i];
      arg.external_files = cf_files[i];
      arg.options.move_files = true;
      arg.options.allow_blocking_flush = true;
      arg.options.allow_global_seqno = true;
      args.push_back(std::move(arg));
    }
    if (s.ok() && !args.empty()) s = db_->IngestExternalFiles(args);
    if (s.ok()) {
      for (RocksSortedFile* f : ingested) f->Keep();
    }
    files.clear();  // files not ingested (also empty ones) are removed with their objects
    std::error_code ec;
    std::filesystem::remove(BulkDir(), ec);  // only if empty
    return Convert(s, path_);
  }

  uint64_t DiskBytes() const override {
    namespace fs = std::filesystem;
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(path_, ec)) {
      if (e.is_regular_file(ec)) total += e.file_size(ec);
    }
    return total;
  }
  std::string Path() const override { return path_; }
  bool read_only() const override { return read_only_; }
  bool ChangedOnDisk() const override { return read_only_ && DiskStamp(path_) != disk_stamp_; }

 private:
  std::string path_;
  bool read_only_;
  std::string disk_stamp_;  // read-only: the files as they were before the open
  std::atomic<uint64_t> next_file_{0};  // names of sorted files (opened on several threads)
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace

Result<std::unique_ptr<KvEngine>> OpenRocksDbKv(const std::string& path,
                                                const OpenOptions& options) {
  auto kv = std::make_unique<RocksKv>(path, options.read_only);
  Status s = kv->Open(options);
  if (!s.ok()) return s;
  return std::unique_ptr<KvEngine>(std::move(kv));
}

}  // namespace kg::graph
