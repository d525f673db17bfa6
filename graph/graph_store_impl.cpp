// The graph logic of kg, written once over the internal KvView/KvEngine (graph/kv.h), so the
// RocksDB store and the memory store behave identically.
//
// Meta column family keys:
//   "v"            schema version            "in" / "ie"   next node / edge id (varint)
//   "N" / "E"      node / edge count          "nL"+BE32 / "nT"+BE32   count per label / type
//   "cL"/"cT"/"cK"+name  interned id (BE32) of a label / relationship type / property key
//   "u"+key        user metadata (GetMeta/PutMeta)
// The deg column family holds one codec::StoredDegree per node with relationships, kept in step
// with the adjacency by every write (schema kg-store-2; a kg-store-1 database gets them when it
// is first opened for writing, and is read without them until then).
#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <thread>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <tuple>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/parallel.h"
#include "graph/graph_store.h"
#include "graph/key_codec.h"
#include "graph/kv.h"
#include "graph/name_fold.h"

namespace kg::graph {
namespace {

constexpr std::string_view kSchemaVersion = "kg-store-2";
constexpr std::string_view kSchemaWithoutDegrees = "kg-store-1";

enum class Kind : int { kLabel = 0, kType = 1, kKey = 2 };
constexpr char kKindChar[] = {'L', 'T', 'K'};

std::string CatalogKey(Kind k, std::string_view name) {
  std::string key = "c";
  key.push_back(kKindChar[static_cast<int>(k)]);
  key.append(name);
  return key;
}

std::string CountKey(Kind k, uint32_t id) {
  std::string key = "n";
  key.push_back(kKindChar[static_cast<int>(k)]);
  codec::PutFixed32BE(&key, id);
  return key;
}

struct Catalog {
  std::vector<std::string> names[3];
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids[3];

  const std::string* Name(Kind k, uint32_t id) const {
    const auto& v = names[static_cast<int>(k)];
    return id < v.size() ? &v[id] : nullptr;
  }
  std::optional<uint32_t> Id(Kind k, std::string_view name) const {
    const auto& m = ids[static_cast<int>(k)];
    auto it = m.find(name);
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
  void Add(Kind k, const std::string& name, uint32_t id) {
    auto& v = names[static_cast<int>(k)];
    if (v.size() <= id) v.resize(id + 1);
    v[id] = name;
    ids[static_cast<int>(k)][name] = id;
  }
};

uint64_t ParseVarint(std::string_view s) {
  uint64_t v = 0;
  codec::GetVarint64(&s, &v);
  return v;
}
std::string Varint(uint64_t v) {
  std::string s;
  codec::PutVarint64(&s, v);
  return s;
}

Status NodeNotFound(NodeId id) {
  return Status::NotFound("node " + std::to_string(id) + " does not exist");
}
Status EdgeNotFound(EdgeId id) {
  return Status::NotFound("relationship " + std::to_string(id) + " does not exist");
}

// The folded forms of a node's `name` and `aliases` (what the name index holds).
std::set<std::string> FoldedNamesOf(const codec::StoredNode& n, std::optional<uint32_t> name_id,
                                    std::optional<uint32_t> alias_id) {
  std::set<std::string> out;
  for (const auto& [k, v] : n.props) {
    if (name_id && k == *name_id && v.is_string()) {
      out.insert(FoldName(v.as_string()));
    } else if (alias_id && k == *alias_id) {
      if (v.is_string()) out.insert(FoldName(v.as_string()));
      if (v.is_list()) {
        for (const auto& a : v.as_list()) {
          if (a.is_string()) out.insert(FoldName(a.as_string()));
        }
      }
    }
  }
  out.erase("");
  return out;
}

// Read logic shared by the store and its transactions.
template <typename Base>
class ReaderImpl : public Base {
 public:
  Status GetNode(NodeId id, NodeRecord* out) const override {
    codec::StoredNode n;
    KG_RETURN_IF_ERROR(LoadNode(id, &n));
    out->id = id;
    out->labels.clear();
    for (uint32_t l : n.labels) out->labels.push_back(NameOr(Kind::kLabel, l));
    std::sort(out->labels.begin(), out->labels.end());
    out->properties.clear();
    for (auto& [k, v] : n.props) out->properties[NameOr(Kind::kKey, k)] = std::move(v);
    return Status::OK();
  }

  Status GetEdge(EdgeId id, EdgeRecord* out) const override {
    codec::StoredEdge e;
    KG_RETURN_IF_ERROR(LoadEdge(id, &e));
    out->id = id;
    out->type = NameOr(Kind::kType, e.type);
    out->source = e.source;
    out->target = e.target;
    out->properties.clear();
    for (auto& [k, v] : e.props) out->properties[NameOr(Kind::kKey, k)] = std::move(v);
    return Status::OK();
  }

  bool NodeExists(NodeId id) const override {
    std::string v;
    return view().Get(Cf::kNodes, codec::NodeKey(id), &v).ok();
  }

  Status ScanNodes(const NodeIdVisitor& visit) const override {
    return ScanRange(view(), Cf::kNodes, "", "", [&](std::string_view k, std::string_view) {
      return k.size() != 8 || visit(codec::DecodeFixed64BE(k.data()));
    });
  }

  Status ScanNodesByLabel(std::string_view label, const NodeIdVisitor& visit) const override {
    auto id = CatId(Kind::kLabel, label);
    if (!id) return Status::OK();
    return ScanPrefix(view(), Cf::kLabels, codec::LabelPrefix(*id),
                      [&](std::string_view k, std::string_view) {
                        return k.size() != 12 || visit(codec::DecodeFixed64BE(k.data() + 4));
                      });
  }

  Status ScanEdges(const EdgeVisitor& visit) const override {
    Status inner;
    Status s = ScanRange(view(), Cf::kEdges, "", "", [&](std::string_view k, std::string_view v) {
      codec::StoredEdge e;
      if (k.size() != 8) return true;
      inner = codec::DecodeEdge(v, &e);
      if (!inner.ok()) return false;
      EdgeRecord r;
      r.id = codec::DecodeFixed64BE(k.data());
      r.type = NameOr(Kind::kType, e.type);
      r.source = e.source;
      r.target = e.target;
      for (auto& [pk, pv] : e.props) r.properties[NameOr(Kind::kKey, pk)] = std::move(pv);
      return visit(r);
    });
    KG_RETURN_IF_ERROR(inner);
    return s;
  }

  Status Expand(NodeId node, Direction dir, const std::vector<std::string>& types,
                const AdjVisitor& visit) const override {
    bool stop = false;
    auto scan = [&](uint8_t d, const std::string& prefix) -> Status {
      return ScanPrefix(view(), Cf::kAdj, prefix, [&](std::string_view k, std::string_view) {
        codec::AdjKeyParts p;
        if (!codec::ParseAdjKey(k, &p)) return true;
        // A self-loop is reported once when both directions are asked for.
        if (dir == Direction::kBoth && d == 1 && p.neighbor == node) return true;
        const std::string* type = CatName(Kind::kType, p.type);
        AdjEntry e;
        e.edge = p.edge;
        e.neighbor = p.neighbor;
        e.type = type ? std::string_view(*type) : std::string_view();
        e.outgoing = d == 0;
        if (!visit(e)) stop = true;
        return !stop;
      });
    };
    for (uint8_t d = 0; d < 2 && !stop; ++d) {
      if ((d == 0 && dir == Direction::kIn) || (d == 1 && dir == Direction::kOut)) continue;
      if (types.empty()) {
        KG_RETURN_IF_ERROR(scan(d, codec::AdjPrefix(node, d)));
        continue;
      }
      std::set<uint32_t> ids;
      for (const auto& t : types) {
        if (auto id = CatId(Kind::kType, t)) ids.insert(*id);
      }
      for (uint32_t id : ids) {
        if (stop) break;
        KG_RETURN_IF_ERROR(scan(d, codec::AdjPrefix(node, d, id)));
      }
    }
    return Status::OK();
  }

  Result<uint64_t> Degree(NodeId node, Direction dir,
                          const std::vector<std::string>& types) const override {
    if (!HasDegrees()) return GraphReader::Degree(node, dir, types);
    std::string v;
    Status s = view().Get(Cf::kDeg, codec::NodeKey(node), &v);
    if (s.IsNotFound()) return uint64_t{0};
    KG_RETURN_IF_ERROR(s);
    return DegreeOf(node, v, dir, !types.empty(), TypeIds(types));
  }

  Status Degrees(const std::vector<NodeId>& nodes, Direction dir,
                 const std::vector<std::string>& types, std::vector<uint64_t>* out) const override {
    if (!HasDegrees()) return GraphReader::Degrees(nodes, dir, types, out);
    std::vector<std::string> keys;
    keys.reserve(nodes.size());
    for (NodeId n : nodes) keys.push_back(codec::NodeKey(n));
    std::vector<std::string> values;
    std::vector<Status> statuses;
    view().MultiGet(Cf::kDeg, keys, &values, &statuses);
    std::vector<uint32_t> ids = TypeIds(types);
    out->assign(nodes.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (statuses[i].IsNotFound()) continue;
      KG_RETURN_IF_ERROR(statuses[i]);
      auto d = DegreeOf(nodes[i], values[i], dir, !types.empty(), ids);
      KG_RETURN_IF_ERROR(d.status());
      (*out)[i] = *d;
    }
    return Status::OK();
  }

  Status ScanAdjacency(const SourcedAdjVisitor& visit) const override {
    return ScanAdjacencyRange(0, 0, visit);
  }

  EdgeId EdgeIdLimit() const override {
    std::string v;
    return view().Get(Cf::kMeta, "ie", &v).ok() ? ParseVarint(v) : 0;
  }
  NodeId NodeIdLimit() const override {
    std::string v;
    return view().Get(Cf::kMeta, "in", &v).ok() ? ParseVarint(v) : 0;
  }

  Status ScanAdjacencyRange(EdgeId first, EdgeId end,
                            const SourcedAdjVisitor& visit) const override {
    // The relationship records, decoding only their type and ends (one pass, no skipping).
    Status bad;
    const std::string lower = codec::EdgeKey(first);
    const std::string upper = end == 0 ? std::string() : codec::EdgeKey(end);
    Status s = ScanRange(view(), Cf::kEdges, lower, upper, [&](std::string_view k,
                                                               std::string_view v) {
      if (k.size() != 8) return true;
      uint32_t type;
      AdjEntry e;
      NodeId source;
      e.edge = codec::DecodeFixed64BE(k.data());
      if (!codec::DecodeEdgeEnds(v, &type, &source, &e.neighbor)) {
        bad = Status::Corruption("malformed record of relationship " + std::to_string(e.edge) +
                                 " (run 'kg check')");
        return false;
      }
      const std::string* name = CatName(Kind::kType, type);
      e.type = name ? std::string_view(*name) : std::string_view();
      e.outgoing = true;
      return visit(source, e);
    });
    KG_RETURN_IF_ERROR(bad);
    return s;
  }

  Status ScanDegrees(const std::vector<std::string>& out_types,
                     const std::vector<std::string>& in_types,
                     const DegreeVisitor& visit) const override {
    if (!HasDegrees()) return GraphReader::ScanDegrees(out_types, in_types, visit);
    const bool untyped = out_types.empty() && in_types.empty();
    std::vector<uint32_t> out_ids = TypeIds(out_types), in_ids = TypeIds(in_types);
    auto counted = [](const std::vector<std::string>& names, const std::vector<uint32_t>& ids,
                      uint32_t t) {
      return names.empty() || std::binary_search(ids.begin(), ids.end(), t);
    };
    Status bad;
    Status s = ScanRange(view(), Cf::kDeg, "", "", [&](std::string_view k, std::string_view v) {
      if (k.size() != 8) return true;
      NodeId node = codec::DecodeFixed64BE(k.data());
      uint64_t c[codec::StoredDegree::kSlots] = {0, 0, 0};
      if (untyped) {
        if (!codec::DecodeDegreeTotals(v, c)) {
          bad = DegreeCorrupt(node);
          return false;
        }
      } else {
        codec::StoredDegree d;
        if (!codec::DecodeDegree(v, &d).ok()) {
          bad = DegreeCorrupt(node);
          return false;
        }
        for (int slot = 0; slot < codec::StoredDegree::kSlots; ++slot) {
          for (const auto& [t, n] : d.by_type[slot]) {
            bool out_ok = counted(out_types, out_ids, t), in_ok = counted(in_types, in_ids, t);
            if ((slot == codec::StoredDegree::kOut && out_ok) ||
                (slot == codec::StoredDegree::kIn && in_ok) ||
                (slot == codec::StoredDegree::kLoop && out_ok && in_ok)) {
              c[slot] += n;
            }
          }
        }
      }
      return visit(node, c[0], c[1], c[2]);
    });
    KG_RETURN_IF_ERROR(bad);
    return s;
  }

  Status FindByName(std::string_view name, std::vector<NodeId>* out) const override {
    out->clear();
    std::string folded = FoldName(name);
    if (folded.empty()) return Status::OK();
    std::string prefix = codec::NamePrefix(folded);
    KG_RETURN_IF_ERROR(ScanPrefix(view(), Cf::kNames, prefix, [&](std::string_view k, std::string_view) {
      if (k.size() == prefix.size() + 8) out->push_back(codec::DecodeFixed64BE(k.data() + prefix.size()));
      return true;
    }));
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
    return Status::OK();
  }

  Result<GraphCounts> Counts() const override {
    GraphCounts c;
    std::string v;
    if (view().Get(Cf::kMeta, "N", &v).ok()) c.nodes = ParseVarint(v);
    if (view().Get(Cf::kMeta, "E", &v).ok()) c.edges = ParseVarint(v);
    for (Kind k : {Kind::kLabel, Kind::kType}) {
      std::string prefix = "n";
      prefix.push_back(kKindChar[static_cast<int>(k)]);
      auto& target = k == Kind::kLabel ? c.nodes_per_label : c.edges_per_type;
      KG_RETURN_IF_ERROR(ScanPrefix(view(), Cf::kMeta, prefix, [&](std::string_view key, std::string_view val) {
        if (key.size() != 6) return true;
        uint64_t n = ParseVarint(val);
        if (n > 0) target[NameOr(k, codec::DecodeFixed32BE(key.data() + 2))] = n;
        return true;
      }));
    }
    return c;
  }

  std::vector<std::string> Labels() const override { return CatAll(Kind::kLabel); }
  std::vector<std::string> RelationshipTypes() const override { return CatAll(Kind::kType); }
  std::vector<std::string> PropertyKeys() const override { return CatAll(Kind::kKey); }

  Status GetMeta(std::string_view key, std::string* value) const override {
    Status s = view().Get(Cf::kMeta, "u" + std::string(key), value);
    if (s.IsNotFound()) return Status::NotFound("no metadata '" + std::string(key) + "'");
    return s;
  }

 protected:
  virtual const KvView& view() const = 0;
  virtual const std::string* CatName(Kind k, uint32_t id) const = 0;
  virtual std::optional<uint32_t> CatId(Kind k, std::string_view name) const = 0;
  virtual std::vector<std::string> CatAll(Kind k) const = 0;
  // False for a kg-store-1 database opened read-only: degrees are then counted from adjacency.
  virtual bool HasDegrees() const = 0;

  static Status DegreeCorrupt(NodeId node) {
    return Status::Corruption("malformed degree record of node " + std::to_string(node) +
                              " (run 'kg check')");
  }

  // The degree a stored record gives for `dir`, counting only the type ids `ids` when typed.
  static Result<uint64_t> DegreeOf(NodeId node, std::string_view record, Direction dir, bool typed,
                                   const std::vector<uint32_t>& ids) {
    using D = codec::StoredDegree;
    uint64_t c[D::kSlots] = {0, 0, 0};
    if (!typed) {
      if (!codec::DecodeDegreeTotals(record, c)) return DegreeCorrupt(node);
    } else {
      D d;
      if (!codec::DecodeDegree(record, &d).ok()) return DegreeCorrupt(node);
      for (uint32_t id : ids) {
        for (int slot = 0; slot < D::kSlots; ++slot) c[slot] += d.Count(slot, id);
      }
    }
    switch (dir) {
      case Direction::kOut: return c[D::kOut];
      case Direction::kIn: return c[D::kIn];
      case Direction::kBoth: break;
    }
    return c[D::kOut] + c[D::kIn] - c[D::kLoop];
  }

  // Interned ids of the known types among `types`, ascending and distinct.
  std::vector<uint32_t> TypeIds(const std::vector<std::string>& types) const {
    std::vector<uint32_t> ids;
    for (const auto& t : types) {
      if (auto id = CatId(Kind::kType, t)) ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }

  std::string NameOr(Kind k, uint32_t id) const {
    const std::string* n = CatName(k, id);
    return n ? *n : "#" + std::to_string(id);
  }

  Status LoadNode(NodeId id, codec::StoredNode* n) const {
    std::string v;
    Status s = view().Get(Cf::kNodes, codec::NodeKey(id), &v);
    if (s.IsNotFound()) return NodeNotFound(id);
    KG_RETURN_IF_ERROR(s);
    return codec::DecodeNode(v, n).WithContext("node " + std::to_string(id));
  }
  Status LoadEdge(EdgeId id, codec::StoredEdge* e) const {
    std::string v;
    Status s = view().Get(Cf::kEdges, codec::EdgeKey(id), &v);
    if (s.IsNotFound()) return EdgeNotFound(id);
    KG_RETURN_IF_ERROR(s);
    return codec::DecodeEdge(v, e).WithContext("relationship " + std::to_string(id));
  }
};

class StoreImpl;
class AdjacencyOrder;

class BulkWriterImpl : public BulkWriter {
 public:
  BulkWriterImpl(StoreImpl* store, KvEngine* kv, const Catalog* catalog, uint64_t next_node,
                 uint64_t next_edge)
      : store_(store), kv_(kv), catalog_(catalog), next_node_(next_node),
        next_edge_(next_edge) {}
  ~BulkWriterImpl() override;

  Result<NodeId> AddNode(const std::vector<std::string>& labels,
                         const Properties& props) override {
    if (done_) return Status::InvalidArgument("the bulk load has already ended");
    codec::StoredNode n;
    for (const auto& l : labels) {
      if (l.empty()) return Status::InvalidArgument("a label may not be empty");
      n.labels.push_back(Intern(Kind::kLabel, l));
    }
    std::sort(n.labels.begin(), n.labels.end());
    n.labels.erase(std::unique(n.labels.begin(), n.labels.end()), n.labels.end());
    for (const auto& [k, v] : props) {
      if (!v.is_null()) n.props.emplace_back(Intern(Kind::kKey, k), v);
    }
    std::sort(n.props.begin(), n.props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    NodeId id = next_node_++;
    if (nodes_.Add(codec::EncodeNode(n))) KG_RETURN_IF_ERROR(SubmitFull(Cf::kNodes));
    for (uint32_t l : n.labels) {
      labels_.emplace_back(l, id);
      ++label_counts_[l];
    }
    for (auto& name : FoldedNamesOf(n, Id(Kind::kKey, "name"), Id(Kind::kKey, "aliases"))) {
      names_.emplace_back(std::move(name), id);
    }
    return id;
  }

  Result<EdgeId> AddEdge(std::string_view type, NodeId source, NodeId target,
                         const Properties& props) override {
    if (done_) return Status::InvalidArgument("the bulk load has already ended");
    if (type.empty()) return Status::InvalidArgument("a relationship type may not be empty");
    codec::StoredEdge e;
    e.type = Intern(Kind::kType, type);
    e.source = source;
    e.target = target;
    for (const auto& [k, v] : props) {
      if (!v.is_null()) e.props.emplace_back(Intern(Kind::kKey, k), v);
    }
    std::sort(e.props.begin(), e.props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    EdgeId id = next_edge_++;
    if (edges_.Add(codec::EncodeEdge(e))) KG_RETURN_IF_ERROR(SubmitFull(Cf::kEdges));
    adj_min_ = std::min({adj_min_, source, target});
    adj_max_ = std::max({adj_max_, source, target});
    ++type_counts_[e.type];
    return id;
  }

  Status Finish() override;

 private:
  // Writes the adjacency entries and degree records of the nodes in `range` of `order`
  // (defined after AdjacencyOrder).
  Status WriteAdjacency(AdjacencyOrder* order, std::pair<uint64_t, uint64_t> range,
                        KvEngine::SortedFile* adj, KvEngine::SortedFile* deg);

  std::optional<uint32_t> Id(Kind k, std::string_view name) const {
    if (auto id = catalog_->Id(k, name)) return id;
    return pending_.Id(k, name);
  }
  uint32_t Intern(Kind k, std::string_view name) {
    if (auto id = Id(k, name)) return *id;
    uint32_t id = static_cast<uint32_t>(std::max(catalog_->names[static_cast<int>(k)].size(),
                                                 pending_.names[static_cast<int>(k)].size()));
    pending_.Add(k, std::string(name), id);
    return id;
  }

  StoreImpl* store_;
  KvEngine* kv_;
  const Catalog* catalog_;
  Catalog pending_;
  uint64_t next_node_;
  uint64_t next_edge_;
  uint64_t first_node_ = next_node_;
  uint64_t first_edge_ = next_edge_;
  // Records of consecutive ids from the writer's first id on, in chunks: each chunk's values
  // end to end in one string (keys are made when written), a fraction of the memory of a
  // key/value pair each. A full chunk no longer changes, so another thread may read it.
  struct IdRecords {
    struct Chunk {
      std::string bytes;
      std::vector<uint32_t> ends;  // ends[i]: end of record i in bytes
      std::string_view Record(size_t i) const {
        const uint32_t begin = i == 0 ? 0 : ends[i - 1];
        return std::string_view(bytes).substr(begin, ends[i] - begin);
      }
    };
    static constexpr size_t kChunkRecords = 1 << 16;
    static constexpr size_t kChunkBytes = size_t{1} << 30;
    std::vector<std::unique_ptr<Chunk>> chunks;  // stable addresses
    uint64_t count = 0;
    size_t submitted = 0;              // chunks handed to the record writer
    uint64_t submitted_records = 0;    // records in those chunks
    // True when the record filled its chunk.
    bool Add(const std::string& value) {
      if (chunks.empty() || Full(*chunks.back())) chunks.push_back(std::make_unique<Chunk>());
      Chunk& c = *chunks.back();
      c.bytes += value;
      c.ends.push_back(static_cast<uint32_t>(c.bytes.size()));
      ++count;
      return Full(c);
    }
    static bool Full(const Chunk& c) {
      return c.ends.size() >= kChunkRecords || c.bytes.size() >= kChunkBytes;
    }
  };

  // Writes the chunks of node and relationship records into sorted files on a thread of its
  // own while the load goes on (their keys are consecutive ids, so they need no sorting).
  class RecordWriter {
   public:
    explicit RecordWriter(KvEngine* kv) : kv_(kv) {}
    ~RecordWriter() {  // an abandoned load: what is queued is dropped
      {
        std::lock_guard<std::mutex> lock(mu_);
        jobs_.clear();
      }
      Stop();
    }
    // Queues records [first_id, first_id + chunk's size); the chunk must stay alive and
    // unchanged until Finish. Returns the first write error so far.
    Status Submit(Cf cf, uint64_t first_id, const IdRecords::Chunk* chunk) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!status_.ok()) return status_;
      if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
      jobs_.push_back({cf, first_id, chunk});
      cv_.notify_all();
      return Status::OK();
    }
    // Waits for the queued records and hands over the files.
    Status Finish(std::vector<std::unique_ptr<KvEngine::SortedFile>>* files) {
      Stop();
      KG_RETURN_IF_ERROR(status_);
      for (auto& f : files_) {
        if (f) files->push_back(std::move(f));
      }
      return Status::OK();
    }

   private:
    struct Job {
      Cf cf;
      uint64_t first_id;
      const IdRecords::Chunk* chunk;
    };
    void Stop() {
      {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
      }
      cv_.notify_all();
      if (thread_.joinable()) thread_.join();
    }
    void Run() {
      std::string key;
      for (;;) {
        Job job;
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return !jobs_.empty() || stop_; });
          if (jobs_.empty()) return;
          job = jobs_.front();
          jobs_.pop_front();
        }
        Status s;
        auto& file = files_[job.cf == Cf::kNodes ? 0 : 1];
        if (!file) {
          auto f = kv_->NewSortedFile(job.cf);
          if (f.ok()) file = std::move(f).value();
          s = f.status();
        }
        for (size_t i = 0; s.ok() && i < job.chunk->ends.size(); ++i) {
          key.clear();
          codec::PutFixed64BE(&key, job.first_id + i);
          s = file->Put(key, job.chunk->Record(i));
        }
        if (!s.ok()) {
          std::lock_guard<std::mutex> lock(mu_);
          if (status_.ok()) status_ = s;
          jobs_.clear();
          return;
        }
      }
    }

    KvEngine* kv_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool stop_ = false;
    Status status_;
    std::unique_ptr<KvEngine::SortedFile> files_[2];  // nodes, relationships
    std::thread thread_;
  };

  // Hands the records' chunks not yet submitted to the record writer (all when `all`, else the
  // full ones).
  Status Submit(Cf cf, bool all) {
    IdRecords& r = cf == Cf::kNodes ? nodes_ : edges_;
    const uint64_t first = cf == Cf::kNodes ? first_node_ : first_edge_;
    for (; r.submitted < r.chunks.size(); ++r.submitted) {
      const IdRecords::Chunk& c = *r.chunks[r.submitted];
      if (!all && !IdRecords::Full(c)) break;
      KG_RETURN_IF_ERROR(record_writer_.Submit(cf, first + r.submitted_records, &c));
      r.submitted_records += c.ends.size();
    }
    return Status::OK();
  }
  Status SubmitFull(Cf cf) { return Submit(cf, /*all=*/false); }

  IdRecords nodes_, edges_;
  RecordWriter record_writer_{kv_};
  uint64_t adj_min_ = UINT64_MAX, adj_max_ = 0;  // smallest and largest relationship end
  std::vector<std::pair<uint32_t, NodeId>> labels_;
  std::vector<std::pair<std::string, NodeId>> names_;
  std::unordered_map<uint32_t, uint64_t> label_counts_, type_counts_;
  bool done_ = false;

  friend class StoreImpl;
  friend class AdjacencyOrder;
};

// The adjacency entries of a bulk load in key order (node, direction, type, neighbour,
// relationship), two per relationship, made from the writer's relationship records.
// The ends of a load's relationships are usually nodes with ids close together: the entries are
// then put in per-node, per-direction buckets (a counting sort over the records, 16 bytes per
// entry) and each bucket is sorted on its own, which is cache friendly and far cheaper than one
// sort of every entry. Ends spread over a range much wider than the load fall back to that sort.
class AdjacencyOrder {
 public:
  struct Entry {
    uint64_t neighbor;
    uint64_t edge;  // index of the relationship in the load
    uint32_t type;
    bool operator<(const Entry& o) const {
      return std::tie(type, neighbor, edge) < std::tie(o.type, o.neighbor, o.edge);
    }
  };

  AdjacencyOrder(const BulkWriterImpl::IdRecords& edges, uint64_t min_node, uint64_t max_node) {
    const uint64_t n = edges.count;
    if (n == 0) return;
    const uint64_t range = max_node - min_node + 1;
    base_ = min_node;
    if (n <= UINT32_MAX / 2 && range <= 2 * n + 4096) {
      BuildBuckets(edges, range);
    } else {
      BuildSorted(edges);
    }
  }
  AdjacencyOrder(const AdjacencyOrder&) = delete;
  AdjacencyOrder& operator=(const AdjacencyOrder&) = delete;

  // A part of the order: node offsets [first, second) for buckets, entry indexes for the
  // fallback sort. Halves() splits the whole into two with about as many entries each.
  using Range = std::pair<uint64_t, uint64_t>;
  std::array<Range, 2> Halves() const {
    if (sorted_mode_) {
      uint64_t mid = sorted_.size() / 2;
      while (mid > 0 && mid < sorted_.size() && sorted_[mid].node == sorted_[mid - 1].node) ++mid;
      return {Range{0, mid}, Range{mid, sorted_.size()}};
    }
    if (out_start_.empty()) return {Range{0, 0}, Range{0, 0}};
    const uint64_t nodes = out_start_.size() - 1;
    const uint64_t total = uint64_t{out_start_[nodes]} + in_start_[nodes];
    uint64_t lo = 0, hi = nodes;  // the first v with at least total / 2 entries before it
    while (lo < hi) {
      const uint64_t v = (lo + hi) / 2;
      if (uint64_t{out_start_[v]} + in_start_[v] < total / 2) {
        lo = v + 1;
      } else {
        hi = v;
      }
    }
    return {Range{0, lo}, Range{lo, nodes}};
  }

  // The next node of *range with relationships, ascending (range->first moves past it), with
  // its outgoing and incoming entries in key order; false after the range's last.
  bool NextNode(Range* range, uint64_t* node, std::vector<Entry>* out,
                std::vector<Entry>* in) const {
    out->clear();
    in->clear();
    if (sorted_mode_) return NextSorted(range, node, out, in);
    while (range->first < range->second) {
      const uint64_t v = range->first++;
      for (int dir = 0; dir < 2; ++dir) {
        const auto& start = dir == 0 ? out_start_ : in_start_;
        const auto& bucket = dir == 0 ? out_ : in_;
        auto* dst = dir == 0 ? out : in;
        for (uint32_t i = start[v]; i < start[v + 1]; ++i) {
          dst->push_back({bucket[i].neighbor, bucket[i].edge, bucket[i].type});
        }
        std::sort(dst->begin(), dst->end());
      }
      if (!out->empty() || !in->empty()) {
        *node = base_ + v;
        return true;
      }
    }
    return false;
  }

 private:
  struct Packed {  // one entry in a bucket
    uint64_t neighbor;
    uint32_t type;
    uint32_t edge;
  };
  struct Full {  // one entry of the fallback sort
    uint64_t node;
    uint64_t neighbor;
    uint64_t edge;
    uint32_t type;
    uint8_t dir;
    bool operator<(const Full& o) const {
      return std::tie(node, dir, type, neighbor, edge) <
             std::tie(o.node, o.dir, o.type, o.neighbor, o.edge);
    }
  };

  // Calls fn(index, type, source, target) for every relationship record, in order.
  template <typename Fn>
  static void ForEachEdge(const BulkWriterImpl::IdRecords& edges, Fn&& fn) {
    uint64_t index = 0;
    for (const auto& chunk : edges.chunks) {
      for (size_t i = 0; i < chunk->ends.size(); ++i, ++index) {
        uint32_t type = 0;
        uint64_t source = 0, target = 0;
        // The records were encoded by AddEdge.
        codec::DecodeEdgeEnds(chunk->Record(i), &type, &source, &target);
        fn(index, type, source, target);
      }
    }
  }

  void BuildBuckets(const BulkWriterImpl::IdRecords& edges, uint64_t range) {
    out_start_.assign(range + 1, 0);
    in_start_.assign(range + 1, 0);
    ForEachEdge(edges, [&](uint64_t, uint32_t, uint64_t s, uint64_t t) {
      ++out_start_[s - base_ + 1];
      ++in_start_[t - base_ + 1];
    });
    for (uint64_t v = 0; v < range; ++v) {
      out_start_[v + 1] += out_start_[v];
      in_start_[v + 1] += in_start_[v];
    }
    out_.resize(edges.count);
    in_.resize(edges.count);
    std::vector<uint32_t> out_fill(out_start_.begin(), out_start_.end() - 1);
    std::vector<uint32_t> in_fill(in_start_.begin(), in_start_.end() - 1);
    ForEachEdge(edges, [&](uint64_t i, uint32_t type, uint64_t s, uint64_t t) {
      out_[out_fill[s - base_]++] = {t, type, static_cast<uint32_t>(i)};
      in_[in_fill[t - base_]++] = {s, type, static_cast<uint32_t>(i)};
    });
  }

  void BuildSorted(const BulkWriterImpl::IdRecords& edges) {
    sorted_mode_ = true;
    sorted_.reserve(2 * edges.count);
    ForEachEdge(edges, [&](uint64_t i, uint32_t type, uint64_t s, uint64_t t) {
      sorted_.push_back({s, t, i, type, 0});
      sorted_.push_back({t, s, i, type, 1});
    });
    std::sort(sorted_.begin(), sorted_.end());
  }

  bool NextSorted(Range* range, uint64_t* node, std::vector<Entry>* out,
                  std::vector<Entry>* in) const {
    uint64_t& i = range->first;
    if (i >= range->second) return false;
    *node = sorted_[i].node;
    for (; i < range->second && sorted_[i].node == *node; ++i) {
      const Full& f = sorted_[i];
      (f.dir == 0 ? out : in)->push_back({f.neighbor, f.edge, f.type});
    }
    return true;
  }

  uint64_t base_ = 0;
  std::vector<uint32_t> out_start_, in_start_;  // bucket of node base_+v: [start[v], start[v+1])
  std::vector<Packed> out_, in_;
  bool sorted_mode_ = false;
  std::vector<Full> sorted_;
};

Status BulkWriterImpl::WriteAdjacency(AdjacencyOrder* order, AdjacencyOrder::Range range,
                                      KvEngine::SortedFile* adj, KvEngine::SortedFile* deg) {
  using D = codec::StoredDegree;
  uint64_t node = 0;
  std::vector<AdjacencyOrder::Entry> entries[2];  // out, in
  std::string key;
  // Nodes of earlier loads add the degrees they already have: read with one iterator in node
  // order (a few steps forward, else a seek), not a lookup per node.
  std::unique_ptr<KvIterator> stored;
  auto stored_degree = [&](NodeId n) -> std::optional<std::string_view> {
    const std::string target = codec::NodeKey(n);
    if (!stored) {
      stored = kv_->NewIterator(Cf::kDeg);
      stored->Seek(target);
    }
    for (int steps = 0; stored->Valid() && stored->key() < target; ++steps) {
      if (steps == 16) {
        stored->Seek(target);
        break;
      }
      stored->Next();
    }
    if (stored->Valid() && stored->key() == target) return stored->value();
    return std::nullopt;
  };
  while (order->NextNode(&range, &node, &entries[0], &entries[1])) {
    D d;
    for (int dir = 0; dir < 2; ++dir) {
      for (const auto& e : entries[dir]) {
        key.clear();
        codec::PutFixed64BE(&key, node);
        key.push_back(static_cast<char>(dir));
        codec::PutFixed32BE(&key, e.type);
        codec::PutFixed64BE(&key, e.neighbor);
        codec::PutFixed64BE(&key, first_edge_ + e.edge);
        KG_RETURN_IF_ERROR(adj->Put(key, ""));
        d.Add(dir == 0 ? D::kOut : D::kIn, e.type, 1);
        if (dir == 0 && e.neighbor == node) d.Add(D::kLoop, e.type, 1);
      }
    }
    std::optional<std::string_view> value;
    if (node < first_node_) value = stored_degree(node);
    if (value) {
      D old;
      if (codec::DecodeDegree(*value, &old).ok()) {
        for (int slot = 0; slot < D::kSlots; ++slot) {
          for (const auto& [t, n] : old.by_type[slot]) d.Add(slot, t, static_cast<int64_t>(n));
        }
      }
    }
    KG_RETURN_IF_ERROR(deg->Put(codec::NodeKey(node), codec::EncodeDegree(d)));
  }
  return stored ? stored->status() : Status::OK();
}

class StoreImpl;

class TxnImpl : public ReaderImpl<Transaction> {
 public:
  TxnImpl(StoreImpl* store, const KvView* base, const Catalog* catalog, uint64_t next_node,
          uint64_t next_edge)
      : store_(store), overlay_(base), catalog_(catalog), next_node_(next_node),
        next_edge_(next_edge) {}
  ~TxnImpl() override;

  Result<NodeId> CreateNode(const std::vector<std::string>& labels,
                            const Properties& props) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    codec::StoredNode n;
    for (const auto& l : labels) {
      if (l.empty()) return Status::InvalidArgument("a label may not be empty");
      n.labels.push_back(Intern(Kind::kLabel, l));
    }
    std::sort(n.labels.begin(), n.labels.end());
    n.labels.erase(std::unique(n.labels.begin(), n.labels.end()), n.labels.end());
    for (const auto& [k, v] : props) {
      if (!v.is_null()) n.props.emplace_back(Intern(Kind::kKey, k), v);
    }
    SortProps(&n.props);
    NodeId id = next_node_++;
    WriteNode(id, nullptr, n);
    AddCount("N", 1);
    known_nodes_.insert(id);
    return id;
  }

  Result<EdgeId> CreateEdge(std::string_view type, NodeId source, NodeId target,
                            const Properties& props) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    if (type.empty()) return Status::InvalidArgument("a relationship type may not be empty");
    if (!KnownNode(source)) return NodeNotFound(source);
    if (!KnownNode(target)) return NodeNotFound(target);
    codec::StoredEdge e;
    e.type = Intern(Kind::kType, type);
    e.source = source;
    e.target = target;
    for (const auto& [k, v] : props) {
      if (!v.is_null()) e.props.emplace_back(Intern(Kind::kKey, k), v);
    }
    SortProps(&e.props);
    EdgeId id = next_edge_++;
    overlay_.Put(Cf::kEdges, codec::EdgeKey(id), codec::EncodeEdge(e));
    overlay_.Put(Cf::kAdj, codec::AdjKey(source, 0, e.type, target, id), "");
    overlay_.Put(Cf::kAdj, codec::AdjKey(target, 1, e.type, source, id), "");
    AdjustDegrees(source, target, e.type, 1);
    AddCount("E", 1);
    AddCount(CountKey(Kind::kType, e.type), 1);
    return id;
  }

  Status SetNodeProperty(NodeId id, std::string_view key, const PropertyValue& value) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    codec::StoredNode old;
    KG_RETURN_IF_ERROR(LoadNode(id, &old));
    codec::StoredNode n = old;
    SetProp(&n.props, key, value);
    WriteNode(id, &old, n);
    return Status::OK();
  }

  Status SetEdgeProperty(EdgeId id, std::string_view key, const PropertyValue& value) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    codec::StoredEdge e;
    KG_RETURN_IF_ERROR(LoadEdge(id, &e));
    SetProp(&e.props, key, value);
    overlay_.Put(Cf::kEdges, codec::EdgeKey(id), codec::EncodeEdge(e));
    return Status::OK();
  }

  Status AddLabel(NodeId id, std::string_view label) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    if (label.empty()) return Status::InvalidArgument("a label may not be empty");
    codec::StoredNode old;
    KG_RETURN_IF_ERROR(LoadNode(id, &old));
    uint32_t l = Intern(Kind::kLabel, label);
    if (std::binary_search(old.labels.begin(), old.labels.end(), l)) return Status::OK();
    codec::StoredNode n = old;
    n.labels.insert(std::lower_bound(n.labels.begin(), n.labels.end(), l), l);
    WriteNode(id, &old, n);
    return Status::OK();
  }

  Status RemoveLabel(NodeId id, std::string_view label) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    codec::StoredNode old;
    KG_RETURN_IF_ERROR(LoadNode(id, &old));
    auto l = CatId(Kind::kLabel, label);
    if (!l || !std::binary_search(old.labels.begin(), old.labels.end(), *l)) return Status::OK();
    codec::StoredNode n = old;
    n.labels.erase(std::lower_bound(n.labels.begin(), n.labels.end(), *l));
    WriteNode(id, &old, n);
    return Status::OK();
  }

  Status DeleteEdge(EdgeId id) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    codec::StoredEdge e;
    KG_RETURN_IF_ERROR(LoadEdge(id, &e));
    overlay_.Delete(Cf::kEdges, codec::EdgeKey(id));
    overlay_.Delete(Cf::kAdj, codec::AdjKey(e.source, 0, e.type, e.target, id));
    overlay_.Delete(Cf::kAdj, codec::AdjKey(e.target, 1, e.type, e.source, id));
    AdjustDegrees(e.source, e.target, e.type, -1);
    AddCount("E", -1);
    AddCount(CountKey(Kind::kType, e.type), -1);
    return Status::OK();
  }

  Status DeleteNode(NodeId id, bool detach) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    codec::StoredNode old;
    KG_RETURN_IF_ERROR(LoadNode(id, &old));
    std::set<EdgeId> edges;
    KG_RETURN_IF_ERROR(ScanPrefix(overlay_, Cf::kAdj, codec::NodeKey(id),
                                  [&](std::string_view k, std::string_view) {
                                    codec::AdjKeyParts p;
                                    if (codec::ParseAdjKey(k, &p)) edges.insert(p.edge);
                                    return true;
                                  }));
    if (!edges.empty() && !detach) {
      return Status::InvalidArgument("node " + std::to_string(id) + " still has " +
                                     std::to_string(edges.size()) +
                                     " relationship(s); delete them first or use DETACH DELETE");
    }
    for (EdgeId e : edges) KG_RETURN_IF_ERROR(DeleteEdge(e));
    for (uint32_t l : old.labels) {
      overlay_.Delete(Cf::kLabels, codec::LabelKey(l, id));
      AddCount(CountKey(Kind::kLabel, l), -1);
    }
    for (const auto& name : FoldedNames(old)) overlay_.Delete(Cf::kNames, codec::NameKey(name, id));
    overlay_.Delete(Cf::kNodes, codec::NodeKey(id));
    AddCount("N", -1);
    known_nodes_.erase(id);
    return Status::OK();
  }

  Status PutMeta(std::string_view key, std::string_view value) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    overlay_.Put(Cf::kMeta, "u" + std::string(key), std::string(value));
    return Status::OK();
  }
  Status DeleteMeta(std::string_view key) override {
    KG_RETURN_IF_ERROR(CheckOpen());
    overlay_.Delete(Cf::kMeta, "u" + std::string(key));
    return Status::OK();
  }

  // Counts and degrees with this transaction's changes (kept aside until read or committed).
  Result<GraphCounts> Counts() const override {
    const_cast<TxnImpl*>(this)->FlushCounts();
    return ReaderImpl<Transaction>::Counts();
  }
  Result<uint64_t> Degree(NodeId node, Direction dir,
                          const std::vector<std::string>& types) const override {
    const_cast<TxnImpl*>(this)->FlushDegrees();
    return ReaderImpl<Transaction>::Degree(node, dir, types);
  }
  Status Degrees(const std::vector<NodeId>& nodes, Direction dir,
                 const std::vector<std::string>& types, std::vector<uint64_t>* out) const override {
    const_cast<TxnImpl*>(this)->FlushDegrees();
    return ReaderImpl<Transaction>::Degrees(nodes, dir, types, out);
  }
  Status ScanDegrees(const std::vector<std::string>& out_types,
                     const std::vector<std::string>& in_types,
                     const DegreeVisitor& visit) const override {
    const_cast<TxnImpl*>(this)->FlushDegrees();
    return ReaderImpl<Transaction>::ScanDegrees(out_types, in_types, visit);
  }

  Status Commit() override;
  void Rollback() override;

 protected:
  const KvView& view() const override { return overlay_; }
  const std::string* CatName(Kind k, uint32_t id) const override {
    if (const std::string* n = catalog_->Name(k, id)) {
      if (!n->empty()) return n;
    }
    return pending_.Name(k, id);
  }
  std::optional<uint32_t> CatId(Kind k, std::string_view name) const override {
    if (auto id = catalog_->Id(k, name)) return id;
    return pending_.Id(k, name);
  }
  bool HasDegrees() const override { return true; }
  EdgeId EdgeIdLimit() const override { return next_edge_; }
  NodeId NodeIdLimit() const override { return next_node_; }
  std::vector<std::string> CatAll(Kind k) const override {
    std::vector<std::string> out;
    for (const auto* c : {catalog_, &pending_}) {
      for (const auto& n : c->names[static_cast<int>(k)]) {
        if (!n.empty()) out.push_back(n);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  friend class StoreImpl;

  Status CheckOpen() const {
    if (done_) return Status::InvalidArgument("the transaction has already ended");
    return Status::OK();
  }

  uint32_t Intern(Kind k, std::string_view name) {
    if (auto id = CatId(k, name)) return *id;
    uint32_t id = static_cast<uint32_t>(std::max(catalog_->names[static_cast<int>(k)].size(),
                                                 pending_.names[static_cast<int>(k)].size()));
    pending_.Add(k, std::string(name), id);
    std::string v;
    codec::PutFixed32BE(&v, id);
    overlay_.Put(Cf::kMeta, CatalogKey(k, name), v);
    return id;
  }

  // Counter changes are summed here and written once per key (FlushCounts), not read and
  // rewritten on every node and relationship.
  void AddCount(const std::string& key, int64_t delta) { count_deltas_[key] += delta; }

  void FlushCounts() {
    for (const auto& [key, delta] : count_deltas_) {
      if (delta == 0) continue;
      std::string v;
      int64_t n = 0;
      if (overlay_.Get(Cf::kMeta, key, &v).ok()) n = static_cast<int64_t>(ParseVarint(v));
      n += delta;
      if (n < 0) n = 0;
      overlay_.Put(Cf::kMeta, key, Varint(static_cast<uint64_t>(n)));
    }
    count_deltas_.clear();
  }

  // NodeExists, remembering the nodes this transaction created or already found.
  bool KnownNode(NodeId id) {
    if (known_nodes_.count(id)) return true;
    if (!NodeExists(id)) return false;
    known_nodes_.insert(id);
    return true;
  }

  // Counts (or uncounts, delta -1) a relationship source -[type]-> target in both degree
  // records. The changes are queued per node and applied in order, one read and one write of
  // each record (FlushDegrees), instead of a read-modify-write per relationship.
  void AdjustDegrees(NodeId source, NodeId target, uint32_t type, int64_t delta) {
    using D = codec::StoredDegree;
    if (source == target) {
      auto& q = deg_deltas_[source];
      for (int slot : {D::kOut, D::kIn, D::kLoop}) q.push_back({slot, type, delta});
    } else {
      deg_deltas_[source].push_back({D::kOut, type, delta});
      deg_deltas_[target].push_back({D::kIn, type, delta});
    }
  }

  void FlushDegrees() {
    for (const auto& [node, changes] : deg_deltas_) {
      codec::StoredDegree d;
      std::string v;
      std::string key = codec::NodeKey(node);
      if (overlay_.Get(Cf::kDeg, key, &v).ok() && !codec::DecodeDegree(v, &d).ok()) {
        d = codec::StoredDegree();  // a damaged record is rebuilt from here on ('kg check' saw it)
      }
      for (const DegreeDelta& c : changes) d.Add(c.slot, c.type, c.delta);
      if (d.empty()) {
        overlay_.Delete(Cf::kDeg, std::move(key));
      } else {
        overlay_.Put(Cf::kDeg, std::move(key), codec::EncodeDegree(d));
      }
    }
    deg_deltas_.clear();
  }

  static void SortProps(std::vector<std::pair<uint32_t, PropertyValue>>* props) {
    std::sort(props->begin(), props->end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  void SetProp(std::vector<std::pair<uint32_t, PropertyValue>>* props, std::string_view key,
               const PropertyValue& value) {
    if (value.is_null()) {
      auto id = CatId(Kind::kKey, key);
      if (!id) return;
      props->erase(std::remove_if(props->begin(), props->end(),
                                  [&](const auto& p) { return p.first == *id; }),
                   props->end());
      return;
    }
    uint32_t id = Intern(Kind::kKey, key);
    for (auto& p : *props) {
      if (p.first == id) {
        p.second = value;
        return;
      }
    }
    props->emplace_back(id, value);
    SortProps(props);
  }

  std::set<std::string> FoldedNames(const codec::StoredNode& n) const {
    return FoldedNamesOf(n, CatId(Kind::kKey, "name"), CatId(Kind::kKey, "aliases"));
  }

  // Writes node `id` as `n`, updating label and name indexes against `old` (null if new).
  void WriteNode(NodeId id, const codec::StoredNode* old, const codec::StoredNode& n) {
    static const std::vector<uint32_t> kNone;
    const auto& old_labels = old ? old->labels : kNone;
    for (uint32_t l : old_labels) {
      if (!std::binary_search(n.labels.begin(), n.labels.end(), l)) {
        overlay_.Delete(Cf::kLabels, codec::LabelKey(l, id));
        AddCount(CountKey(Kind::kLabel, l), -1);
      }
    }
    for (uint32_t l : n.labels) {
      if (!std::binary_search(old_labels.begin(), old_labels.end(), l)) {
        overlay_.Put(Cf::kLabels, codec::LabelKey(l, id), "");
        AddCount(CountKey(Kind::kLabel, l), 1);
      }
    }
    std::set<std::string> old_names = old ? FoldedNames(*old) : std::set<std::string>();
    std::set<std::string> new_names = FoldedNames(n);
    for (const auto& s : old_names) {
      if (!new_names.count(s)) overlay_.Delete(Cf::kNames, codec::NameKey(s, id));
    }
    for (const auto& s : new_names) {
      if (!old_names.count(s)) overlay_.Put(Cf::kNames, codec::NameKey(s, id), "");
    }
    overlay_.Put(Cf::kNodes, codec::NodeKey(id), codec::EncodeNode(n));
  }

  StoreImpl* store_;
  KvOverlay overlay_;
  const Catalog* catalog_;
  Catalog pending_;
  uint64_t next_node_;
  uint64_t next_edge_;
  bool done_ = false;
  std::unordered_map<std::string, int64_t> count_deltas_;
  struct DegreeDelta {
    int slot;
    uint32_t type;
    int64_t delta;
  };
  std::map<NodeId, std::vector<DegreeDelta>> deg_deltas_;  // ascending: sorted overlay writes
  std::unordered_set<NodeId> known_nodes_;  // exist in this transaction's view
};

class StoreImpl : public ReaderImpl<GraphStore> {
 public:
  explicit StoreImpl(std::unique_ptr<KvEngine> kv) : kv_(std::move(kv)) {}

  Status Init() {
    std::string v;
    Status s = kv_->Get(Cf::kMeta, "v", &v);
    if (s.ok() && v == kSchemaWithoutDegrees) {
      if (kv_->read_only()) {
        has_degrees_ = false;
      } else {
        KG_RETURN_IF_ERROR(AddDegreeRecords());
      }
    } else if (s.ok()) {
      if (v != kSchemaVersion) {
        return Status::InvalidArgument("database " + kv_->Path() + " has schema version '" + v +
                                       "' but this kg reads '" + std::string(kSchemaVersion) +
                                       "'; re-create it with a matching kg version");
      }
    } else if (s.IsNotFound()) {
      bool empty = true;
      KG_RETURN_IF_ERROR(ScanPrefix(*kv_, Cf::kMeta, "", [&](std::string_view, std::string_view) {
        empty = false;
        return false;
      }));
      if (!empty) {
        return Status::Corruption("database " + kv_->Path() + " has no schema version record");
      }
      if (!kv_->read_only()) {
        PendingWrites w[kNumCf];
        w[0]["v"] = std::string(kSchemaVersion);
        KG_RETURN_IF_ERROR(kv_->Commit(w));
      }
    } else {
      return s;
    }
    for (Kind k : {Kind::kLabel, Kind::kType, Kind::kKey}) {
      std::string prefix = CatalogKey(k, "");
      KG_RETURN_IF_ERROR(ScanPrefix(*kv_, Cf::kMeta, prefix, [&](std::string_view key, std::string_view val) {
        if (val.size() == 4) {
          catalog_.Add(k, std::string(key.substr(prefix.size())), codec::DecodeFixed32BE(val.data()));
        }
        return true;
      }));
    }
    return Status::OK();
  }

  // Upgrades a kg-store-1 database: derives every node's degree record from the adjacency and
  // writes them with the new schema version in one batch.
  Status AddDegreeRecords() {
    PendingWrites w[kNumCf];
    auto& deg = w[static_cast<int>(Cf::kDeg)];
    codec::StoredDegree d;
    NodeId node = 0;
    using D = codec::StoredDegree;
    KG_RETURN_IF_ERROR(ScanPrefix(*kv_, Cf::kAdj, "", [&](std::string_view k, std::string_view) {
      codec::AdjKeyParts p;
      if (!codec::ParseAdjKey(k, &p) || p.dir > 1) return true;
      if (p.node != node && !d.empty()) {
        deg[codec::NodeKey(node)] = codec::EncodeDegree(d);
        d = D();
      }
      node = p.node;
      d.Add(p.dir == 0 ? D::kOut : D::kIn, p.type, 1);
      if (p.dir == 0 && p.neighbor == p.node) d.Add(D::kLoop, p.type, 1);
      return true;
    }));
    if (!d.empty()) deg[codec::NodeKey(node)] = codec::EncodeDegree(d);
    w[static_cast<int>(Cf::kMeta)]["v"] = std::string(kSchemaVersion);
    return kv_->Commit(w);
  }

  // Takes the store's single write slot and reads the next node and edge ids.
  Status ClaimWriteSlot(uint64_t* next_node, uint64_t* next_edge) {
    if (kv_->read_only()) {
      return Status::InvalidArgument("database " + kv_->Path() + " is open read-only");
    }
    if (txn_open_) return Status::Busy("another transaction is already open on this database");
    std::string v;
    *next_node = kv_->Get(Cf::kMeta, "in", &v).ok() ? ParseVarint(v) : 1;
    *next_edge = kv_->Get(Cf::kMeta, "ie", &v).ok() ? ParseVarint(v) : 1;
    txn_open_ = true;
    return Status::OK();
  }

  Result<std::unique_ptr<Transaction>> BeginTransaction() override {
    uint64_t next_node = 0, next_edge = 0;
    KG_RETURN_IF_ERROR(ClaimWriteSlot(&next_node, &next_edge));
    return std::unique_ptr<Transaction>(
        std::make_unique<TxnImpl>(this, kv_.get(), &catalog_, next_node, next_edge));
  }

  Result<std::unique_ptr<BulkWriter>> BeginBulkLoad() override {
    uint64_t next_node = 0, next_edge = 0;
    KG_RETURN_IF_ERROR(ClaimWriteSlot(&next_node, &next_edge));
    return std::unique_ptr<BulkWriter>(
        std::make_unique<BulkWriterImpl>(this, kv_.get(), &catalog_, next_node, next_edge));
  }

  // Every record of a bulk load goes into sorted files, then one atomic Ingest adds them.
  // The node and relationship records were written during the load (RecordWriter); the rest
  // is written here on two threads: first the adjacency order is built beside the small column
  // families, then the adjacency is written in two node ranges of about equal size, each with
  // its nodes' degree records.
  Status FinishBulk(BulkWriterImpl* b) {
    const uint64_t nodes = b->next_node_ - b->first_node_;
    const uint64_t edges = b->next_edge_ - b->first_edge_;
    if (nodes == 0 && edges == 0) return Status::OK();
    KG_RETURN_IF_ERROR(b->Submit(Cf::kNodes, /*all=*/true));
    KG_RETURN_IF_ERROR(b->Submit(Cf::kEdges, /*all=*/true));

    std::map<std::string, std::string> meta;
    auto add_count = [&](const std::string& key, uint64_t delta) {
      std::string v;
      uint64_t n = kv_->Get(Cf::kMeta, key, &v).ok() ? ParseVarint(v) : 0;
      meta[key] = Varint(n + delta);
    };
    add_count("N", nodes);
    add_count("E", edges);
    for (const auto& [l, n] : b->label_counts_) add_count(CountKey(Kind::kLabel, l), n);
    for (const auto& [t, n] : b->type_counts_) add_count(CountKey(Kind::kType, t), n);
    for (int k = 0; k < 3; ++k) {
      const auto& names = b->pending_.names[k];
      for (uint32_t id = 0; id < names.size(); ++id) {
        if (names[id].empty()) continue;
        std::string v;
        codec::PutFixed32BE(&v, id);
        meta[CatalogKey(static_cast<Kind>(k), names[id])] = v;
      }
    }
    meta["in"] = Varint(b->next_node_);
    meta["ie"] = Varint(b->next_edge_);

    // Each task writes files into slots of its own; every status is checked after the join.
    std::vector<std::unique_ptr<KvEngine::SortedFile>> files(7);
    Status status[2];
    auto open = [&](Cf cf, size_t slot) -> Status {
      auto f = kv_->NewSortedFile(cf);
      if (!f.ok()) return f.status();
      files[slot] = std::move(f).value();
      return Status::OK();
    };
    auto small_cfs = [&]() -> Status {
      KG_RETURN_IF_ERROR(open(Cf::kMeta, 0));
      for (const auto& [k, v] : meta) KG_RETURN_IF_ERROR(files[0]->Put(k, v));
      std::sort(b->labels_.begin(), b->labels_.end());
      KG_RETURN_IF_ERROR(open(Cf::kLabels, 1));
      for (const auto& [label, node] : b->labels_) {
        KG_RETURN_IF_ERROR(files[1]->Put(codec::LabelKey(label, node), ""));
      }
      std::sort(b->names_.begin(), b->names_.end());
      b->names_.erase(std::unique(b->names_.begin(), b->names_.end()), b->names_.end());
      KG_RETURN_IF_ERROR(open(Cf::kNames, 2));
      for (const auto& [name, node] : b->names_) {
        KG_RETURN_IF_ERROR(files[2]->Put(codec::NameKey(name, node), ""));
      }
      return Status::OK();
    };
    std::unique_ptr<AdjacencyOrder> order;
    RunParallel(2, [&](size_t t) {
      if (t == 0) {
        order = std::make_unique<AdjacencyOrder>(b->edges_, b->adj_min_, b->adj_max_);
      } else {
        status[1] = small_cfs();
      }
    });
    KG_RETURN_IF_ERROR(status[1]);
    const auto halves = order->Halves();
    RunParallel(2, [&](size_t t) {
      const size_t adj_slot = 3 + 2 * t, deg_slot = 4 + 2 * t;
      status[t] = open(Cf::kAdj, adj_slot);
      if (status[t].ok()) status[t] = open(Cf::kDeg, deg_slot);
      if (status[t].ok()) {
        status[t] = b->WriteAdjacency(order.get(), halves[t], files[adj_slot].get(),
                                      files[deg_slot].get());
      }
    });
    order.reset();
    KG_RETURN_IF_ERROR(status[0]);
    KG_RETURN_IF_ERROR(status[1]);
    KG_RETURN_IF_ERROR(b->record_writer_.Finish(&files));
    files.erase(std::remove(files.begin(), files.end(), nullptr), files.end());
    KG_RETURN_IF_ERROR(kv_->Ingest(std::move(files)));
    for (int k = 0; k < 3; ++k) {
      const auto& names = b->pending_.names[k];
      for (uint32_t id = 0; id < names.size(); ++id) {
        if (!names[id].empty()) catalog_.Add(static_cast<Kind>(k), names[id], id);
      }
    }
    generation_.fetch_add(1);
    return Status::OK();
  }

  Status Check(CheckReport* report) const override;

  // Untyped degrees come from an in-memory table once this store has answered many degree
  // lookups at the current generation (a table costs one scan of the degree records; a query
  // that walks a hub's neighbourhood asks for tens of thousands).
  Result<uint64_t> Degree(NodeId node, Direction dir,
                          const std::vector<std::string>& types) const override {
    if (types.empty()) {
      if (auto table = DegreeTableFor(1)) return table->Get(node, dir);
    }
    return ReaderImpl<GraphStore>::Degree(node, dir, types);
  }
  Status Degrees(const std::vector<NodeId>& nodes, Direction dir,
                 const std::vector<std::string>& types, std::vector<uint64_t>* out) const override {
    if (types.empty()) {
      if (auto table = DegreeTableFor(nodes.size())) {
        out->resize(nodes.size());
        for (size_t i = 0; i < nodes.size(); ++i) (*out)[i] = table->Get(nodes[i], dir);
        return Status::OK();
      }
    }
    return ReaderImpl<GraphStore>::Degrees(nodes, dir, types, out);
  }

  // Counts are read by every counting plan: kept until the next commit.
  Result<GraphCounts> Counts() const override {
    std::lock_guard<std::mutex> lock(table_mu_);
    uint64_t gen = generation_.load();
    if (counts_ && counts_generation_ == gen) return *counts_;
    auto c = ReaderImpl<GraphStore>::Counts();
    if (!c.ok()) return c;
    counts_ = std::make_shared<const GraphCounts>(*c);
    counts_generation_ = gen;
    return c;
  }

  Status ScanDegrees(const std::vector<std::string>& out_types,
                     const std::vector<std::string>& in_types,
                     const DegreeVisitor& visit) const override {
    if (out_types.empty() && in_types.empty()) {
      if (auto table = DegreeTableFor(0, /*whole_scan=*/true)) {
        for (size_t i = 0; i < table->out.size(); ++i) {
          if ((table->out[i] != 0 || table->in[i] != 0) &&
              !visit(table->base + i, table->out[i], table->in[i], table->loops[i])) {
            break;
          }
        }
        return Status::OK();
      }
    }
    return ReaderImpl<GraphStore>::ScanDegrees(out_types, in_types, visit);
  }

  uint64_t Generation() const override { return generation_.load(); }
  uint64_t DiskBytes() const override { return kv_->DiskBytes(); }
  std::string Path() const override { return kv_->Path(); }
  bool read_only() const override { return kv_->read_only(); }
  bool ChangedOnDisk() const override { return kv_->ChangedOnDisk(); }

  Status CommitTxn(TxnImpl* txn) {
    if (txn->overlay_.empty()) return Status::OK();
    txn->overlay_.Put(Cf::kMeta, "in", Varint(txn->next_node_));
    txn->overlay_.Put(Cf::kMeta, "ie", Varint(txn->next_edge_));
    KG_RETURN_IF_ERROR(kv_->Commit(txn->overlay_.pending()));
    for (int k = 0; k < 3; ++k) {
      const auto& names = txn->pending_.names[k];
      for (uint32_t id = 0; id < names.size(); ++id) {
        if (!names[id].empty()) catalog_.Add(static_cast<Kind>(k), names[id], id);
      }
    }
    generation_.fetch_add(1);
    return Status::OK();
  }
  void EndTxn() { txn_open_ = false; }

 protected:
  const KvView& view() const override { return *kv_; }
  const std::string* CatName(Kind k, uint32_t id) const override { return catalog_.Name(k, id); }
  bool HasDegrees() const override { return has_degrees_; }
  std::optional<uint32_t> CatId(Kind k, std::string_view name) const override {
    return catalog_.Id(k, name);
  }
  std::vector<std::string> CatAll(Kind k) const override {
    std::vector<std::string> out;
    for (const auto& n : catalog_.names[static_cast<int>(k)]) {
      if (!n.empty()) out.push_back(n);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  struct DegreeTable {
    uint64_t generation = 0;
    NodeId base = 0;
    std::vector<uint32_t> out, in, loops;  // index node - base
    uint64_t Get(NodeId node, Direction dir) const {
      if (node < base || node - base >= out.size()) return 0;
      size_t i = node - base;
      return dir == Direction::kOut ? out[i] : dir == Direction::kIn ? in[i] : out[i] + in[i] - loops[i];
    }
  };

  // The degree table of the current generation, building it when `more` lookups take this
  // generation's total past a sixteenth of the node count (a lookup costs about ten times what
  // scanning one record does, so the table pays for itself); null while it is not worth it. A
  // whole scan of the degree records counts as one lookup per node.
  std::shared_ptr<const DegreeTable> DegreeTableFor(size_t more, bool whole_scan = false) const {
    if (!has_degrees_) return nullptr;
    std::lock_guard<std::mutex> lock(table_mu_);
    uint64_t gen = generation_.load();
    if (table_ && table_->generation == gen) return table_;
    if (lookups_generation_ != gen) {
      lookups_generation_ = gen;
      lookups_ = 0;
      table_refused_ = false;
      table_.reset();
      std::string v;  // read once per generation, not on every lookup
      table_nodes_ = kv_->Get(Cf::kMeta, "N", &v).ok() ? ParseVarint(v) : 0;
    }
    const uint64_t nodes = table_nodes_;
    lookups_ += whole_scan ? nodes : more;
    if (table_refused_) return nullptr;
    if (lookups_ < std::max<uint64_t>(2048, nodes / 16)) return nullptr;
    auto t = std::make_shared<DegreeTable>();
    t->generation = gen;
    t->out.reserve(nodes);
    t->in.reserve(nodes);
    t->loops.reserve(nodes);
    bool first = true;
    bool too_sparse = false;
    Status s = ReaderImpl<GraphStore>::ScanDegrees(
        {}, {}, [&](NodeId node, uint64_t out, uint64_t in, uint64_t loops) {
      if (first) {
        t->base = node;
        first = false;
      }
      size_t i = node - t->base;
      // Ids are dense in practice; a table far larger than the node count is not worth it.
      if (i >= 4 * nodes + 1024 || out > UINT32_MAX || in > UINT32_MAX) {
        too_sparse = true;
        return false;
      }
      if (i >= t->out.size()) {
        t->out.resize(i + 1);
        t->in.resize(i + 1);
        t->loops.resize(i + 1);
      }
      t->out[i] = static_cast<uint32_t>(out);
      t->in[i] = static_cast<uint32_t>(in);
      t->loops[i] = static_cast<uint32_t>(loops);
      return true;
    });
    if (!s.ok() || too_sparse) {
      table_refused_ = true;  // not again at this generation
      return nullptr;
    }
    table_ = std::move(t);
    return table_;
  }

  std::unique_ptr<KvEngine> kv_;
  Catalog catalog_;
  std::atomic<uint64_t> generation_{0};
  mutable std::mutex table_mu_;
  mutable std::shared_ptr<const DegreeTable> table_;
  mutable uint64_t lookups_generation_ = UINT64_MAX;  // none yet: the first call reads the counts
  mutable uint64_t table_nodes_ = 0;
  mutable uint64_t lookups_ = 0;
  mutable bool table_refused_ = false;
  mutable std::shared_ptr<const GraphCounts> counts_;
  mutable uint64_t counts_generation_ = 0;
  bool txn_open_ = false;
  bool has_degrees_ = true;
};

TxnImpl::~TxnImpl() {
  if (!done_) Rollback();
}

Status StoreImpl::Check(CheckReport* report) const {
  auto problem = [&](std::string msg) {
    if (report->problems.size() < CheckReport::kMaxProblems) report->problems.push_back(std::move(msg));
    ++report->problem_count;
  };
  const KvView& kv = *kv_;
  auto exists = [&](Cf cf, const std::string& key) {
    std::string v;
    return kv.Get(cf, key, &v).ok();
  };
  std::map<uint32_t, uint64_t> label_counts, type_counts;
  auto name_id = catalog_.Id(Kind::kKey, "name");
  auto alias_id = catalog_.Id(Kind::kKey, "aliases");
  // Nodes: decode, and their label and name entries exist.
  KG_RETURN_IF_ERROR(ScanPrefix(kv, Cf::kNodes, "", [&](std::string_view k, std::string_view v) {
    if (k.size() != 8) {
      problem("nodes: malformed key of " + std::to_string(k.size()) + " bytes");
      return true;
    }
    NodeId id = codec::DecodeFixed64BE(k.data());
    ++report->nodes;
    codec::StoredNode n;
    if (Status s = codec::DecodeNode(v, &n); !s.ok()) {
      problem("node " + std::to_string(id) + ": " + s.message());
      return true;
    }
    for (uint32_t l : n.labels) {
      ++label_counts[l];
      if (!catalog_.Name(Kind::kLabel, l)) problem("node " + std::to_string(id) + ": unknown label id " + std::to_string(l));
      if (!exists(Cf::kLabels, codec::LabelKey(l, id))) {
        problem("node " + std::to_string(id) + ": missing from the index of label :" + NameOr(Kind::kLabel, l));
      }
    }
    for (const auto& name : FoldedNamesOf(n, name_id, alias_id)) {
      if (!exists(Cf::kNames, codec::NameKey(name, id))) {
        problem("node " + std::to_string(id) + ": name '" + name + "' missing from the name index");
      }
    }
    return true;
  }));
  // Edges: decode, endpoints exist, both adjacency entries exist.
  KG_RETURN_IF_ERROR(ScanPrefix(kv, Cf::kEdges, "", [&](std::string_view k, std::string_view v) {
    if (k.size() != 8) {
      problem("edges: malformed key of " + std::to_string(k.size()) + " bytes");
      return true;
    }
    EdgeId id = codec::DecodeFixed64BE(k.data());
    ++report->edges;
    codec::StoredEdge e;
    if (Status s = codec::DecodeEdge(v, &e); !s.ok()) {
      problem("relationship " + std::to_string(id) + ": " + s.message());
      return true;
    }
    ++type_counts[e.type];
    std::string rel = "relationship " + std::to_string(id);
    if (!exists(Cf::kNodes, codec::NodeKey(e.source))) problem(rel + ": source node " + std::to_string(e.source) + " does not exist");
    if (!exists(Cf::kNodes, codec::NodeKey(e.target))) problem(rel + ": target node " + std::to_string(e.target) + " does not exist");
    if (!exists(Cf::kAdj, codec::AdjKey(e.source, 0, e.type, e.target, id))) problem(rel + ": missing from the outgoing adjacency of node " + std::to_string(e.source));
    if (!exists(Cf::kAdj, codec::AdjKey(e.target, 1, e.type, e.source, id))) problem(rel + ": missing from the incoming adjacency of node " + std::to_string(e.target));
    return true;
  }));
  // Index entries point at records that agree with them; degree records count them.
  std::map<NodeId, codec::StoredDegree> degrees;
  KG_RETURN_IF_ERROR(ScanPrefix(kv, Cf::kAdj, "", [&](std::string_view k, std::string_view) {
    ++report->index_entries;
    codec::AdjKeyParts p;
    std::string v;
    codec::StoredEdge e;
    if (!codec::ParseAdjKey(k, &p) || p.dir > 1) {
      problem("adjacency: malformed entry");
      return true;
    }
    using D = codec::StoredDegree;
    degrees[p.node].Add(p.dir == 0 ? D::kOut : D::kIn, p.type, 1);
    if (p.dir == 0 && p.neighbor == p.node) degrees[p.node].Add(D::kLoop, p.type, 1);
    if (!kv.Get(Cf::kEdges, codec::EdgeKey(p.edge), &v).ok() || !codec::DecodeEdge(v, &e).ok()) {
      problem("adjacency of node " + std::to_string(p.node) + ": relationship " + std::to_string(p.edge) + " does not exist");
    } else if (e.type != p.type || (p.dir == 0 ? (e.source != p.node || e.target != p.neighbor)
                                               : (e.target != p.node || e.source != p.neighbor))) {
      problem("adjacency of node " + std::to_string(p.node) + ": entry for relationship " + std::to_string(p.edge) + " disagrees with the relationship");
    }
    return true;
  }));
  if (has_degrees_) {
    KG_RETURN_IF_ERROR(ScanPrefix(kv, Cf::kDeg, "", [&](std::string_view k, std::string_view v) {
      ++report->index_entries;
      if (k.size() != 8) {
        problem("degree records: malformed key");
        return true;
      }
      NodeId id = codec::DecodeFixed64BE(k.data());
      auto it = degrees.find(id);
      codec::StoredDegree d;
      if (!codec::DecodeDegree(v, &d).ok()) {
        problem("degree record of node " + std::to_string(id) + ": malformed");
      } else if (it == degrees.end()) {
        problem("degree record of node " + std::to_string(id) + ": the node has no relationships");
      } else if (codec::EncodeDegree(d) != codec::EncodeDegree(it->second)) {
        problem("degree record of node " + std::to_string(id) + ": says out " +
                std::to_string(d.total[0]) + " / in " + std::to_string(d.total[1]) +
                ", adjacency holds out " + std::to_string(it->second.total[0]) + " / in " +
                std::to_string(it->second.total[1]));
      }
      if (it != degrees.end()) degrees.erase(it);
      return true;
    }));
    for (const auto& [id, d] : degrees) {
      problem("degree record of node " + std::to_string(id) + ": missing (adjacency holds out " +
              std::to_string(d.total[0]) + " / in " + std::to_string(d.total[1]) + ")");
    }
  }
  KG_RETURN_IF_ERROR(ScanPrefix(kv, Cf::kLabels, "", [&](std::string_view k, std::string_view) {
    ++report->index_entries;
    if (k.size() != 12) {
      problem("label index: malformed entry");
      return true;
    }
    uint32_t l = codec::DecodeFixed32BE(k.data());
    NodeId id = codec::DecodeFixed64BE(k.data() + 4);
    codec::StoredNode n;
    if (!LoadNode(id, &n).ok() || !std::binary_search(n.labels.begin(), n.labels.end(), l)) {
      problem("label index: node " + std::to_string(id) + " listed under :" + NameOr(Kind::kLabel, l) + " but has no such label");
    }
    return true;
  }));
  KG_RETURN_IF_ERROR(ScanPrefix(kv, Cf::kNames, "", [&](std::string_view k, std::string_view) {
    ++report->index_entries;
    size_t zero = k.find('\0');
    if (zero == std::string_view::npos || k.size() != zero + 9) {
      problem("name index: malformed entry");
      return true;
    }
    std::string name(k.substr(0, zero));
    NodeId id = codec::DecodeFixed64BE(k.data() + zero + 1);
    codec::StoredNode n;
    if (!LoadNode(id, &n).ok() || !FoldedNamesOf(n, name_id, alias_id).count(name)) {
      problem("name index: '" + name + "' points at node " + std::to_string(id) + ", which has no such name or alias");
    }
    return true;
  }));
  // Counts.
  auto counts = Counts();
  if (!counts.ok()) return counts.status();
  if (counts->nodes != report->nodes) problem("node count says " + std::to_string(counts->nodes) + ", records hold " + std::to_string(report->nodes));
  if (counts->edges != report->edges) problem("relationship count says " + std::to_string(counts->edges) + ", records hold " + std::to_string(report->edges));
  for (const auto& [l, n] : label_counts) {
    auto it = counts->nodes_per_label.find(NameOr(Kind::kLabel, l));
    uint64_t stored = it == counts->nodes_per_label.end() ? 0 : it->second;
    if (stored != n) problem("count of :" + NameOr(Kind::kLabel, l) + " nodes says " + std::to_string(stored) + ", records hold " + std::to_string(n));
  }
  for (const auto& [t, n] : type_counts) {
    auto it = counts->edges_per_type.find(NameOr(Kind::kType, t));
    uint64_t stored = it == counts->edges_per_type.end() ? 0 : it->second;
    if (stored != n) problem("count of :" + NameOr(Kind::kType, t) + " relationships says " + std::to_string(stored) + ", records hold " + std::to_string(n));
  }
  return Status::OK();
}

BulkWriterImpl::~BulkWriterImpl() {
  if (!done_) store_->EndTxn();
}

Status BulkWriterImpl::Finish() {
  if (done_) return Status::InvalidArgument("the bulk load has already ended");
  done_ = true;
  Status s = store_->FinishBulk(this);
  store_->EndTxn();
  return s;
}

Status TxnImpl::Commit() {
  KG_RETURN_IF_ERROR(CheckOpen());
  FlushCounts();
  FlushDegrees();
  Status s = store_->CommitTxn(this);
  done_ = true;
  overlay_.Clear();
  store_->EndTxn();
  return s;
}

void TxnImpl::Rollback() {
  if (done_) return;
  done_ = true;
  overlay_.Clear();
  store_->EndTxn();
}

}  // namespace

Result<uint64_t> GraphReader::Degree(NodeId node, Direction dir,
                                     const std::vector<std::string>& types) const {
  uint64_t n = 0;
  KG_RETURN_IF_ERROR(Expand(node, dir, types, [&](const AdjEntry&) {
    ++n;
    return true;
  }));
  return n;
}

Status GraphReader::Degrees(const std::vector<NodeId>& nodes, Direction dir,
                            const std::vector<std::string>& types,
                            std::vector<uint64_t>* out) const {
  out->assign(nodes.size(), 0);
  for (size_t i = 0; i < nodes.size(); ++i) {
    auto d = Degree(nodes[i], dir, types);
    KG_RETURN_IF_ERROR(d.status());
    (*out)[i] = *d;
  }
  return Status::OK();
}

Status GraphReader::ScanAdjacency(const SourcedAdjVisitor& visit) const {
  bool stop = false;
  Status inner;
  Status s = ScanNodes([&](NodeId node) {
    inner = Expand(node, Direction::kOut, {}, [&](const AdjEntry& e) {
      stop = !visit(node, e);
      return !stop;
    });
    return inner.ok() && !stop;
  });
  KG_RETURN_IF_ERROR(inner);
  return s;
}

Status GraphReader::ScanAdjacencyRange(EdgeId first, EdgeId end,
                                       const SourcedAdjVisitor& visit) const {
  return ScanAdjacency([&](NodeId source, const AdjEntry& e) {
    return e.edge < first || (end != 0 && e.edge >= end) || visit(source, e);
  });
}

Status GraphReader::ScanDegrees(const std::vector<std::string>& out_types,
                                const std::vector<std::string>& in_types,
                                const DegreeVisitor& visit) const {
  Status inner;
  auto counted = [](const std::vector<std::string>& types, std::string_view t) {
    return types.empty() || std::find(types.begin(), types.end(), t) != types.end();
  };
  Status s = ScanNodes([&](NodeId node) {
    uint64_t out = 0, in = 0, loops = 0;
    bool any = false;
    inner = Expand(node, Direction::kBoth, {}, [&](const AdjEntry& e) {
      any = true;
      bool loop = e.neighbor == node;  // reported once, as outgoing
      if (e.outgoing && counted(out_types, e.type)) ++out;
      if ((!e.outgoing || loop) && counted(in_types, e.type)) ++in;
      if (loop && counted(out_types, e.type) && counted(in_types, e.type)) ++loops;
      return true;
    });
    if (!inner.ok()) return false;
    return !any || visit(node, out, in, loops);
  });
  KG_RETURN_IF_ERROR(inner);
  return s;
}

std::unique_ptr<GraphStore> NewMemoryStore() {
  auto store = std::make_unique<StoreImpl>(NewMemoryKv());
  Status s = store->Init();
  KG_ASSERT(s.ok());
  return store;
}

Result<std::unique_ptr<GraphStore>> OpenRocksDbStore(const std::string& path,
                                                     const OpenOptions& options) {
  auto kv = OpenRocksDbKv(path, options);
  if (!kv.ok()) return kv.status();
  auto store = std::make_unique<StoreImpl>(std::move(kv).value());
  KG_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<GraphStore>(std::move(store));
}

Result<std::unique_ptr<GraphStore>> OpenStore(const std::string& path, const OpenOptions& options) {
  if (path == ":memory:") return NewMemoryStore();
  return OpenRocksDbStore(path, options);
}

}  // namespace kg::graph
