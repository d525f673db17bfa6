// GraphStore: the kg property graph. Nodes have labels and properties, relationships ("edges")
// have a type, a source, a target and properties. Two implementations share this interface and
// one contract test suite: RocksDB on disk (OpenRocksDbStore) and memory (NewMemoryStore).
//
// Reads go through GraphReader. All writes go through a Transaction, which also reads its own
// uncommitted writes and commits them as one atomic batch. One Transaction at a time per store;
// readers may run concurrently with each other, not with an open Transaction of the same object.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "graph/types.h"

namespace kg::graph {

// Visitors return false to stop the scan early.
using NodeIdVisitor = std::function<bool(NodeId)>;
using EdgeVisitor = std::function<bool(const EdgeRecord&)>;
using AdjVisitor = std::function<bool(const AdjEntry&)>;
// (source node, its outgoing adjacency entry)
using SourcedAdjVisitor = std::function<bool(NodeId, const AdjEntry&)>;
// (node, out-degree, in-degree, self-loops), restricted as ScanDegrees says.
using DegreeVisitor = std::function<bool(NodeId, uint64_t, uint64_t, uint64_t)>;

class GraphReader {
 public:
  virtual ~GraphReader() = default;

  // Fills *out. Returns NotFound if no node has this id.
  virtual Status GetNode(NodeId id, NodeRecord* out) const = 0;
  // Fills *out. Returns NotFound if no edge has this id.
  virtual Status GetEdge(EdgeId id, EdgeRecord* out) const = 0;
  virtual bool NodeExists(NodeId id) const = 0;

  // Every node id, ascending.
  virtual Status ScanNodes(const NodeIdVisitor& visit) const = 0;
  // Node ids carrying `label`, ascending.
  virtual Status ScanNodesByLabel(std::string_view label, const NodeIdVisitor& visit) const = 0;
  // Every edge, ascending by id.
  virtual Status ScanEdges(const EdgeVisitor& visit) const = 0;

  // The edges at `node` in direction `dir`, restricted to `types` when it is non-empty.
  // Entries come ordered by (type, neighbour, edge id) for each direction. A self-loop is
  // reported once for kOut, once for kIn and twice for kBoth.
  virtual Status Expand(NodeId node, Direction dir, const std::vector<std::string>& types,
                        const AdjVisitor& visit) const = 0;
  // Number of edges Expand would report, without decoding them (stores keep per-node degree
  // records, so this is one lookup).
  virtual Result<uint64_t> Degree(NodeId node, Direction dir,
                                  const std::vector<std::string>& types) const;
  // Degree for each of `nodes` into (*out)[i] (one batched lookup in the stores).
  virtual Status Degrees(const std::vector<NodeId>& nodes, Direction dir,
                         const std::vector<std::string>& types, std::vector<uint64_t>* out) const;
  // Every relationship once, as its source's outgoing adjacency entry, ascending by id, without
  // decoding relationship properties (for building in-memory views).
  virtual Status ScanAdjacency(const SourcedAdjVisitor& visit) const;
  // The same for the relationships whose id is in [first, end) (end 0: no upper end), so that
  // several threads can read parts of the relationships at once.
  virtual Status ScanAdjacencyRange(EdgeId first, EdgeId end,
                                    const SourcedAdjVisitor& visit) const;
  // A number above every relationship id, for splitting ScanAdjacencyRange into parts; 0 when
  // the reader cannot tell cheaply.
  virtual EdgeId EdgeIdLimit() const { return 0; }
  // A number above every node id (the next id the store would give), 0 when unknown.
  virtual NodeId NodeIdLimit() const { return 0; }
  // Every node that has at least one relationship, ascending, with its out-degree counting
  // `out_types`, its in-degree counting `in_types` (empty: every type) and its self-loops whose
  // type is counted by both.
  virtual Status ScanDegrees(const std::vector<std::string>& out_types,
                             const std::vector<std::string>& in_types,
                             const DegreeVisitor& visit) const;

  // Nodes whose `name` or one of whose `aliases` equals `name`, compared case-insensitively
  // (Unicode case folding). Ascending ids.
  virtual Status FindByName(std::string_view name, std::vector<NodeId>* out) const = 0;

  virtual Result<GraphCounts> Counts() const = 0;

  // Every label, relationship type and property key ever used (for completion and hints).
  virtual std::vector<std::string> Labels() const = 0;
  virtual std::vector<std::string> RelationshipTypes() const = 0;
  virtual std::vector<std::string> PropertyKeys() const = 0;

  // Small key/value metadata (e.g. document content hashes). NotFound if absent.
  virtual Status GetMeta(std::string_view key, std::string* value) const = 0;
};

class Transaction : public GraphReader {
 public:
  // Creates a node. Labels are deduplicated and sorted; null properties are dropped.
  virtual Result<NodeId> CreateNode(const std::vector<std::string>& labels,
                                    const Properties& props) = 0;
  // Creates an edge. Returns NotFound if either endpoint is missing, InvalidArgument if
  // `type` is empty.
  virtual Result<EdgeId> CreateEdge(std::string_view type, NodeId source, NodeId target,
                                    const Properties& props) = 0;
  // Sets (or with a null value, removes) a property. NotFound if the node/edge is missing.
  virtual Status SetNodeProperty(NodeId id, std::string_view key, const PropertyValue& value) = 0;
  virtual Status SetEdgeProperty(EdgeId id, std::string_view key, const PropertyValue& value) = 0;
  virtual Status AddLabel(NodeId id, std::string_view label) = 0;
  virtual Status RemoveLabel(NodeId id, std::string_view label) = 0;
  virtual Status DeleteEdge(EdgeId id) = 0;
  // Deletes a node. With detach, its edges go too; without, a node with edges gives
  // InvalidArgument ("still has relationships").
  virtual Status DeleteNode(NodeId id, bool detach) = 0;
  virtual Status PutMeta(std::string_view key, std::string_view value) = 0;
  virtual Status DeleteMeta(std::string_view key) = 0;

  // Makes every write of this transaction durable at once. After Commit (or on destruction
  // without it, which rolls back) the transaction may not be used again.
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
};

// Appends many new nodes and edges without reading them back; everything becomes visible at
// once when Finish succeeds (one atomic ingestion), nothing if it fails or is never called.
// Holds the store's write slot like a Transaction.
class BulkWriter {
 public:
  virtual ~BulkWriter() = default;
  virtual Result<NodeId> AddNode(const std::vector<std::string>& labels,
                                 const Properties& props) = 0;
  // REQUIRES: source and target exist in the store or were added by this writer (unchecked).
  virtual Result<EdgeId> AddEdge(std::string_view type, NodeId source, NodeId target,
                                 const Properties& props) = 0;
  virtual Status Finish() = 0;
};

struct OpenOptions {
  bool read_only = false;
  bool create_if_missing = true;
};

// What `kg check` found: every problem as one line, plus what was examined.
struct CheckReport {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  uint64_t index_entries = 0;
  std::vector<std::string> problems;  // at most CheckReport::kMaxProblems are kept
  uint64_t problem_count = 0;
  static constexpr size_t kMaxProblems = 100;
};

class GraphStore : public GraphReader {
 public:
  // Verifies the store's integrity: every record decodes; adjacency holds each edge both ways and
  // nothing else; label and name indexes match the records; counts match. Returns an error only
  // when the check itself cannot run; problems go into *report.
  virtual Status Check(CheckReport* report) const = 0;
  // Starts the store's single write transaction.
  // Returns InvalidArgument for a read-only store, Busy if a transaction is already open.
  virtual Result<std::unique_ptr<Transaction>> BeginTransaction() = 0;
  // Starts a bulk load (same rules as BeginTransaction).
  virtual Result<std::unique_ptr<BulkWriter>> BeginBulkLoad() = 0;
  // Increases whenever a transaction commits; lets callers cache derived views.
  virtual uint64_t Generation() const = 0;
  // Bytes used on disk (0 for memory).
  virtual uint64_t DiskBytes() const = 0;
  virtual std::string Path() const = 0;
  virtual bool read_only() const = 0;
  // True when a read-only store's files changed after it was opened (another process committed):
  // reopen to see it. Always false for a writable or memory store.
  virtual bool ChangedOnDisk() const { return false; }
};

// An empty in-memory store (tests, `--db :memory:`).
std::unique_ptr<GraphStore> NewMemoryStore();

// Opens (creating if allowed) the RocksDB store at `path`. Errors name the path:
// Busy "database <path> is in use by another kg process" when another writer holds it,
// InvalidArgument for a schema version mismatch, IOError / Corruption otherwise.
Result<std::unique_ptr<GraphStore>> OpenRocksDbStore(const std::string& path,
                                                     const OpenOptions& options);

// Opens ":memory:" as a memory store, anything else as RocksDB.
Result<std::unique_ptr<GraphStore>> OpenStore(const std::string& path, const OpenOptions& options);

}  // namespace kg::graph
