// Key layouts and value encoding of the kg store (leveldb util/coding style).
// Keys use big-endian fixed-width ids so that byte order equals numeric order and prefix scans
// come out sorted. Values use varints and a one-byte tag per property value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "graph/types.h"

namespace kg::graph::codec {

void PutFixed32BE(std::string* dst, uint32_t v);
void PutFixed64BE(std::string* dst, uint64_t v);
uint32_t DecodeFixed32BE(const char* p);
uint64_t DecodeFixed64BE(const char* p);

void PutVarint64(std::string* dst, uint64_t v);
// Reads a varint from the front of *in and advances it. False on truncated/overlong input.
bool GetVarint64(std::string_view* in, uint64_t* v);

// Property value encoding: a tag byte then the payload.
void EncodeValue(std::string* dst, const PropertyValue& v);
// REQUIRES: nothing; returns false (never crashes) on malformed input.
bool DecodeValue(std::string_view* in, PropertyValue* v, int depth = 0);

// Records with interned label/type/key ids.
struct StoredNode {
  std::vector<uint32_t> labels;  // sorted
  std::vector<std::pair<uint32_t, PropertyValue>> props;
};
struct StoredEdge {
  uint32_t type = 0;
  uint64_t source = 0;
  uint64_t target = 0;
  std::vector<std::pair<uint32_t, PropertyValue>> props;
};
std::string EncodeNode(const StoredNode& n);
Status DecodeNode(std::string_view in, StoredNode* out);
std::string EncodeEdge(const StoredEdge& e);
Status DecodeEdge(std::string_view in, StoredEdge* out);
// Just the type and ends of an edge record (the properties are not looked at).
bool DecodeEdgeEnds(std::string_view in, uint32_t* type, uint64_t* source, uint64_t* target);

// Degree record of one node (deg column family, key NodeKey): how many relationships leave it
// (slot 0), enter it (slot 1) and of those are self-loops (slot 2), in total and per type.
struct StoredDegree {
  static constexpr int kOut = 0, kIn = 1, kLoop = 2, kSlots = 3;
  uint64_t total[kSlots] = {0, 0, 0};
  std::vector<std::pair<uint32_t, uint64_t>> by_type[kSlots];  // ascending type, counts > 0

  bool empty() const { return total[kOut] == 0 && total[kIn] == 0; }
  uint64_t Count(int slot, uint32_t type) const;
  // Adds delta (clamped at zero) to the counts of (slot, type).
  void Add(int slot, uint32_t type, int64_t delta);
};
std::string EncodeDegree(const StoredDegree& d);
Status DecodeDegree(std::string_view in, StoredDegree* out);
// Just the three totals, for the common untyped case. False on malformed input.
bool DecodeDegreeTotals(std::string_view in, uint64_t (&totals)[StoredDegree::kSlots]);

// Key builders.
std::string NodeKey(uint64_t id);  // nodes CF
std::string EdgeKey(uint64_t id);  // edges CF
// adj CF: node | dir (0 out, 1 in) | type | neighbour | edge
std::string AdjKey(uint64_t node, uint8_t dir, uint32_t type, uint64_t neighbor, uint64_t edge);
std::string AdjPrefix(uint64_t node, uint8_t dir);
std::string AdjPrefix(uint64_t node, uint8_t dir, uint32_t type);
constexpr size_t kAdjKeySize = 8 + 1 + 4 + 8 + 8;
struct AdjKeyParts {
  uint64_t node;
  uint8_t dir;
  uint32_t type;
  uint64_t neighbor;
  uint64_t edge;
};
bool ParseAdjKey(std::string_view key, AdjKeyParts* out);
// labels CF: label | node
std::string LabelKey(uint32_t label, uint64_t node);
std::string LabelPrefix(uint32_t label);
// names CF: folded name | 0x00 | node
std::string NameKey(std::string_view folded, uint64_t node);
std::string NamePrefix(std::string_view folded);

}  // namespace kg::graph::codec
