// libFuzzer target: decoding of stored records (graph/key_codec). The first byte picks what the
// rest is read as: a tagged property value, a node record, an edge record, an adjacency key or a
// varint. Decoding must never crash on malformed bytes, and whatever decodes must re-encode to
// bytes that decode to the same encoding again (a stable round trip).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "graph/key_codec.h"

namespace codec = kg::graph::codec;

namespace {

void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "round trip failed: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      kg::graph::PropertyValue v;
      std::string_view rest = in;
      if (codec::DecodeValue(&rest, &v)) {
        std::string once;
        codec::EncodeValue(&once, v);
        std::string_view again_in = once;
        kg::graph::PropertyValue w;
        Require(codec::DecodeValue(&again_in, &w) && again_in.empty(), "value decodes");
        std::string twice;
        codec::EncodeValue(&twice, w);
        Require(once == twice, "value re-encodes");
      }
      break;
    }
    case 1: {
      codec::StoredNode n;
      if (codec::DecodeNode(in, &n).ok()) {
        std::string once = codec::EncodeNode(n);
        codec::StoredNode m;
        Require(codec::DecodeNode(once, &m).ok(), "node decodes");
        Require(codec::EncodeNode(m) == once, "node re-encodes");
      }
      break;
    }
    case 2: {
      codec::StoredEdge e;
      if (codec::DecodeEdge(in, &e).ok()) {
        std::string once = codec::EncodeEdge(e);
        codec::StoredEdge f;
        Require(codec::DecodeEdge(once, &f).ok(), "edge decodes");
        Require(codec::EncodeEdge(f) == once, "edge re-encodes");
      }
      break;
    }
    case 3: {
      codec::AdjKeyParts p;
      if (codec::ParseAdjKey(in, &p)) {
        Require(codec::AdjKey(p.node, p.dir, p.type, p.neighbor, p.edge) == in, "adj key");
      }
      break;
    }
    case 4: {
      std::string_view rest = in;
      uint64_t v;
      if (codec::GetVarint64(&rest, &v)) {
        std::string once;
        codec::PutVarint64(&once, v);
        std::string_view again = once;
        uint64_t w;
        Require(codec::GetVarint64(&again, &w) && w == v, "varint");
      }
      break;
    }
  }
  return 0;
}
