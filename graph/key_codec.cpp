#include "graph/key_codec.h"

#include <algorithm>

#include <cstring>

namespace kg::graph::codec {

void PutFixed32BE(std::string* dst, uint32_t v) {
  char buf[4];
  for (int i = 3; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  dst->append(buf, 4);
}

void PutFixed64BE(std::string* dst, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  dst->append(buf, 8);
}

uint32_t DecodeFixed32BE(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

uint64_t DecodeFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

void PutVarint64(std::string* dst, uint64_t v) {
  while (v >= 0x80) {
    dst->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  dst->push_back(static_cast<char>(v));
}

bool GetVarint64(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

namespace {
enum Tag : uint8_t { kNull = 0, kFalse = 1, kTrue = 2, kInt = 3, kDouble = 4, kString = 5, kList = 6 };
constexpr int kMaxListDepth = 64;

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }
}  // namespace

void EncodeValue(std::string* dst, const PropertyValue& v) {
  switch (v.data.index()) {
    case 0: dst->push_back(static_cast<char>(kNull)); break;
    case 1: dst->push_back(static_cast<char>(v.as_bool() ? kTrue : kFalse)); break;
    case 2:
      dst->push_back(static_cast<char>(kInt));
      PutVarint64(dst, ZigZag(v.as_int()));
      break;
    case 3: {
      dst->push_back(static_cast<char>(kDouble));
      uint64_t bits;
      double d = v.as_double();
      std::memcpy(&bits, &d, sizeof bits);
      PutFixed64BE(dst, bits);
      break;
    }
    case 4:
      dst->push_back(static_cast<char>(kString));
      PutVarint64(dst, v.as_string().size());
      dst->append(v.as_string());
      break;
    case 5:
      dst->push_back(static_cast<char>(kList));
      PutVarint64(dst, v.as_list().size());
      for (const auto& e : v.as_list()) EncodeValue(dst, e);
      break;
  }
}

bool DecodeValue(std::string_view* in, PropertyValue* v, int depth) {
  if (in->empty() || depth > kMaxListDepth) return false;
  uint8_t tag = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  switch (tag) {
    case kNull: *v = PropertyValue(); return true;
    case kFalse: *v = PropertyValue(false); return true;
    case kTrue: *v = PropertyValue(true); return true;
    case kInt: {
      uint64_t u;
      if (!GetVarint64(in, &u)) return false;
      *v = PropertyValue(UnZigZag(u));
      return true;
    }
    case kDouble: {
      if (in->size() < 8) return false;
      uint64_t bits = DecodeFixed64BE(in->data());
      in->remove_prefix(8);
      double d;
      std::memcpy(&d, &bits, sizeof d);
      *v = PropertyValue(d);
      return true;
    }
    case kString: {
      uint64_t n;
      if (!GetVarint64(in, &n) || n > in->size()) return false;
      *v = PropertyValue(std::string(in->substr(0, n)));
      in->remove_prefix(n);
      return true;
    }
    case kList: {
      uint64_t n;
      if (!GetVarint64(in, &n) || n > in->size()) return false;
      PropertyValue::List list;
      list.reserve(n);
      for (uint64_t i = 0; i < n; ++i) {
        PropertyValue e;
        if (!DecodeValue(in, &e, depth + 1)) return false;
        list.push_back(std::move(e));
      }
      *v = PropertyValue(std::move(list));
      return true;
    }
    default: return false;
  }
}

namespace {
void EncodeProps(std::string* dst, const std::vector<std::pair<uint32_t, PropertyValue>>& props) {
  PutVarint64(dst, props.size());
  for (const auto& [k, v] : props) {
    PutVarint64(dst, k);
    EncodeValue(dst, v);
  }
}
bool DecodeProps(std::string_view* in, std::vector<std::pair<uint32_t, PropertyValue>>* props) {
  uint64_t n;
  if (!GetVarint64(in, &n) || n > in->size()) return false;
  props->clear();
  props->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t k;
    PropertyValue v;
    if (!GetVarint64(in, &k) || k > UINT32_MAX || !DecodeValue(in, &v)) return false;
    props->emplace_back(static_cast<uint32_t>(k), std::move(v));
  }
  return true;
}
}  // namespace

std::string EncodeNode(const StoredNode& n) {
  std::string out;
  PutVarint64(&out, n.labels.size());
  for (uint32_t l : n.labels) PutVarint64(&out, l);
  EncodeProps(&out, n.props);
  return out;
}

Status DecodeNode(std::string_view in, StoredNode* out) {
  uint64_t n;
  if (!GetVarint64(&in, &n) || n > in.size()) return Status::Corruption("malformed node record");
  out->labels.clear();
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t l;
    if (!GetVarint64(&in, &l) || l > UINT32_MAX) return Status::Corruption("malformed node labels");
    out->labels.push_back(static_cast<uint32_t>(l));
  }
  if (!DecodeProps(&in, &out->props) || !in.empty()) {
    return Status::Corruption("malformed node properties");
  }
  return Status::OK();
}

std::string EncodeEdge(const StoredEdge& e) {
  std::string out;
  PutVarint64(&out, e.type);
  PutVarint64(&out, e.source);
  PutVarint64(&out, e.target);
  EncodeProps(&out, e.props);
  return out;
}

bool DecodeEdgeEnds(std::string_view in, uint32_t* type, uint64_t* source, uint64_t* target) {
  uint64_t t;
  if (!GetVarint64(&in, &t) || t > UINT32_MAX || !GetVarint64(&in, source) ||
      !GetVarint64(&in, target)) {
    return false;
  }
  *type = static_cast<uint32_t>(t);
  return true;
}

Status DecodeEdge(std::string_view in, StoredEdge* out) {
  uint64_t t;
  if (!GetVarint64(&in, &t) || t > UINT32_MAX || !GetVarint64(&in, &out->source) ||
      !GetVarint64(&in, &out->target)) {
    return Status::Corruption("malformed edge record");
  }
  out->type = static_cast<uint32_t>(t);
  if (!DecodeProps(&in, &out->props) || !in.empty()) {
    return Status::Corruption("malformed edge properties");
  }
  return Status::OK();
}

uint64_t StoredDegree::Count(int slot, uint32_t type) const {
  const auto& v = by_type[slot];
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(type, uint64_t{0}));
  return it != v.end() && it->first == type ? it->second : 0;
}

void StoredDegree::Add(int slot, uint32_t type, int64_t delta) {
  auto& v = by_type[slot];
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(type, uint64_t{0}));
  if (it == v.end() || it->first != type) {
    if (delta <= 0) return;
    it = v.insert(it, {type, 0});
  }
  int64_t before = static_cast<int64_t>(it->second);
  int64_t after = std::max<int64_t>(0, before + delta);
  it->second = static_cast<uint64_t>(after);
  total[slot] = static_cast<uint64_t>(
      std::max<int64_t>(0, static_cast<int64_t>(total[slot]) + (after - before)));
  if (after == 0) v.erase(it);
}

std::string EncodeDegree(const StoredDegree& d) {
  std::string out;
  for (int slot = 0; slot < StoredDegree::kSlots; ++slot) {
    PutVarint64(&out, d.total[slot]);
    PutVarint64(&out, d.by_type[slot].size());
    for (const auto& [t, n] : d.by_type[slot]) {
      PutVarint64(&out, t);
      PutVarint64(&out, n);
    }
  }
  return out;
}

Status DecodeDegree(std::string_view in, StoredDegree* out) {
  for (int slot = 0; slot < StoredDegree::kSlots; ++slot) {
    uint64_t n;
    out->by_type[slot].clear();
    if (!GetVarint64(&in, &out->total[slot]) || !GetVarint64(&in, &n) || n > in.size()) {
      return Status::Corruption("malformed degree record");
    }
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t t, c;
      if (!GetVarint64(&in, &t) || !GetVarint64(&in, &c) || t > UINT32_MAX || c == 0 ||
          (!out->by_type[slot].empty() && out->by_type[slot].back().first >= t)) {
        return Status::Corruption("malformed degree record");
      }
      out->by_type[slot].emplace_back(static_cast<uint32_t>(t), c);
      sum += c;
    }
    if (sum != out->total[slot]) return Status::Corruption("degree record totals disagree");
  }
  if (!in.empty()) return Status::Corruption("malformed degree record");
  return Status::OK();
}

bool DecodeDegreeTotals(std::string_view in, uint64_t (&totals)[StoredDegree::kSlots]) {
  for (int slot = 0; slot < StoredDegree::kSlots; ++slot) {
    uint64_t n;
    if (!GetVarint64(&in, &totals[slot]) || !GetVarint64(&in, &n) || n > in.size()) return false;
    for (uint64_t i = 0; i < 2 * n; ++i) {
      uint64_t skip;
      if (!GetVarint64(&in, &skip)) return false;
    }
  }
  return true;
}

std::string NodeKey(uint64_t id) {
  std::string k;
  PutFixed64BE(&k, id);
  return k;
}
std::string EdgeKey(uint64_t id) { return NodeKey(id); }

std::string AdjPrefix(uint64_t node, uint8_t dir) {
  std::string k;
  k.reserve(kAdjKeySize);
  PutFixed64BE(&k, node);
  k.push_back(static_cast<char>(dir));
  return k;
}
std::string AdjPrefix(uint64_t node, uint8_t dir, uint32_t type) {
  std::string k = AdjPrefix(node, dir);
  PutFixed32BE(&k, type);
  return k;
}
std::string AdjKey(uint64_t node, uint8_t dir, uint32_t type, uint64_t neighbor, uint64_t edge) {
  std::string k = AdjPrefix(node, dir, type);
  PutFixed64BE(&k, neighbor);
  PutFixed64BE(&k, edge);
  return k;
}
bool ParseAdjKey(std::string_view key, AdjKeyParts* out) {
  if (key.size() != kAdjKeySize) return false;
  const char* p = key.data();
  out->node = DecodeFixed64BE(p);
  out->dir = static_cast<uint8_t>(p[8]);
  out->type = DecodeFixed32BE(p + 9);
  out->neighbor = DecodeFixed64BE(p + 13);
  out->edge = DecodeFixed64BE(p + 21);
  return true;
}

std::string LabelPrefix(uint32_t label) {
  std::string k;
  PutFixed32BE(&k, label);
  return k;
}
std::string LabelKey(uint32_t label, uint64_t node) {
  std::string k = LabelPrefix(label);
  PutFixed64BE(&k, node);
  return k;
}

std::string NamePrefix(std::string_view folded) {
  std::string k(folded);
  k.push_back('\0');
  return k;
}
std::string NameKey(std::string_view folded, uint64_t node) {
  std::string k = NamePrefix(folded);
  PutFixed64BE(&k, node);
  return k;
}

}  // namespace kg::graph::codec
