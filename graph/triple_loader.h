// Bulk loading of triple files (TSV or CSV: subject, relation, object, extra columns become
// relationship properties) into a GraphStore. A node is identified by its name (or, with a
// names file, by its id, which is kept as an alias). Rows are committed in chunks through the
// store's BulkWriter, each chunk one atomic ingestion. Not thread-safe; one loader per store at a time.
#pragma once

#include <cstring>
#include <istream>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "graph/graph_store.h"

namespace kg::graph {

struct LoadOptions {
  enum class Format { kTsv, kCsv };
  Format format = Format::kTsv;
  bool header = false;  // first line names the columns
  // Column of subject, relation and object: numbers (0-based) or, with a header, names.
  std::string subject_column = "0";
  std::string relation_column = "1";
  std::string object_column = "2";
  std::string label = "Entity";  // label given to nodes the loader creates
  size_t chunk_rows = 4000000;
  // Optional id -> display name map (e.g. FB15k-237's mid2name).
  const std::unordered_map<std::string, std::string>* names = nullptr;
};

struct LoadStats {
  uint64_t rows = 0;
  uint64_t bad_rows = 0;
  uint64_t nodes_created = 0;
  uint64_t edges_created = 0;
};

class TripleLoader {
 public:
  TripleLoader(GraphStore* store, LoadOptions options);
  ~TripleLoader();
  TripleLoader(const TripleLoader&) = delete;
  TripleLoader& operator=(const TripleLoader&) = delete;

  // Reads every row of `in` (named `source` in messages). Malformed rows are reported in
  // `errors` as "source:line: message" and skipped; storage errors stop the load and are
  // returned (rows of chunks committed before stay).
  Status Load(std::istream& in, const std::string& source, std::vector<std::string>* errors);
  // Creates a node for every id of `names` not yet present (e.g. a nodes file), so that nodes
  // without relationships exist too.
  Status AddNodes(const std::vector<std::string>& ids);
  // Commits the last chunk.
  Status Finish();
  const LoadStats& stats() const { return stats_; }

 private:
  Result<NodeId> NodeFor(const std::string& key);
  Result<NodeId> NodeFor(const std::string& key, uint64_t hash);
  // Adds the relationship of one well-formed row (and the nodes at its ends).
  // s_hash / o_hash: std::hash of the subject and object keys.
  Status AddRow(const std::vector<std::string>& fields, const std::vector<std::string>& header,
                int s_col, int r_col, int o_col, uint64_t s_hash, uint64_t o_hash);
  Status Flush();

  GraphStore* store_;
  LoadOptions options_;
  std::unique_ptr<BulkWriter> bulk_;
  bool store_has_data_ = true;
  size_t rows_in_txn_ = 0;
  // Open-addressing map from node key to id (the loader's hottest lookup).
  class NodeCache {
   public:
    const NodeId* Find(std::string_view key, uint64_t hash) const;
    void Insert(std::string_view key, uint64_t hash, NodeId id);
    // Starts loading the slot a lookup of `hash` begins at, so that lookups made a few rows
    // later overlap their memory reads instead of waiting for each in turn.
    void Prefetch(uint64_t hash) const {
      __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    }

   private:
    // 32 bytes, so that a slot never straddles two cache lines. Keys of up to 12 bytes live in
    // the slot (one cache miss per lookup); longer ones in the arena, at the offset kept in
    // the first 4 bytes of inline_key.
    struct alignas(32) Slot {
      uint64_t hash = 0;
      NodeId id = 0;
      uint32_t size_and_used = 0;  // key size | kUsed
      char inline_key[12] = {};
      static constexpr uint32_t kUsed = 0x80000000u;
      bool used() const { return size_and_used & kUsed; }
      uint32_t key_size() const { return size_and_used & ~kUsed; }
      std::string_view Key(const std::string& arena) const {
        if (key_size() <= sizeof inline_key) return std::string_view(inline_key, key_size());
        uint32_t offset;
        std::memcpy(&offset, inline_key, sizeof offset);
        return std::string_view(arena).substr(offset, key_size());
      }
    };
    static_assert(sizeof(Slot) == 32);
    std::vector<Slot> slots_ = std::vector<Slot>(1 << 12);
    std::string arena_;
    size_t size_ = 0;
  };
  NodeCache node_cache_;
  Properties row_props_;                        // AddRow's relationship properties, reused
  std::vector<const std::string*> row_keys_;   // the keys the current row set
  std::string key_buf_, value_buf_;
  LoadStats stats_;
};

// Splits one line into fields. TSV: tab-separated, backslash escapes \t \n \r \\ decoded.
// CSV: RFC 4180 quotes. Returns InvalidArgument with the column of an unterminated quote.
Status SplitLine(std::string_view line, LoadOptions::Format format,
                 std::vector<std::string>* fields);

// Reads `id<TAB>name` or `id,name` lines (delimiter from the first line; a first line
// "id,name" or "id<TAB>name" is a header).
// `order`, when given, receives the ids in file order.
Status ReadNamesFile(const std::string& path, std::unordered_map<std::string, std::string>* names,
                     std::vector<std::string>* order = nullptr);

// Escapes tab, newline, carriage return and backslash for TSV output.
std::string EscapeTsv(std::string_view s);

}  // namespace kg::graph
