#include "ingest/nlp/parser.h"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <memory>
#include <random>
#include <thread>

namespace kg::ingest::nlp {
namespace {

constexpr int kShift = 0, kLeft = 1, kRight = 2;
constexpr int kMaxFeats = 128;

// Per-sentence values used by the features; index n is the root.
struct Sent {
  int n = 0;
  std::vector<uint64_t> w;  // lower-cased word hash
  std::vector<uint64_t> t;  // xpos id + 2 (1 = root)
  std::vector<uint64_t> wt;
  std::vector<uint64_t> suf;  // 3-letter suffix hash
  std::vector<uint64_t> shape;
  std::vector<uint8_t> cap;
  std::vector<uint8_t> flags;  // kIsCase | kIsVerb | ... (from the xpos)
};

constexpr uint8_t kIsCase = 1, kIsVerb = 2, kIsDet = 4, kIsWh = 8, kIsIn = 16;

uint8_t TagFlags(const std::string& x) {
  uint8_t f = 0;
  if (x == "IN" || x == "TO" || x == "POS") f |= kIsCase;
  if (x.rfind("VB", 0) == 0 || x == "MD") f |= kIsVerb;
  if (x == "DT" || x == "PRP$" || x == "WDT") f |= kIsDet;
  if (x == "WRB" || x == "WP") f |= kIsWh;
  if (x == "IN") f |= kIsIn;
  return f;
}

Sent MakeSent(const std::vector<Token>& tokens, const std::vector<WordInfo>& words,
              const std::function<int(const std::string&)>& tag_id) {
  Sent s;
  s.n = static_cast<int>(tokens.size());
  s.w.resize(s.n + 1);
  s.t.resize(s.n + 1);
  s.wt.resize(s.n + 1);
  s.suf.resize(s.n + 1);
  s.shape.resize(s.n + 1);
  s.cap.resize(s.n + 1);
  s.flags.resize(s.n + 1);
  for (int i = 0; i < s.n; ++i) {
    s.suf[i] = words[i].suf3;
    s.shape[i] = words[i].shape;
    s.cap[i] = words[i].capitalized;
    s.flags[i] = TagFlags(tokens[i].xpos);
    s.w[i] = words[i].lower;
    s.t[i] = static_cast<uint64_t>(tag_id(tokens[i].xpos) + 2);
    s.wt[i] = Mix64(s.w[i] * 31 + s.t[i]);
  }
  s.w[s.n] = 0x5EED;
  s.t[s.n] = 1;
  s.wt[s.n] = 0x5EED1;
  s.suf[s.n] = 0x5EED2;
  return s;
}

inline uint64_t DistBucket(int a, int b) {
  int d = a > b ? a - b : b - a;
  return d <= 4 ? d : d <= 7 ? 5 : d <= 12 ? 6 : 7;
}

}  // namespace

struct DependencyParser::State {
  int n = 0;
  int b = 0;
  std::vector<int> stack;
  std::vector<int> head, l1, l2, r1, r2, nl, nr;
  // Incremental tree facts for labelling arcs as they are made (joint labelling).
  std::vector<int> lab, case_child;  // label as a dependent (-1 none); leftmost IN/TO/POS child
  std::vector<uint64_t> lset, rset, aux_sig;  // label bit sets of left / right children
  std::vector<uint8_t> has_det, has_mark;
  const uint8_t* flags = nullptr;
  const uint64_t* words = nullptr;

  void InitTree(const uint8_t* f, const uint64_t* w) {
    flags = f;
    words = w;
    lab.assign(n + 1, -1);
    case_child.assign(n + 1, -1);
    lset.assign(n + 1, 0);
    rset.assign(n + 1, 0);
    aux_sig.assign(n + 1, 0);
    has_det.assign(n + 1, 0);
    has_mark.assign(n + 1, 0);
  }
  void SetLabel(int d, int label) {
    lab[d] = label;
    const uint64_t bit = uint64_t{1} << (label & 63);
    if (d < head[d]) {
      lset[head[d]] |= bit;
    } else {
      rset[head[d]] |= bit;
    }
  }

  void Init(int size) {
    n = size;
    b = 0;
    stack.clear();
    stack.reserve(size + 1);
    head.assign(size + 1, -1);
    l1.assign(size + 1, -1);
    l2.assign(size + 1, -1);
    r1.assign(size + 1, -1);
    r2.assign(size + 1, -1);
    nl.assign(size + 1, 0);
    nr.assign(size + 1, 0);
  }
  bool Terminal() const { return stack.empty() && b >= n; }
  bool Valid(int a) const {
    switch (a) {
      case kShift:
        return b < n;
      case kLeft:
        return !stack.empty() && (b < n || stack.size() == 1);
      default:
        return stack.size() >= 2;
    }
  }
  void AddArc(int h, int d) {
    head[d] = h;
    if (flags != nullptr) {
      const uint8_t x = flags[d];
      if (d < h && (x & kIsCase)) case_child[h] = d;  // left children come nearest first
      if (d < h && (x & kIsVerb)) aux_sig[h] += Mix64(words[d] + 17);
      if (x & kIsDet) has_det[h] = 1;
      if ((x & kIsWh) || ((x & kIsIn) && d < h)) has_mark[h] = 1;
    }
    if (d < h) {
      l2[h] = l1[h];
      l1[h] = d;
      ++nl[h];
    } else {
      r2[h] = r1[h];
      r1[h] = d;
      ++nr[h];
    }
  }
  void Apply(int a) {
    if (a == kShift) {
      stack.push_back(b++);
    } else if (a == kLeft) {
      int s0 = stack.back();
      stack.pop_back();
      AddArc(b, s0);
    } else {
      int s0 = stack.back();
      stack.pop_back();
      AddArc(stack.back(), s0);
    }
  }
  // Gold-arc losses of each transition (Goldberg & Nivre 2013, as in Kiperwasser & Goldberg).
  int Cost(int a, const std::vector<int>& gold) const {
    int cost = 0;
    if (a == kShift) {
      for (size_t k = 0; k + 1 < stack.size(); ++k) {
        if (gold[b] == stack[k]) ++cost;
      }
      for (int s : stack) {
        if (gold[s] == b) ++cost;
      }
      return cost;
    }
    int s0 = stack.back();
    for (int d = b; d < n; ++d) {
      if (gold[d] == s0) ++cost;
    }
    if (a == kLeft) {
      if (stack.size() >= 2 && gold[s0] == stack[stack.size() - 2]) ++cost;
      if (gold[s0] > b && gold[s0] <= n) ++cost;
    } else {
      if (gold[s0] >= b && gold[s0] <= n) ++cost;
    }
    return cost;
  }
};

namespace {

enum Role { kBias, kS0, kS1, kS2, kS0L1, kS0R1, kS0L2, kS0R2, kB0L1, kB0L2, kS1R1, kS1L1, kRoles };

// Features of the configuration that do not depend on the buffer window alone (see
// BufferFeatures).
int StateFeatures(const Sent& s, const DependencyParser::State& st, uint32_t* f) {
  const int sz = static_cast<int>(st.stack.size());
  const int s0 = sz > 0 ? st.stack[sz - 1] : -1;
  const int s1 = sz > 1 ? st.stack[sz - 2] : -1;
  const int s2 = sz > 2 ? st.stack[sz - 3] : -1;
  const int b0 = st.b <= st.n ? st.b : -1;
  const int b1 = st.b + 1 <= st.n ? st.b + 1 : -1;
  auto W = [&](int i) -> uint64_t { return i < 0 ? 7 : s.w[i]; };
  auto T = [&](int i) -> uint64_t { return i < 0 ? 0 : s.t[i]; };
  auto WT = [&](int i) -> uint64_t { return i < 0 ? 3 : s.wt[i]; };
  auto L1 = [&](int i) { return i < 0 ? -1 : st.l1[i]; };
  auto L2 = [&](int i) { return i < 0 ? -1 : st.l2[i]; };
  auto R1 = [&](int i) { return i < 0 ? -1 : st.r1[i]; };
  auto R2 = [&](int i) { return i < 0 ? -1 : st.r2[i]; };
  auto NL = [&](int i) -> uint64_t { return i < 0 ? 99 : st.nl[i]; };
  auto NR = [&](int i) -> uint64_t { return i < 0 ? 99 : st.nr[i]; };
  const uint64_t s0w = W(s0), s0t = T(s0), s0wt = WT(s0);
  const uint64_t s1w = W(s1), s1t = T(s1), s1wt = WT(s1);
  const uint64_t b0w = W(b0), b0t = T(b0), b0wt = WT(b0);
  const uint64_t b1w = W(b1), b1t = T(b1);
  const uint64_t s2t = T(s2);
  const int s0l1 = L1(s0), s0l2 = L2(s0), s0r1 = R1(s0), s0r2 = R2(s0);
  const int s1l1 = L1(s1), s1r1 = R1(s1), s1r2 = R2(s1);
  const int b0l1 = L1(b0), b0l2 = L2(b0);
  const uint64_t d0 = (s0 >= 0 && b0 >= 0) ? DistBucket(s0, b0) : 9;
  const uint64_t d1 = (s0 >= 0 && s1 >= 0) ? DistBucket(s1, s0) : 9;
  int k = 0;
  f[k++] = Feat(100, 0);
  // unigrams
  f[k++] = Feat(101, s0w);
  f[k++] = Feat(102, s0t);
  f[k++] = Feat(103, s0wt);
  f[k++] = Feat(104, s1w);
  f[k++] = Feat(105, s1t);
  f[k++] = Feat(106, s1wt);
  f[k++] = Feat(114, s2t);
  // pairs
  f[k++] = Feat(120, s0wt, b0wt);
  f[k++] = Feat(121, s0wt, b0w);
  f[k++] = Feat(122, s0w, b0wt);
  f[k++] = Feat(123, s0wt, b0t);
  f[k++] = Feat(124, s0t, b0wt);
  f[k++] = Feat(125, s0w, b0w);
  f[k++] = Feat(126, s0t, b0t);
  f[k++] = Feat(128, s1wt, s0wt);
  f[k++] = Feat(129, s1t, s0t);
  f[k++] = Feat(130, s1w, s0w);
  f[k++] = Feat(131, s1t, s0wt);
  f[k++] = Feat(132, s1wt, s0t);
  f[k++] = Feat(133, s0w, b1w);
  f[k++] = Feat(134, s0t, b1t);
  f[k++] = Feat(136, s1t, b0t);
  f[k++] = Feat(137, s1w, b0w);
  // triples
  f[k++] = Feat(141, s0t, b0t, b1t);
  f[k++] = Feat(142, s1t, s0t, b0t);
  f[k++] = Feat(143, s2t, s1t, s0t);
  f[k++] = Feat(144, s0t, T(s0l1), b0t);
  f[k++] = Feat(145, s0t, T(s0r1), b0t);
  f[k++] = Feat(146, s0t, b0t, T(b0l1));
  f[k++] = Feat(147, s1t, s0t, T(s0l1));
  f[k++] = Feat(148, s1t, s0t, T(s0r1));
  f[k++] = Feat(149, s1t, T(s1r1), s0t);
  f[k++] = Feat(150, s1t, T(s1l1), s0t);
  f[k++] = Feat(151, s0w, b0t, b1t);
  f[k++] = Feat(152, s1t, s0w, b0t);
  // distance
  f[k++] = Feat(160, s0w, d0);
  f[k++] = Feat(161, s0t, d0);
  f[k++] = Feat(162, b0w, d0);
  f[k++] = Feat(163, b0t, d0);
  f[k++] = Feat(164, s0t, b0t, d0);
  f[k++] = Feat(165, s1t, s0t, d1);
  f[k++] = Feat(166, s1w, d1);
  f[k++] = Feat(167, s0w, d1);
  f[k++] = Feat(168, s1wt, s0t, d1);
  // valency
  f[k++] = Feat(170, s0w, NR(s0));
  f[k++] = Feat(171, s0t, NR(s0));
  f[k++] = Feat(172, s0w, NL(s0));
  f[k++] = Feat(173, s0t, NL(s0));
  f[k++] = Feat(174, b0w, NL(b0));
  f[k++] = Feat(175, b0t, NL(b0));
  f[k++] = Feat(176, s1w, NR(s1));
  f[k++] = Feat(177, s1t, NR(s1));
  f[k++] = Feat(178, s1t, NL(s1));
  // children
  f[k++] = Feat(180, W(s0l1));
  f[k++] = Feat(181, T(s0l1));
  f[k++] = Feat(182, W(s0r1));
  f[k++] = Feat(183, T(s0r1));
  f[k++] = Feat(184, T(s0l2));
  f[k++] = Feat(185, T(s0r2));
  f[k++] = Feat(186, W(b0l1));
  f[k++] = Feat(187, T(b0l1));
  f[k++] = Feat(188, T(b0l2));
  f[k++] = Feat(189, T(s1r1));
  f[k++] = Feat(190, W(s1r1));
  f[k++] = Feat(191, T(s1l1));
  f[k++] = Feat(192, s0t, T(s0l1), T(s0l2));
  f[k++] = Feat(193, s0t, T(s0r1), T(s0r2));
  f[k++] = Feat(194, b0t, T(b0l1), T(b0l2));
  f[k++] = Feat(195, s1t, T(s1r1), T(s1r2));
  f[k++] = Feat(196, s0wt, W(s0r1));
  f[k++] = Feat(197, s1wt, W(s1r1));
  f[k++] = Feat(198, b0wt, W(b0l1));
  auto SUF = [&](int i) -> uint64_t { return i < 0 ? 11 : s.suf[i]; };
  f[k++] = Feat(200, SUF(s0), s0t);
  f[k++] = Feat(202, SUF(s0), SUF(b0));
  if (st.flags != nullptr) {
    auto LAB = [&](int i) -> uint64_t { return i < 0 ? 0 : static_cast<uint64_t>(st.lab[i] + 2); };
    f[k++] = Feat(240 + kS0L1, LAB(s0l1));
    f[k++] = Feat(240 + kS0R1, LAB(s0r1));
    f[k++] = Feat(240 + kS0L2, LAB(s0l2));
    f[k++] = Feat(240 + kS0R2, LAB(s0r2));
    f[k++] = Feat(240 + kB0L1, LAB(b0l1));
    f[k++] = Feat(240 + kB0L2, LAB(b0l2));
    f[k++] = Feat(240 + kS1R1, LAB(s1r1));
    f[k++] = Feat(240 + kS1L1, LAB(s1l1));
  }
  if (st.flags != nullptr) {
    // Joint labelling: the label sets of the children made so far (Zhang & Nivre 2011).
    auto LS = [&](int i) -> uint64_t { return i < 0 ? 0xF00D : st.lset[i]; };
    auto RS = [&](int i) -> uint64_t { return i < 0 ? 0xF00D : st.rset[i]; };
    f[k++] = Feat(220, s0t, LS(s0));
    f[k++] = Feat(221, s0w, LS(s0));
    f[k++] = Feat(222, s0t, RS(s0));
    f[k++] = Feat(223, s0w, RS(s0));
    f[k++] = Feat(224, b0t, LS(b0));
    f[k++] = Feat(225, b0w, LS(b0));
    f[k++] = Feat(226, s1t, RS(s1));
    f[k++] = Feat(227, s1t, LS(s1));
    f[k++] = Feat(228, s0t, LS(s0), b0t);
    f[k++] = Feat(229, s0t, RS(s0), b0t);
  }
  return k;
}

// StateFeatures without the features of one token in one role (RoleFeatures), which Parse()
// caches per sentence: the same set of features in all, so the same integer sums.
int StateFeaturesNoRoles(const Sent& s, const DependencyParser::State& st, uint32_t* f) {
  const int sz = static_cast<int>(st.stack.size());
  const int s0 = sz > 0 ? st.stack[sz - 1] : -1;
  const int s1 = sz > 1 ? st.stack[sz - 2] : -1;
  const int s2 = sz > 2 ? st.stack[sz - 3] : -1;
  const int b0 = st.b <= st.n ? st.b : -1;
  const int b1 = st.b + 1 <= st.n ? st.b + 1 : -1;
  auto W = [&](int i) -> uint64_t { return i < 0 ? 7 : s.w[i]; };
  auto T = [&](int i) -> uint64_t { return i < 0 ? 0 : s.t[i]; };
  auto WT = [&](int i) -> uint64_t { return i < 0 ? 3 : s.wt[i]; };
  auto L1 = [&](int i) { return i < 0 ? -1 : st.l1[i]; };
  auto L2 = [&](int i) { return i < 0 ? -1 : st.l2[i]; };
  auto R1 = [&](int i) { return i < 0 ? -1 : st.r1[i]; };
  auto R2 = [&](int i) { return i < 0 ? -1 : st.r2[i]; };
  auto NL = [&](int i) -> uint64_t { return i < 0 ? 99 : st.nl[i]; };
  auto NR = [&](int i) -> uint64_t { return i < 0 ? 99 : st.nr[i]; };
  const uint64_t s0w = W(s0), s0t = T(s0), s0wt = WT(s0);
  const uint64_t s1w = W(s1), s1t = T(s1), s1wt = WT(s1);
  const uint64_t b0w = W(b0), b0t = T(b0), b0wt = WT(b0);
  const uint64_t b1w = W(b1), b1t = T(b1);
  const uint64_t s2t = T(s2);
  const int s0l1 = L1(s0), s0l2 = L2(s0), s0r1 = R1(s0), s0r2 = R2(s0);
  const int s1l1 = L1(s1), s1r1 = R1(s1), s1r2 = R2(s1);
  const int b0l1 = L1(b0), b0l2 = L2(b0);
  const uint64_t d0 = (s0 >= 0 && b0 >= 0) ? DistBucket(s0, b0) : 9;
  const uint64_t d1 = (s0 >= 0 && s1 >= 0) ? DistBucket(s1, s0) : 9;
  int k = 0;
  // unigrams
  // pairs
  f[k++] = Feat(120, s0wt, b0wt);
  f[k++] = Feat(121, s0wt, b0w);
  f[k++] = Feat(122, s0w, b0wt);
  f[k++] = Feat(123, s0wt, b0t);
  f[k++] = Feat(124, s0t, b0wt);
  f[k++] = Feat(125, s0w, b0w);
  f[k++] = Feat(126, s0t, b0t);
  f[k++] = Feat(128, s1wt, s0wt);
  f[k++] = Feat(129, s1t, s0t);
  f[k++] = Feat(130, s1w, s0w);
  f[k++] = Feat(131, s1t, s0wt);
  f[k++] = Feat(132, s1wt, s0t);
  f[k++] = Feat(133, s0w, b1w);
  f[k++] = Feat(134, s0t, b1t);
  f[k++] = Feat(136, s1t, b0t);
  f[k++] = Feat(137, s1w, b0w);
  // triples
  f[k++] = Feat(141, s0t, b0t, b1t);
  f[k++] = Feat(142, s1t, s0t, b0t);
  f[k++] = Feat(143, s2t, s1t, s0t);
  f[k++] = Feat(144, s0t, T(s0l1), b0t);
  f[k++] = Feat(145, s0t, T(s0r1), b0t);
  f[k++] = Feat(146, s0t, b0t, T(b0l1));
  f[k++] = Feat(147, s1t, s0t, T(s0l1));
  f[k++] = Feat(148, s1t, s0t, T(s0r1));
  f[k++] = Feat(149, s1t, T(s1r1), s0t);
  f[k++] = Feat(150, s1t, T(s1l1), s0t);
  f[k++] = Feat(151, s0w, b0t, b1t);
  f[k++] = Feat(152, s1t, s0w, b0t);
  // distance
  f[k++] = Feat(160, s0w, d0);
  f[k++] = Feat(161, s0t, d0);
  f[k++] = Feat(162, b0w, d0);
  f[k++] = Feat(163, b0t, d0);
  f[k++] = Feat(164, s0t, b0t, d0);
  f[k++] = Feat(165, s1t, s0t, d1);
  f[k++] = Feat(166, s1w, d1);
  f[k++] = Feat(167, s0w, d1);
  f[k++] = Feat(168, s1wt, s0t, d1);
  // valency
  f[k++] = Feat(170, s0w, NR(s0));
  f[k++] = Feat(171, s0t, NR(s0));
  f[k++] = Feat(172, s0w, NL(s0));
  f[k++] = Feat(173, s0t, NL(s0));
  f[k++] = Feat(174, b0w, NL(b0));
  f[k++] = Feat(175, b0t, NL(b0));
  f[k++] = Feat(176, s1w, NR(s1));
  f[k++] = Feat(177, s1t, NR(s1));
  f[k++] = Feat(178, s1t, NL(s1));
  // children
  f[k++] = Feat(192, s0t, T(s0l1), T(s0l2));
  f[k++] = Feat(193, s0t, T(s0r1), T(s0r2));
  f[k++] = Feat(194, b0t, T(b0l1), T(b0l2));
  f[k++] = Feat(195, s1t, T(s1r1), T(s1r2));
  f[k++] = Feat(196, s0wt, W(s0r1));
  f[k++] = Feat(197, s1wt, W(s1r1));
  f[k++] = Feat(198, b0wt, W(b0l1));
  auto SUF = [&](int i) -> uint64_t { return i < 0 ? 11 : s.suf[i]; };
  f[k++] = Feat(202, SUF(s0), SUF(b0));
  if (st.flags != nullptr) {
    // Joint labelling: the label sets of the children made so far (Zhang & Nivre 2011).
    auto LS = [&](int i) -> uint64_t { return i < 0 ? 0xF00D : st.lset[i]; };
    auto RS = [&](int i) -> uint64_t { return i < 0 ? 0xF00D : st.rset[i]; };
    f[k++] = Feat(220, s0t, LS(s0));
    f[k++] = Feat(221, s0w, LS(s0));
    f[k++] = Feat(222, s0t, RS(s0));
    f[k++] = Feat(223, s0w, RS(s0));
    f[k++] = Feat(224, b0t, LS(b0));
    f[k++] = Feat(225, b0w, LS(b0));
    f[k++] = Feat(226, s1t, RS(s1));
    f[k++] = Feat(227, s1t, LS(s1));
    f[k++] = Feat(228, s0t, LS(s0), b0t);
    f[k++] = Feat(229, s0t, RS(s0), b0t);
  }
  return k;
}

// The features of StateFeatures that depend on one token in one role only (t < 0: none).
int RoleFeatures(const Sent& s, const DependencyParser::State& st, int role, int t,
                 uint32_t* f) {
  const uint64_t w = t < 0 ? 7 : s.w[t], tg = t < 0 ? 0 : s.t[t], wt = t < 0 ? 3 : s.wt[t];
  const uint64_t suf = t < 0 ? 11 : s.suf[t];
  int k = 0;
  // A child's label is fixed once it is attached, so it may be cached with the token.
  if (st.flags != nullptr && role >= kS0L1) {
    f[k++] = Feat(240 + role, t < 0 ? 0 : static_cast<uint64_t>(st.lab[t] + 2));
  }
  switch (role) {
    case kBias:
      f[k++] = Feat(100, 0);
      break;
    case kS0:
      f[k++] = Feat(101, w);
      f[k++] = Feat(102, tg);
      f[k++] = Feat(103, wt);
      f[k++] = Feat(200, suf, tg);
      break;
    case kS1:
      f[k++] = Feat(104, w);
      f[k++] = Feat(105, tg);
      f[k++] = Feat(106, wt);
      break;
    case kS2:
      f[k++] = Feat(114, tg);
      break;
    case kS0L1:
      f[k++] = Feat(180, w);
      f[k++] = Feat(181, tg);
      break;
    case kS0R1:
      f[k++] = Feat(182, w);
      f[k++] = Feat(183, tg);
      break;
    case kS0L2:
      f[k++] = Feat(184, tg);
      break;
    case kS0R2:
      f[k++] = Feat(185, tg);
      break;
    case kB0L1:
      f[k++] = Feat(186, w);
      f[k++] = Feat(187, tg);
      break;
    case kB0L2:
      f[k++] = Feat(188, tg);
      break;
    case kS1R1:
      f[k++] = Feat(189, tg);
      f[k++] = Feat(190, w);
      break;
    default:
      f[k++] = Feat(191, tg);
      break;
  }
  return k;
}

// Features of the buffer window b0..b2 only (words, tags, suffix): the same for every
// transition until the next shift, so Parse() scores them once per buffer position.
int BufferFeatures(const Sent& s, int b, uint32_t* f) {
  const int b0 = b <= s.n ? b : -1;
  const int b1 = b + 1 <= s.n ? b + 1 : -1;
  const int b2 = b + 2 <= s.n ? b + 2 : -1;
  auto W = [&](int i) -> uint64_t { return i < 0 ? 7 : s.w[i]; };
  auto T = [&](int i) -> uint64_t { return i < 0 ? 0 : s.t[i]; };
  auto WT = [&](int i) -> uint64_t { return i < 0 ? 3 : s.wt[i]; };
  auto SUF = [&](int i) -> uint64_t { return i < 0 ? 11 : s.suf[i]; };
  const uint64_t b0w = W(b0), b0t = T(b0), b0wt = WT(b0);
  const uint64_t b1w = W(b1), b1t = T(b1), b1wt = WT(b1);
  const uint64_t b2t = T(b2);
  int k = 0;
  f[k++] = Feat(107, b0w);
  f[k++] = Feat(108, b0t);
  f[k++] = Feat(109, b0wt);
  f[k++] = Feat(110, b1w);
  f[k++] = Feat(111, b1t);
  f[k++] = Feat(112, b1wt);
  f[k++] = Feat(113, b2t);
  f[k++] = Feat(127, b0t, b1t);
  f[k++] = Feat(135, b0w, b1w);
  f[k++] = Feat(140, b0t, b1t, b2t);
  f[k++] = Feat(201, SUF(b0), b0t);
  f[k++] = Feat(203, b0w, b1t, b2t);
  return k;
}

int ArcFeatures(const Sent& s, const DependencyParser::State& st, uint32_t* f) {
  int k = StateFeatures(s, st, f);
  return k + BufferFeatures(s, st.b, f + k);
}

// Per-sentence tree facts for the labeller.
struct TreeInfo {
  std::vector<int> case_child;  // first left child tagged IN/TO/POS, -1 if none
  std::vector<uint64_t> aux_sig;  // hash of left VB*/MD/TO children words
  std::vector<int> nchildren, leftmost, rightmost;
  std::vector<uint8_t> has_det, has_mark;
};

TreeInfo MakeTreeInfo(const std::vector<Token>& tokens, const std::vector<int>& heads,
                      const std::vector<WordInfo>& words) {
  const int n = static_cast<int>(tokens.size());
  TreeInfo ti;
  ti.case_child.assign(n + 1, -1);
  ti.aux_sig.assign(n + 1, 0);
  ti.nchildren.assign(n + 1, 0);
  ti.leftmost.assign(n + 1, -1);
  ti.rightmost.assign(n + 1, -1);
  ti.has_det.assign(n + 1, 0);
  ti.has_mark.assign(n + 1, 0);
  for (int c = 0; c < n; ++c) {
    int h = heads[c];
    if (h < 0 || h > n) continue;
    const std::string& x = tokens[c].xpos;
    ++ti.nchildren[h];
    if (ti.leftmost[h] < 0 || c < ti.leftmost[h]) ti.leftmost[h] = c;
    if (c > ti.rightmost[h]) ti.rightmost[h] = c;
    if (c < h && ti.case_child[h] < 0 && (x == "IN" || x == "TO" || x == "POS")) {
      ti.case_child[h] = c;
    }
    if (c < h && (x.rfind("VB", 0) == 0 || x == "MD")) {
      ti.aux_sig[h] = Mix64(ti.aux_sig[h] * 131 + words[c].lower);
    }
    if (x == "DT" || x == "PRP$" || x == "WDT") ti.has_det[h] = 1;
    if (x == "WRB" || x == "WP" || (x == "IN" && c < h)) ti.has_mark[h] = 1;
  }
  return ti;
}

// What both relation labellers (after the tree, templates 300-; joint, 400-) know of an arc
// head -> dependent, and the templates they share, numbered from `base`.
struct ArcFacts {
  uint64_t dw, dt, dwt, hw, ht, dir, dist, cw, hsig, dsig, sib;
};

int SharedLabelFeatures(uint32_t base, const ArcFacts& a, uint32_t* f) {
  int k = 0;
  f[k++] = Feat(base + 0, 0);
  f[k++] = Feat(base + 1, a.dw);
  f[k++] = Feat(base + 2, a.dt);
  f[k++] = Feat(base + 3, a.dwt);
  f[k++] = Feat(base + 4, a.hw);
  f[k++] = Feat(base + 5, a.ht);
  f[k++] = Feat(base + 6, a.dt, a.ht);
  f[k++] = Feat(base + 7, a.dw, a.ht);
  f[k++] = Feat(base + 8, a.dt, a.hw);
  f[k++] = Feat(base + 9, a.dw, a.hw);
  f[k++] = Feat(base + 10, a.dir, a.dist);
  f[k++] = Feat(base + 11, a.dir, a.dt, a.ht);
  f[k++] = Feat(base + 12, a.dir, a.dist, a.dt);
  f[k++] = Feat(base + 13, a.cw, a.dt);
  f[k++] = Feat(base + 14, a.cw, a.dt, a.ht);
  f[k++] = Feat(base + 15, a.cw, a.dir);
  f[k++] = Feat(base + 16, a.hsig, a.dir, a.dt);
  f[k++] = Feat(base + 17, a.hsig, a.ht);
  f[k++] = Feat(base + 18, a.dsig, a.dt);
  f[k++] = Feat(base + 19, a.sib, a.dt, a.dir);
  f[k++] = Feat(base + 20, a.sib, a.ht);
  return k;
}

int LabelFeatures(const Sent& s, const std::vector<Token>& tokens,
                  const std::vector<WordInfo>& words, const std::vector<int>& heads,
                  const TreeInfo& ti, const std::vector<int>& sib_label, int d, uint32_t* f) {
  const int n = s.n;
  const int h = heads[d];
  auto W = [&](int i) -> uint64_t { return i < 0 || i > n ? 7 : s.w[i]; };
  auto T = [&](int i) -> uint64_t { return i < 0 || i > n ? 0 : s.t[i]; };
  const uint64_t dw = s.w[d], dt = s.t[d], hw = W(h), ht = T(h);
  const uint64_t dir = h > d ? 1 : 2;
  const uint64_t dist = DistBucket(d, h);
  const int g = (h >= 0 && h < n) ? heads[h] : -1;
  const int cc = ti.case_child[d];
  const uint64_t cw = cc >= 0 ? s.w[cc] : 5;
  const uint64_t hsig = h >= 0 && h <= n ? ti.aux_sig[h] : 0;
  const uint64_t dsig = ti.aux_sig[d];
  const uint64_t sib = static_cast<uint64_t>(sib_label[d] + 2);
  int k = SharedLabelFeatures(300, {dw, dt, s.wt[d], hw, ht, dir, dist, cw, hsig, dsig, sib}, f);
  f[k++] = Feat(321, T(g), ht, dt);
  f[k++] = Feat(322, ti.has_det[d], dt, ht);
  f[k++] = Feat(323, ti.has_mark[d], dt, dir);
  f[k++] = Feat(324, std::min(ti.nchildren[d], 4), dt);
  f[k++] = Feat(325, T(ti.leftmost[d]), dt);
  f[k++] = Feat(326, T(ti.rightmost[d]), dt);
  f[k++] = Feat(327, T(d - 1), dt, dir);
  f[k++] = Feat(328, T(d + 1), dt, dir);
  f[k++] = Feat(329, W(d - 1), dt);
  f[k++] = Feat(330, W(d + 1), dt);
  f[k++] = Feat(331, words[d].shape, dt);
  f[k++] = Feat(332, words[d].suf3, dt);
  f[k++] = Feat(333, dw, dir);
  f[k++] = Feat(334, hw, dir, dt);
  f[k++] = Feat(335, hsig, dsig, dt);
  f[k++] = Feat(336, words[d].capitalized, dt, ht);
  f[k++] = Feat(337, W(ti.leftmost[d]), dt);
  f[k++] = Feat(338, h == n, dt);
  (void)tokens;
  return k;
}

// Features for labelling the arc h -> d as it is made (joint labelling): d's subtree is
// complete then; of h only the children made so far are known.
int ArcLabelFeatures(const Sent& s, const DependencyParser::State& st, int h, int d,
                     uint32_t* f) {
  const int n = s.n;
  auto W = [&](int i) -> uint64_t { return i < 0 || i > n ? 7 : s.w[i]; };
  auto T = [&](int i) -> uint64_t { return i < 0 || i > n ? 0 : s.t[i]; };
  auto LAB = [&](int i) -> uint64_t { return i < 0 ? 0 : static_cast<uint64_t>(st.lab[i] + 2); };
  const uint64_t dw = s.w[d], dt = s.t[d], hw = W(h), ht = T(h);
  const uint64_t dir = h > d ? 1 : 2;
  const uint64_t dist = DistBucket(d, h);
  const int cc = st.case_child[d];
  const uint64_t cw = cc >= 0 ? s.w[cc] : 5;
  const uint64_t hsig = st.aux_sig[h];
  const uint64_t dsig = st.aux_sig[d];
  const uint64_t sib = LAB(d < h ? st.l1[h] : st.r1[h]);  // nearest child of h on d's side
  const int b0 = st.b <= n ? st.b : -1;
  const int lm = st.l1[d], rm = st.r1[d];  // leftmost / rightmost child (-1: none)
  int k = SharedLabelFeatures(400, {dw, dt, s.wt[d], hw, ht, dir, dist, cw, hsig, dsig, sib}, f);
  f[k++] = Feat(421, T(b0), ht, dt);
  f[k++] = Feat(422, st.has_det[d], dt, ht);
  f[k++] = Feat(423, st.has_mark[d], dt, dir);
  f[k++] = Feat(424, std::min(st.nl[d] + st.nr[d], 4), dt);
  f[k++] = Feat(425, T(lm), dt);
  f[k++] = Feat(426, T(rm), dt);
  f[k++] = Feat(427, T(d - 1), dt, dir);
  f[k++] = Feat(428, T(d + 1), dt, dir);
  f[k++] = Feat(429, W(d - 1), dt);
  f[k++] = Feat(430, W(d + 1), dt);
  f[k++] = Feat(431, s.shape[d], dt);
  f[k++] = Feat(432, s.suf[d], dt);
  f[k++] = Feat(433, dw, dir);
  f[k++] = Feat(434, hw, dir, dt);
  f[k++] = Feat(435, hsig, dsig, dt);
  f[k++] = Feat(436, s.cap[d], dt, ht);
  f[k++] = Feat(437, W(lm), dt);
  f[k++] = Feat(438, h == n, dt);
  f[k++] = Feat(439, st.lset[d], dt);
  f[k++] = Feat(440, st.rset[d], dt);
  f[k++] = Feat(441, st.lset[h], st.rset[h], dt);
  return k;
}

// Nearest already-labelled left sibling's label for each dependent, filled as labelling goes.
void Label(const Sent& s, const std::vector<Token>& tokens, const std::vector<WordInfo>& words,
           const std::vector<int>& heads, const FrozenPerceptron* model,
           PerceptronTrainer* trainer, const std::vector<int>* gold, int root_label,
           std::vector<int>* out) {
  const int n = s.n;
  TreeInfo ti = MakeTreeInfo(tokens, heads, words);
  std::vector<int> last_child_label(n + 1, -1), sib_label(n, -1);
  out->assign(n, 0);
  uint32_t f[kMaxFeats];
  int nclasses = model ? model->nclasses() : trainer->nclasses();
  std::vector<float> iscores(nclasses);
  std::vector<float> fscores(nclasses);
  for (int d = 0; d < n; ++d) {
    int h = heads[d];
    sib_label[d] = last_child_label[h];
    int label;
    if (h == n && root_label >= 0) {
      label = root_label;
    } else {
      int k = LabelFeatures(s, tokens, words, heads, ti, sib_label, d, f);
      if (model) {
        label = model->Best(f, k, iscores.data());
      } else {
        label = trainer->Best(f, k, fscores.data());
        trainer->Update(f, k, (*gold)[d], label);
        trainer->Tick();
        label = (*gold)[d];
      }
    }
    (*out)[d] = label;
    last_child_label[h] = label;
  }
}

}  // namespace

int DependencyParser::TagId(const std::string& xpos) const {
  auto it = tag_index_.find(xpos);
  return it == tag_index_.end() ? -1 : it->second;
}

void DependencyParser::Index() {
  tag_index_.clear();
  for (size_t i = 0; i < tags_.size(); ++i) tag_index_[tags_[i]] = static_cast<int>(i);
  root_label_ = -1;
  for (size_t i = 0; i < labels_names_.size(); ++i) {
    if (labels_names_[i] == "root") root_label_ = static_cast<int>(i);
  }
}

void DependencyParser::Parse(std::vector<Token>& tokens, const std::vector<WordInfo>& words) const {
  const int n = static_cast<int>(tokens.size());
  if (n == 0) return;
  Sent s = MakeSent(tokens, words, [this](const std::string& x) { return TagId(x); });
  State st;
  st.Init(n);
  uint32_t f[kMaxFeats];
  float scores[3], bscores[3] = {0, 0, 0};
  int cached_b = -1;
  // Integer sums of RoleFeatures per (role, token + 1), filled on first use.
  struct RoleSum {
    int32_t acc[3] = {0, 0, 0};
    bool valid = false;
  };
  std::vector<RoleSum> role_cache(static_cast<size_t>(kRoles) * (n + 2));
  const bool joint = joint_;
  if (joint) st.InitTree(s.flags.data(), s.w.data());
  uint32_t lf[kMaxFeats];
  std::vector<float> lscores(joint ? arc_labels_.nclasses() : 0);
  // Applies a transition; with joint labelling an arc is labelled as it is made.
  auto apply = [&](int a) {
    if (!joint || a == kShift) {
      st.Apply(a);
      return;
    }
    const int d = st.stack.back();
    const int h = a == kLeft ? st.b : st.stack[st.stack.size() - 2];
    int label = root_label_;
    if (h != n || root_label_ < 0) {
      label = arc_labels_.Best(lf, ArcLabelFeatures(s, st, h, d, lf), lscores.data());
    }
    st.Apply(a);
    st.SetLabel(d, label);
  };
  while (!st.Terminal()) {
    // With one valid transition (e.g. an empty stack) there is nothing to score.
    const int nvalid = st.Valid(kShift) + st.Valid(kLeft) + st.Valid(kRight);
    if (nvalid == 1) {
      apply(st.Valid(kShift) ? kShift : st.Valid(kLeft) ? kLeft : kRight);
      continue;
    }
    if (st.b != cached_b) {
      const int kb = BufferFeatures(s, st.b, f);
      bscores[0] = bscores[1] = bscores[2] = 0;
      arcs_.Score(f, kb, bscores);
      cached_b = st.b;
    }
    // Integer sum of the state features: the per-role sums come from the cache.
    const int sz = static_cast<int>(st.stack.size());
    const int s0 = sz > 0 ? st.stack[sz - 1] : -1;
    const int s1 = sz > 1 ? st.stack[sz - 2] : -1;
    const int s2 = sz > 2 ? st.stack[sz - 3] : -1;
    const int b0 = st.b <= st.n ? st.b : -1;
    const int role_token[kRoles] = {-1,
                                    s0,
                                    s1,
                                    s2,
                                    s0 < 0 ? -1 : st.l1[s0],
                                    s0 < 0 ? -1 : st.r1[s0],
                                    s0 < 0 ? -1 : st.l2[s0],
                                    s0 < 0 ? -1 : st.r2[s0],
                                    b0 < 0 ? -1 : st.l1[b0],
                                    b0 < 0 ? -1 : st.l2[b0],
                                    s1 < 0 ? -1 : st.r1[s1],
                                    s1 < 0 ? -1 : st.l1[s1]};
    int32_t acc[4] = {0, 0, 0, 0};
    for (int r = 0; r < kRoles; ++r) {
      RoleSum& c = role_cache[static_cast<size_t>(r) * (n + 2) + (role_token[r] + 1)];
      if (!c.valid) {
        arcs_.Accumulate(f, RoleFeatures(s, st, r, role_token[r], f), c.acc);
        c.valid = true;
      }
      acc[0] += c.acc[0];
      acc[1] += c.acc[1];
      acc[2] += c.acc[2];
    }
    int k = StateFeaturesNoRoles(s, st, f);
    arcs_.Accumulate(f, k, acc);
    scores[0] = bscores[0];
    scores[1] = bscores[1];
    scores[2] = bscores[2];
    arcs_.AddScaled(acc, scores);
    int best = -1;
    for (int a = 0; a < 3; ++a) {
      if (st.Valid(a) && (best < 0 || scores[a] > scores[best])) best = a;
    }
    apply(best);
  }
  std::vector<int> heads(st.head.begin(), st.head.begin() + n);
  std::vector<int> labels;
  if (joint) {
    labels.assign(st.lab.begin(), st.lab.begin() + n);
  } else {
    Label(s, tokens, words, heads, &labels_, nullptr, nullptr, root_label_, &labels);
  }
  for (int i = 0; i < n; ++i) {
    tokens[i].head = heads[i] == n ? -1 : heads[i];
    tokens[i].deprel = labels_names_.empty() ? "dep" : labels_names_[labels[i]];
  }
}

DependencyParser DependencyParser::Train(const std::vector<Sentence>& train,
                                         const Options& options) {
  DependencyParser p;
  std::map<std::string, int> tag_ids, label_ids;
  for (const auto& s : train) {
    for (const auto& t : s.tokens) {
      tag_ids.try_emplace(t.xpos, 0);
      label_ids.try_emplace(t.deprel, 0);
    }
  }
  for (auto& [name, id] : tag_ids) {
    id = static_cast<int>(p.tags_.size());
    p.tags_.push_back(name);
  }
  for (auto& [name, id] : label_ids) {
    id = static_cast<int>(p.labels_names_.size());
    p.labels_names_.push_back(name);
  }
  auto tag_id = [&](const std::string& x) {
    auto it = tag_ids.find(x);
    return it == tag_ids.end() ? -1 : it->second;
  };
  std::vector<Sent> sents;
  std::vector<std::vector<WordInfo>> words(train.size());
  std::vector<std::vector<int>> gold_heads(train.size()), gold_labels(train.size());
  for (size_t i = 0; i < train.size(); ++i) {
    const auto& toks = train[i].tokens;
    for (const auto& t : toks) {
      words[i].push_back(MakeWordInfo(t.text));
      gold_heads[i].push_back(t.head < 0 ? static_cast<int>(toks.size()) : t.head);
      gold_labels[i].push_back(label_ids[t.deprel]);
    }
    sents.push_back(MakeSent(toks, words[i], tag_id));
  }
  std::vector<size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  // One transition model per ensemble member, each with its own seed (shuffles, exploration);
  // members train on their own threads and are averaged into one model.
  const int members = std::max(1, options.ensemble);
  std::vector<std::unique_ptr<PerceptronTrainer>> arc_models(members);
  std::vector<std::unique_ptr<PerceptronTrainer>> arc_label_models(members);
  // Member 0's random state and shuffled order after its epochs; the labeller continues them.
  std::mt19937_64 label_rng;
  std::vector<size_t> label_order;
  const bool joint = options.joint_labels;
  const int nlabels = static_cast<int>(p.labels_names_.size());
  const int root_label = label_ids.count("root") ? label_ids["root"] : -1;
  auto train_arcs = [&](int m) {
    std::mt19937_64 rng(options.seed + static_cast<uint64_t>(m) * 1000003);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::vector<size_t> order(train.size());
    std::iota(order.begin(), order.end(), 0);
    auto arcs_ptr = std::make_unique<PerceptronTrainer>(3);
    PerceptronTrainer& arcs = *arcs_ptr;
    auto labs_ptr = std::make_unique<PerceptronTrainer>(joint ? nlabels : 1);
    PerceptronTrainer& labs = *labs_ptr;
    std::vector<float> lscores(joint ? nlabels : 1);
    uint32_t lf[kMaxFeats];
    uint32_t f[kMaxFeats];
    float scores[3];
    State st;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
      for (size_t si : order) {
        const Sent& s = sents[si];
        const auto& gold = gold_heads[si];
        const auto& glab = gold_labels[si];
        st.Init(s.n);
        if (joint) st.InitTree(s.flags.data(), s.w.data());
        while (!st.Terminal()) {
          int k = ArcFeatures(s, st, f);
          scores[0] = scores[1] = scores[2] = 0;
          arcs.Score(f, k, scores);
          int pred = -1, best_gold = -1, min_cost = 1 << 30;
          int cost[3] = {0, 0, 0};
          for (int a = 0; a < 3; ++a) {
            if (!st.Valid(a)) continue;
            cost[a] = st.Cost(a, gold);
            min_cost = std::min(min_cost, cost[a]);
            if (pred < 0 || scores[a] > scores[pred]) pred = a;
          }
          for (int a = 0; a < 3; ++a) {
            if (st.Valid(a) && cost[a] == min_cost &&
                (best_gold < 0 || scores[a] > scores[best_gold])) {
              best_gold = a;
            }
          }
          if (cost[pred] > min_cost) arcs.Update(f, k, best_gold, pred);
          arcs.Tick();
          int next = best_gold;
          if (cost[pred] == min_cost ||
              (epoch >= options.explore_after && coin(rng) < options.explore_prob)) {
            next = pred;
          }
          if (!joint || next == kShift) {
            st.Apply(next);
            continue;
          }
          // Label the arc as it is made: learn from gold arcs; the state keeps the prediction
          // (after the first epochs, as exploration does) or the gold label.
          const int d = st.stack.back();
          const int h = next == kLeft ? st.b : st.stack[st.stack.size() - 2];
          int label = root_label;
          if (h != s.n || root_label < 0) {
            const int lk = ArcLabelFeatures(s, st, h, d, lf);
            const int lpred = labs.Best(lf, lk, lscores.data());
            label = lpred;
            if (gold[d] == h) {
              labs.Update(lf, lk, glab[d], lpred);
              labs.Tick();
              if (!(epoch >= options.explore_after && coin(rng) < options.explore_prob)) {
                label = glab[d];
              }
            }
          }
          st.Apply(next);
          st.SetLabel(d, label);
        }
      }
    }
    arc_models[m] = std::move(arcs_ptr);
    arc_label_models[m] = std::move(labs_ptr);
    if (m == 0) {
      label_rng = rng;
      label_order = order;
    }
  };
  // Members run on up to options.threads threads; each writes only its own slot.
  for (int m0 = 0; m0 < members; m0 += std::max(1, options.threads)) {
    std::vector<std::thread> pool;
    for (int m = m0; m < members && m < m0 + std::max(1, options.threads); ++m) {
      pool.emplace_back(train_arcs, m);
    }
    for (auto& t : pool) t.join();
  }
  if (members == 1) {
    p.arcs_ = arc_models[0]->Freeze(options.min_updates);
  } else {
    std::vector<const PerceptronTrainer*> ptrs;
    for (const auto& m : arc_models) ptrs.push_back(m.get());
    p.arcs_ = PerceptronTrainer::FreezeMean(ptrs, options.min_updates);
  }
  arc_models.clear();
  p.joint_ = joint;
  if (joint) {
    if (members == 1) {
      p.arc_labels_ = arc_label_models[0]->Freeze(2);
    } else {
      std::vector<const PerceptronTrainer*> ptrs;
      for (const auto& m : arc_label_models) ptrs.push_back(m.get());
      p.arc_labels_ = PerceptronTrainer::FreezeMean(ptrs, 2);
    }
  }
  arc_label_models.clear();
  std::mt19937_64& rng = label_rng;
  order = label_order;
  PerceptronTrainer labels(static_cast<int>(p.labels_names_.size()));
  std::vector<int> out;
  for (int epoch = 0; epoch < (joint ? 0 : options.label_epochs); ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (size_t si : order) {
      Label(sents[si], train[si].tokens, words[si], gold_heads[si], nullptr, &labels,
            &gold_labels[si], root_label, &out);
    }
  }
  if (!joint) p.labels_ = labels.Freeze(2);
  p.Index();
  return p;
}

void DependencyParser::Write(ByteWriter* w) const {
  w->PutStrings(tags_);
  w->PutStrings(labels_names_);
  // Joint labelling is marked by a byte before the transition model, whose first field (the
  // class count, a u32 = 3) tells the layouts apart; files without it load as before.
  if (joint_) w->Put<uint8_t>(1);
  arcs_.Write(w);
  (joint_ ? arc_labels_ : labels_).Write(w);
}

bool DependencyParser::Read(ByteReader* r) {
  if (!r->GetStrings(&tags_) || !r->GetStrings(&labels_names_)) return false;
  ByteReader peek = *r;
  uint8_t mark = 0;
  if (!peek.Get(&mark)) return false;
  joint_ = mark == 1;
  if (joint_) r->Get(&mark);
  if (!arcs_.Read(r)) return false;
  FrozenPerceptron& labeller = joint_ ? arc_labels_ : labels_;
  if (!labeller.Read(r) || labeller.nclasses() != static_cast<int>(labels_names_.size())) {
    return false;
  }
  Index();
  return arcs_.nclasses() == 3;
}

}  // namespace kg::ingest::nlp
