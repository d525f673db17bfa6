#include "ingest/graph_writer.h"

#include <array>
#include <cstdint>
#include <map>
#include <sstream>
#include <unordered_map>

namespace kg::ingest {
namespace {

using graph::NodeId;
using graph::PropertyValue;

constexpr std::array<uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void Block(const unsigned char* p, std::array<uint32_t, 8>* h) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = (uint32_t{p[4 * i]} << 24) | (uint32_t{p[4 * i + 1]} << 16) |
           (uint32_t{p[4 * i + 2]} << 8) | uint32_t{p[4 * i + 3]};
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = (*h)[0], b = (*h)[1], c = (*h)[2], d = (*h)[3], e = (*h)[4], f = (*h)[5],
           g = (*h)[6], hh = (*h)[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t s1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = hh + s1 + ch + kK[i] + w[i];
    uint32_t s0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
    uint32_t mj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = s0 + mj;
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  (*h)[0] += a;
  (*h)[1] += b;
  (*h)[2] += c;
  (*h)[3] += d;
  (*h)[4] += e;
  (*h)[5] += f;
  (*h)[6] += g;
  (*h)[7] += hh;
}

std::string MetaDoc(const std::string& id) { return "ingest/doc/" + id; }
std::string MetaSha(const std::string& sha) { return "ingest/sha/" + sha; }
std::string MetaEdges(const std::string& id) { return "ingest/edges/" + id; }
std::string MetaNode(const std::string& id) { return "ingest/node/" + id; }

std::vector<uint64_t> ParseIds(const std::string& s) {
  std::vector<uint64_t> out;
  std::istringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(std::stoull(item));
  }
  return out;
}

bool HasLabel(const graph::NodeRecord& n, std::string_view label) {
  for (const std::string& l : n.labels) {
    if (l == label) return true;
  }
  return false;
}

class Writer {
 public:
  Writer(graph::Transaction& tx, WriteStats* stats) : tx_(tx), stats_(stats) {}

  // The node for an entity: an existing node with the same name and label, else a new one.
  // Aliases and a missing title are merged into an existing node.
  Result<NodeId> EntityNode(const ExtractedEntity& e) {
    std::string label(EntityLabelName(e.label));
    std::vector<NodeId> found;
    KG_RETURN_IF_ERROR(tx_.FindByName(e.name, &found));
    for (NodeId id : found) {
      graph::NodeRecord rec;
      KG_RETURN_IF_ERROR(tx_.GetNode(id, &rec));
      if (!HasLabel(rec, label)) continue;
      PropertyValue::List aliases;
      auto it = rec.properties.find("aliases");
      if (it != rec.properties.end() && it->second.is_list()) aliases = it->second.as_list();
      bool changed = false;
      for (const std::string& a : e.aliases) {
        PropertyValue v(a);
        if (std::find(aliases.begin(), aliases.end(), v) == aliases.end()) {
          aliases.push_back(v);
          changed = true;
        }
      }
      if (changed) KG_RETURN_IF_ERROR(tx_.SetNodeProperty(id, "aliases", PropertyValue(aliases)));
      if (!e.title.empty() && rec.properties.find("title") == rec.properties.end()) {
        KG_RETURN_IF_ERROR(tx_.SetNodeProperty(id, "title", PropertyValue(e.title)));
      }
      return id;
    }
    graph::Properties props;
    props["name"] = e.name;
    if (!e.aliases.empty()) {
      PropertyValue::List aliases;
      for (const std::string& a : e.aliases) aliases.emplace_back(a);
      props["aliases"] = PropertyValue(aliases);
    }
    if (!e.title.empty()) props["title"] = e.title;
    Result<NodeId> id = tx_.CreateNode({label}, props);
    if (id.ok()) ++stats_->entities_created;
    return id;
  }

  // A Concept node for a phrase argument, shared by name.
  Result<NodeId> ConceptNode(const std::string& name) {
    auto cached = concepts_.find(name);
    if (cached != concepts_.end()) return cached->second;
    std::vector<NodeId> found;
    KG_RETURN_IF_ERROR(tx_.FindByName(name, &found));
    for (NodeId id : found) {
      graph::NodeRecord rec;
      KG_RETURN_IF_ERROR(tx_.GetNode(id, &rec));
      if (HasLabel(rec, "Concept")) {
        concepts_[name] = id;
        return id;
      }
    }
    Result<NodeId> id = tx_.CreateNode({"Concept"}, {{"name", PropertyValue(name)}});
    if (id.ok()) {
      ++stats_->entities_created;
      concepts_[name] = *id;
    }
    return id;
  }

 private:
  graph::Transaction& tx_;
  WriteStats* stats_;
  std::map<std::string, NodeId> concepts_;
};

}  // namespace

std::string Sha256Hex(std::string_view data) {
  std::array<uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  size_t i = 0;
  for (; i + 64 <= n; i += 64) Block(p + i, &h);
  unsigned char tail[128] = {};
  size_t rest = n - i;
  for (size_t k = 0; k < rest; ++k) tail[k] = p[i + k];
  tail[rest] = 0x80;
  size_t len = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = static_cast<uint64_t>(n) * 8;
  for (int k = 0; k < 8; ++k) tail[len - 1 - k] = static_cast<unsigned char>(bits >> (8 * k));
  Block(tail, &h);
  if (len == 128) Block(tail + 64, &h);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (uint32_t v : h) {
    for (int k = 28; k >= 0; k -= 4) out.push_back(kHex[(v >> k) & 0xF]);
  }
  return out;
}

Result<DocumentState> CheckDocument(const graph::GraphReader& store, const Document& doc,
                                    const std::string& sha) {
  std::string value;
  Status s = store.GetMeta(MetaSha(sha), &value);
  if (s.ok()) return DocumentState::kUnchanged;
  if (!s.IsNotFound()) return s;
  s = store.GetMeta(MetaDoc(doc.id), &value);
  if (s.ok()) return value == sha ? DocumentState::kUnchanged : DocumentState::kChanged;
  if (!s.IsNotFound()) return s;
  return DocumentState::kNew;
}

namespace {

std::string MetaParts(const std::string& id) { return "ingest/parts/" + id; }
std::string MetaPartEdges(const std::string& id, int part) {
  return "ingest/edges/" + id + "#" + std::to_string(part);
}

graph::Properties DocumentProperties(const Document& doc, const std::string& sha,
                                     size_t sentences) {
  graph::Properties dprops = {{"id", PropertyValue(doc.id)},
                              {"title", PropertyValue(doc.title)},
                              {"path", PropertyValue(doc.path)},
                              {"sha256", PropertyValue(sha)},
                              {"sentences", PropertyValue(static_cast<int64_t>(sentences))}};
  if (!doc.url.empty()) dprops["url"] = doc.url;
  if (!doc.date.empty()) dprops["date"] = doc.date;
  return dprops;
}

std::string JoinIds(const std::vector<uint64_t>& ids) {
  std::string out;
  for (uint64_t e : ids) out += std::to_string(e) + ",";
  return out;
}

// Deletes the relationships listed under `key` and the key itself.
Status DeleteListed(graph::Transaction& tx, const std::string& key, WriteStats* stats) {
  std::string edges;
  Status g = tx.GetMeta(key, &edges);
  if (g.IsNotFound()) return Status::OK();
  KG_RETURN_IF_ERROR(g);
  for (uint64_t e : ParseIds(edges)) {
    Status s = tx.DeleteEdge(e);
    if (s.ok()) {
      ++stats->relationships_removed;
    } else if (!s.IsNotFound()) {
      return s;
    }
  }
  return tx.DeleteMeta(key);
}

// Deletes what a long document's unfinished parts wrote (an ingest stopped between them).
Status DeleteParts(graph::Transaction& tx, const std::string& id, WriteStats* stats) {
  std::string n;
  Status g = tx.GetMeta(MetaParts(id), &n);
  if (g.IsNotFound()) return Status::OK();
  KG_RETURN_IF_ERROR(g);
  for (int part = 0; part < std::stoi(n); ++part) {
    KG_RETURN_IF_ERROR(DeleteListed(tx, MetaPartEdges(id, part), stats));
  }
  return tx.DeleteMeta(MetaParts(id));
}

// The MENTIONS relationships a document has so far: node -> (relationship, raw count).
using MentionTable = std::unordered_map<NodeId, std::pair<graph::EdgeId, int64_t>>;

// Writes the relationships of `x` and the document's MENTIONS (new ones, or a higher count on
// one an earlier part of the document wrote); new relationship ids go to *evidence.
Status WriteFacts(graph::Transaction& tx, const Document& doc, NodeId doc_node,
                  const Extraction& x, WriteStats* stats, MentionTable* table,
                  std::vector<uint64_t>* evidence) {
  Writer w(tx, stats);
  std::vector<NodeId> entity_nodes(x.entities.size(), 0);
  std::vector<int> mentions(x.entities.size(), 0);
  auto node_for = [&](const Argument& a) -> Result<NodeId> {
    if (a.entity >= 0 && a.entity < static_cast<int>(x.entities.size())) {
      ++mentions[a.entity];
      if (entity_nodes[a.entity] == 0) {
        Result<NodeId> id = w.EntityNode(x.entities[a.entity]);
        if (!id.ok()) return id.status();
        entity_nodes[a.entity] = *id;
      }
      return entity_nodes[a.entity];
    }
    return w.ConceptNode(a.text);
  };
  for (const ExtractedTriple& t : x.triples) {
    if (t.kind == TripleKind::kMinor) continue;
    if (t.kind == TripleKind::kTitle) {
      Result<NodeId> s = node_for(t.subject);  // the title itself is a node property
      if (!s.ok()) return s.status();
      continue;
    }
    Result<NodeId> s = node_for(t.subject);
    if (!s.ok()) return s.status();
    Result<NodeId> o = node_for(t.object);
    if (!o.ok()) return o.status();
    graph::Properties p = {
        {"doc", PropertyValue(doc.id)},
        {"sentence", PropertyValue(static_cast<int64_t>(t.sentence + 1))},
        {"span_begin", PropertyValue(static_cast<int64_t>(t.begin))},
        {"span_end", PropertyValue(static_cast<int64_t>(t.end))},
        {"confidence", PropertyValue(t.confidence)},
        {"negated", PropertyValue(t.qualifiers.negated)},
        {"hedged", PropertyValue(t.qualifiers.hedged)}};
    if (t.end <= doc.text.size() && t.begin <= t.end) {
      p["sentence_text"] = doc.text.substr(t.begin, t.end - t.begin);
    }
    if (!t.qualifiers.modality.empty()) p["modality"] = t.qualifiers.modality;
    if (!t.qualifiers.time.empty()) p["time"] = t.qualifiers.time;
    if (!t.qualifiers.attributed_to.empty()) p["attributed_to"] = t.qualifiers.attributed_to;
    Result<graph::EdgeId> e = tx.CreateEdge(t.relation, *s, *o, p);
    if (!e.ok()) return e.status();
    evidence->push_back(*e);
    ++stats->relationships;
  }
  // Every entity the document names, used in a triple or not: one MENTIONS relationship per
  // node, in order of first mention.
  std::vector<NodeId> order;
  std::unordered_map<NodeId, int64_t> counts;
  for (size_t i = 0; i < x.entities.size(); ++i) {
    if (entity_nodes[i] == 0) {
      Result<NodeId> id = w.EntityNode(x.entities[i]);
      if (!id.ok()) return id.status();
      entity_nodes[i] = *id;
    }
    auto [it, fresh] = counts.emplace(entity_nodes[i], 0);
    if (fresh) order.push_back(entity_nodes[i]);
    it->second += mentions[i];
  }
  for (NodeId n : order) {
    auto known = table->find(n);
    if (known != table->end()) {
      known->second.second += counts[n];
      KG_RETURN_IF_ERROR(tx.SetEdgeProperty(
          known->second.first, "count", PropertyValue(std::max<int64_t>(1, known->second.second))));
      continue;
    }
    Result<graph::EdgeId> e = tx.CreateEdge(
        "MENTIONS", doc_node, n,
        {{"doc", PropertyValue(doc.id)},
         {"count", PropertyValue(std::max<int64_t>(1, counts[n]))}});
    if (!e.ok()) return e.status();
    evidence->push_back(*e);
    (*table)[n] = {*e, counts[n]};
  }
  return Status::OK();
}

}  // namespace

Result<WriteStats> WriteDocument(graph::GraphStore& store, const Document& doc,
                                 const std::string& sha, size_t sentences, const Extraction& x) {
  WriteStats stats;
  Result<DocumentState> state = CheckDocument(store, doc, sha);
  if (!state.ok()) return state.status();
  if (*state == DocumentState::kUnchanged) return stats;
  Result<std::unique_ptr<graph::Transaction>> txr = store.BeginTransaction();
  if (!txr.ok()) return txr.status();
  graph::Transaction& tx = **txr;

  // The document node, and the previous version's evidence removed.
  graph::Properties dprops = DocumentProperties(doc, sha, sentences);
  NodeId doc_node = 0;
  std::string value;
  if (tx.GetMeta(MetaNode(doc.id), &value).ok() && tx.NodeExists(std::stoull(value))) {
    doc_node = std::stoull(value);
    stats.replaced = true;
    KG_RETURN_IF_ERROR(DeleteListed(tx, MetaEdges(doc.id), &stats));
    KG_RETURN_IF_ERROR(DeleteParts(tx, doc.id, &stats));
    std::string old_sha;
    if (tx.GetMeta(MetaDoc(doc.id), &old_sha).ok()) KG_RETURN_IF_ERROR(tx.DeleteMeta(MetaSha(old_sha)));
    for (const auto& [k, v] : dprops) KG_RETURN_IF_ERROR(tx.SetNodeProperty(doc_node, k, v));
    KG_RETURN_IF_ERROR(tx.SetNodeProperty(doc_node, "partial", PropertyValue()));
  } else {
    Result<NodeId> id = tx.CreateNode({"Document"}, dprops);
    if (!id.ok()) return id.status();
    doc_node = *id;
  }
  MentionTable table;
  std::vector<uint64_t> evidence;
  KG_RETURN_IF_ERROR(WriteFacts(tx, doc, doc_node, x, &stats, &table, &evidence));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaEdges(doc.id), JoinIds(evidence)));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaNode(doc.id), std::to_string(doc_node)));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaDoc(doc.id), sha));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaSha(sha), doc.id));
  KG_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

struct LongDocumentWriter::State {
  NodeId doc_node = 0;
  bool created = false;          // the document node is new (Abandon deletes it)
  int parts = 0;
  MentionTable mentions;
  std::vector<uint64_t> evidence;  // every part's new relationships
};

LongDocumentWriter::LongDocumentWriter(graph::GraphStore& store, const Document& doc,
                                       std::string sha)
    : store_(store), doc_(doc), sha_(std::move(sha)), state_(std::make_unique<State>()) {}
LongDocumentWriter::~LongDocumentWriter() = default;

Status LongDocumentWriter::WritePart(const Extraction& x) {
  Result<std::unique_ptr<graph::Transaction>> txr = store_.BeginTransaction();
  if (!txr.ok()) return txr.status();
  graph::Transaction& tx = **txr;
  State& st = *state_;
  if (st.parts == 0) {
    std::string value;
    if (tx.GetMeta(MetaNode(doc_.id), &value).ok() && tx.NodeExists(std::stoull(value))) {
      st.doc_node = std::stoull(value);
      // What an earlier, unfinished ingest of this document wrote goes now; the previous
      // complete version stays until the last part.
      KG_RETURN_IF_ERROR(DeleteParts(tx, doc_.id, &stats_));
    } else {
      graph::Properties dprops = DocumentProperties(doc_, sha_, 0);
      dprops["partial"] = PropertyValue(true);
      Result<NodeId> id = tx.CreateNode({"Document"}, dprops);
      if (!id.ok()) return id.status();
      st.doc_node = *id;
      st.created = true;
      KG_RETURN_IF_ERROR(tx.PutMeta(MetaNode(doc_.id), std::to_string(st.doc_node)));
    }
  }
  std::vector<uint64_t> evidence;
  KG_RETURN_IF_ERROR(WriteFacts(tx, doc_, st.doc_node, x, &stats_, &st.mentions, &evidence));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaPartEdges(doc_.id, st.parts), JoinIds(evidence)));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaParts(doc_.id), std::to_string(st.parts + 1)));
  KG_RETURN_IF_ERROR(tx.Commit());
  ++st.parts;
  st.evidence.insert(st.evidence.end(), evidence.begin(), evidence.end());
  return Status::OK();
}

Result<WriteStats> LongDocumentWriter::Finish(size_t sentences) {
  Result<std::unique_ptr<graph::Transaction>> txr = store_.BeginTransaction();
  if (!txr.ok()) return txr.status();
  graph::Transaction& tx = **txr;
  State& st = *state_;
  if (!st.created) {  // the previous version's evidence goes now
    stats_.replaced = true;
    KG_RETURN_IF_ERROR(DeleteListed(tx, MetaEdges(doc_.id), &stats_));
    std::string old_sha;
    if (tx.GetMeta(MetaDoc(doc_.id), &old_sha).ok()) KG_RETURN_IF_ERROR(tx.DeleteMeta(MetaSha(old_sha)));
  }
  for (const auto& [k, v] : DocumentProperties(doc_, sha_, sentences)) {
    KG_RETURN_IF_ERROR(tx.SetNodeProperty(st.doc_node, k, v));
  }
  KG_RETURN_IF_ERROR(tx.SetNodeProperty(st.doc_node, "partial", PropertyValue()));
  for (int part = 0; part < st.parts; ++part) {
    KG_RETURN_IF_ERROR(tx.DeleteMeta(MetaPartEdges(doc_.id, part)));
  }
  KG_RETURN_IF_ERROR(tx.DeleteMeta(MetaParts(doc_.id)));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaEdges(doc_.id), JoinIds(st.evidence)));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaNode(doc_.id), std::to_string(st.doc_node)));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaDoc(doc_.id), sha_));
  KG_RETURN_IF_ERROR(tx.PutMeta(MetaSha(sha_), doc_.id));
  KG_RETURN_IF_ERROR(tx.Commit());
  return stats_;
}

Status LongDocumentWriter::Abandon() {
  State& st = *state_;
  if (st.parts == 0) return Status::OK();
  Result<std::unique_ptr<graph::Transaction>> txr = store_.BeginTransaction();
  if (!txr.ok()) return txr.status();
  graph::Transaction& tx = **txr;
  WriteStats ignored;
  KG_RETURN_IF_ERROR(DeleteParts(tx, doc_.id, &ignored));
  if (st.created) {
    KG_RETURN_IF_ERROR(tx.DeleteNode(st.doc_node, /*detach=*/true));
    KG_RETURN_IF_ERROR(tx.DeleteMeta(MetaNode(doc_.id)));
  }
  KG_RETURN_IF_ERROR(tx.Commit());
  st.parts = 0;
  return Status::OK();
}

}  // namespace kg::ingest
