#include <cmath>
#include <cstdio>

#include "graph/types.h"

namespace kg::graph {

namespace {
void AppendQuoted(std::string* out, const std::string& s) {
  out->push_back('\'');
  for (char c : s) {
    if (c == '\'' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('\'');
}
}  // namespace

std::string PropertyToString(const PropertyValue& v) {
  std::string out;
  switch (v.data.index()) {
    case 0: return "null";
    case 1: return v.as_bool() ? "true" : "false";
    case 2: return std::to_string(v.as_int());
    case 3: {
      double d = v.as_double();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", d);
      out = buf;
      if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
      return out;
    }
    case 4: AppendQuoted(&out, v.as_string()); return out;
    case 5: {
      out = "[";
      bool first = true;
      for (const auto& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        out += PropertyToString(e);
      }
      out += "]";
      return out;
    }
  }
  return out;
}

}  // namespace kg::graph
