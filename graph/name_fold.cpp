#include "graph/name_fold.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace kg::graph {

std::string FoldName(std::string_view name) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()));
  u.foldCase();
  icu::UnicodeString collapsed;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || c == 0) {
      pending_space = !collapsed.isEmpty();
      continue;
    }
    if (pending_space) {
      collapsed.append(static_cast<UChar>(' '));
      pending_space = false;
    }
    collapsed.append(c);
  }
  std::string out;
  collapsed.toUTF8String(out);
  return out;
}

}  // namespace kg::graph
