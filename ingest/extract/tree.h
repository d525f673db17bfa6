// Read-only helpers over one annotated sentence's dependency tree (internal to ingest/extract/).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/nlp/annotation.h"

namespace kg::ingest {

inline std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Tree {
 public:
  explicit Tree(const Sentence& s) : s_(s), kids_(s.tokens.size()) {
    for (int i = 0; i < size(); ++i) {
      int h = s.tokens[i].head;
      if (h >= 0 && h < size() && h != i) kids_[h].push_back(i);
    }
  }

  int size() const { return static_cast<int>(s_.tokens.size()); }
  const Token& tok(int i) const { return s_.tokens[i]; }
  const Sentence& sentence() const { return s_; }
  int head(int i) const { return s_.tokens[i].head; }
  const std::vector<int>& kids(int i) const { return kids_[i]; }

  // The relation without subtype ("nsubj:pass" -> "nsubj").
  std::string_view rel(int i) const {
    std::string_view r = s_.tokens[i].deprel;
    size_t c = r.find(':');
    return c == std::string_view::npos ? r : r.substr(0, c);
  }
  const std::string& fullrel(int i) const { return s_.tokens[i].deprel; }
  const std::string& upos(int i) const { return s_.tokens[i].upos; }
  std::string lemma(int i) const {
    const Token& t = s_.tokens[i];
    return LowerAscii(t.lemma.empty() || t.lemma == "_" ? t.text : t.lemma);
  }
  std::string lower(int i) const { return LowerAscii(s_.tokens[i].text); }

  // Children of i whose full relation equals `r` or whose base relation equals `r`.
  std::vector<int> KidsWith(int i, std::string_view r) const {
    std::vector<int> out;
    for (int k : kids_[i]) {
      if (fullrel(k) == r || rel(k) == r) out.push_back(k);
    }
    return out;
  }
  int FirstKid(int i, std::string_view r) const {
    for (int k : kids_[i]) {
      if (fullrel(k) == r || rel(k) == r) return k;
    }
    return -1;
  }
  bool HasKidLemma(int i, std::string_view r, std::string_view lemma_lower) const {
    for (int k : kids_[i]) {
      if ((fullrel(k) == r || rel(k) == r) && lemma(k) == lemma_lower) return true;
    }
    return false;
  }

  // True if `anc` is i or an ancestor of i.
  bool Dominates(int anc, int i) const {
    for (int guard = 0; i >= 0 && guard <= size(); ++guard) {
      if (i == anc) return true;
      i = head(i);
    }
    return false;
  }

  // Tokens of the subtree of i, ascending, skipping the subtrees of children for which
  // `drop(child)` is true.
  template <typename Drop>
  std::vector<int> Subtree(int i, Drop drop) const {
    std::vector<int> out;
    Collect(i, drop, &out, 0);
    std::sort(out.begin(), out.end());
    return out;
  }

  // Joins tokens (ascending indices) with the source spacing.
  std::string Join(const std::vector<int>& idx) const {
    std::string out;
    for (size_t j = 0; j < idx.size(); ++j) {
      const Token& t = s_.tokens[idx[j]];
      if (j > 0) {
        const Token& p = s_.tokens[idx[j - 1]];
        bool adjacent = idx[j] == idx[j - 1] + 1;
        if (!adjacent || p.space_after) out += ' ';
      }
      // "Roach 's partner" tokenised as ' + s: the clitic keeps its apostrophe even when the
      // apostrophe (punctuation) is not among the tokens joined.
      if (idx[j] > 0 && (j == 0 || idx[j - 1] != idx[j] - 1) && IsClitic(t.text)) {
        const Token& a = s_.tokens[idx[j] - 1];
        if (!a.space_after && (a.text == "'" || a.text == "\xE2\x80\x99")) out += a.text;
      }
      out += t.text;
    }
    return out;
  }

  static bool IsClitic(std::string_view w) {
    return w == "s" || w == "re" || w == "ve" || w == "ll" || w == "d" || w == "m";
  }

 private:
  template <typename Drop>
  void Collect(int i, Drop& drop, std::vector<int>* out, int depth) const {
    if (depth > 64) return;
    out->push_back(i);
    for (int k : kids_[i]) {
      if (!drop(k)) Collect(k, drop, out, depth + 1);
    }
  }

  const Sentence& s_;
  std::vector<std::vector<int>> kids_;
};

}  // namespace kg::ingest
