// Per-word hashed properties shared by the tagger, parser and entity recognizer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/nlp/perceptron.h"

namespace kg::ingest::nlp {

struct WordInfo {
  uint64_t form = 0, lower = 0, suf1 = 0, suf2 = 0, suf3 = 0, suf4 = 0, pre1 = 0, pre2 = 0,
           pre3 = 0, shape = 0;
  bool capitalized = false;
  bool all_caps = false;
  bool has_digit = false;
  bool has_hyphen = false;
};

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "Apple" -> "Xxx", "2.36" -> "d.dd", "U.S." -> "X.X."; runs of one class capped at 2.
inline std::string WordShape(std::string_view s) {
  std::string out;
  char last = 0;
  int run = 0;
  for (unsigned char c : s) {
    char k;
    if (c >= 'A' && c <= 'Z') {
      k = 'X';
    } else if (c >= 'a' && c <= 'z') {
      k = 'x';
    } else if (c >= '0' && c <= '9') {
      k = 'd';
    } else if (c >= 0x80) {
      if ((c & 0xC0) == 0x80) continue;
      k = 'u';
    } else {
      k = static_cast<char>(c);
    }
    if (k == last) {
      if (++run > 2) continue;
    } else {
      run = 1;
      last = k;
    }
    out += k;
    if (out.size() >= 8) break;
  }
  return out;
}

inline WordInfo MakeWordInfo(std::string_view text) {
  WordInfo w;
  std::string low = AsciiLower(text);
  std::string_view l = low;
  w.form = HashStr(text);
  w.lower = HashStr(l);
  auto suf = [&](size_t n) { return HashStr(l.size() >= n ? l.substr(l.size() - n) : l) + n; };
  auto pre = [&](size_t n) { return HashStr(text.size() >= n ? text.substr(0, n) : text) + n * 7; };
  w.suf1 = suf(1);
  w.suf2 = suf(2);
  w.suf3 = suf(3);
  w.suf4 = suf(4);
  w.pre1 = pre(1);
  w.pre2 = pre(2);
  w.pre3 = pre(3);
  w.shape = HashStr(WordShape(text));
  w.capitalized = !text.empty() && text[0] >= 'A' && text[0] <= 'Z';
  bool any_lower = false, any_upper = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') w.has_digit = true;
    if (c == '-') w.has_hyphen = true;
    if (c >= 'a' && c <= 'z') any_lower = true;
    if (c >= 'A' && c <= 'Z') any_upper = true;
  }
  w.all_caps = any_upper && !any_lower;
  return w;
}

}  // namespace kg::ingest::nlp
