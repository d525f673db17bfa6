#include "ingest/extract/extraction.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "ingest/extract/clause_extractor.h"
#include "ingest/extract/entity_resolver.h"
#include "ingest/extract/tree.h"

namespace kg::ingest {

std::string_view EntityLabelName(EntityLabel label) {
  switch (label) {
    case EntityLabel::kPerson:
      return "Person";
    case EntityLabel::kOrganization:
      return "Organization";
    case EntityLabel::kLocation:
      return "Location";
    case EntityLabel::kConcept:
      return "Concept";
  }
  return "Concept";
}

std::string ThirdPerson(std::string_view lemma_in) {
  std::string l = LowerAscii(lemma_in);
  if (l.empty()) return l;
  if (l == "be") return "is";
  if (l == "have") return "has";
  if (l == "do") return "does";
  if (l == "go") return "goes";
  auto ends = [&](std::string_view s) {
    return l.size() >= s.size() && std::string_view(l).substr(l.size() - s.size()) == s;
  };
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh")) return l + "es";
  if (l.size() > 1 && l.back() == 'y' && !vowel(l[l.size() - 2])) {
    return l.substr(0, l.size() - 1) + "ies";
  }
  if (l.size() > 1 && l.back() == 'o' && !vowel(l[l.size() - 2])) return l + "es";
  return l + "s";
}

namespace {

bool Nominal(const std::string& upos) {
  return upos == "NOUN" || upos == "PROPN" || upos == "PRON" || upos == "NUM";
}

// Prepositional-phrase coordination the parser attached one level too high: in "criticism
// from Ukraine and European allies" the conjunct "allies" belongs to "Ukraine", not to
// "criticism". A nominal conjunct is moved onto the last prepositional dependent of its head
// when that dependent sits between the two and nothing else intervenes.
void RepairCoordination(Sentence* s) {
  const int n = static_cast<int>(s->tokens.size());
  std::vector<int> lo(n), hi(n);
  for (int i = 0; i < n; ++i) lo[i] = hi[i] = i;
  for (int i = 0; i < n; ++i) {
    for (int h = s->tokens[i].head, guard = 0; h >= 0 && h < n && guard < n; h = s->tokens[h].head, ++guard) {
      lo[h] = std::min(lo[h], i);
      hi[h] = std::max(hi[h], i);
    }
  }
  for (int c = 0; c < n; ++c) {
    Token& tc = s->tokens[c];
    if (tc.deprel != "conj" || tc.head < 0 || !Nominal(tc.upos)) continue;
    int a = tc.head;
    if (!Nominal(s->tokens[a].upos)) continue;
    int best = -1;
    for (int b = a + 1; b < c; ++b) {
      const Token& tb = s->tokens[b];
      if (tb.head != a || !Nominal(tb.upos)) continue;
      if (tb.deprel.rfind("nmod", 0) != 0 || tb.deprel == "nmod:poss") continue;
      if (hi[b] < lo[c] && hi[b] >= lo[c] - 2) best = b;  // only "and"/"or"/"," between
    }
    if (best >= 0) tc.head = best;
  }
}

// An auxiliary heading a clause (it has a subject) while the verb it belongs to hangs
// elsewhere ("the Federation has “always wanted a deal”" with "wanted" attached as a conjunct
// of the main verb): the verb takes the auxiliary's place and the auxiliary becomes its aux.
void RepairStrandedAuxiliary(Sentence* s) {
  const int n = static_cast<int>(s->tokens.size());
  for (int a = 0; a < n; ++a) {
    Token& ta = s->tokens[a];
    bool aux_like = ta.upos == "AUX" || (ta.upos == "VERB" && (ta.lemma == "have" || ta.lemma == "be"));
    if (!aux_like || ta.deprel == "cop" || ta.deprel == "aux" || ta.deprel == "aux:pass") continue;
    bool has_object = false;
    for (int k = 0; k < n; ++k) has_object = has_object || (s->tokens[k].head == a && s->tokens[k].deprel == "obj");
    if (has_object) continue;
    bool has_subject = false;
    for (int k = 0; k < n; ++k) {
      if (s->tokens[k].head == a && s->tokens[k].deprel.rfind("nsubj", 0) == 0) has_subject = true;
      if (s->tokens[k].head == a && s->tokens[k].upos == "VERB") has_subject = false;
    }
    if (!has_subject) continue;
    int v = -1;
    for (int k = a + 1; k < n && k <= a + 4; ++k) {
      const std::string& u = s->tokens[k].upos;
      if (u == "VERB") {
        if (ta.upos == "VERB" && s->tokens[k].xpos != "VBN" && s->tokens[k].xpos != "VBD") break;
        v = k;
        break;
      }
      if (u != "PUNCT" && u != "ADV" && u != "PART") break;
    }
    if (v < 0) continue;
    const std::string& r = s->tokens[v].deprel;
    if (r != "conj" && r != "parataxis" && r != "dep" && r != "advcl" && r != "xcomp") continue;
    for (int k = 0; k < n; ++k) {
      if (s->tokens[k].head == a && k != v) s->tokens[k].head = v;
    }
    if (ta.head != v) {  // an auxiliary already hanging off its verb only changes its label
      s->tokens[v].head = ta.head;
      s->tokens[v].deprel = ta.deprel;
    }
    ta.head = v;
    ta.deprel = "aux";
  }
}

// A resolved name tagged as a verb with an infinitival "to" ("his visits to Moscow" read as
// "to [verb] Moscow") is a prepositional dependent of the noun before the "to".
void RepairNameVerbs(Sentence* s, const std::vector<int>& token_entity) {
  const int n = static_cast<int>(s->tokens.size());
  for (int v = 1; v < n; ++v) {
    Token& tv = s->tokens[v];
    if (tv.upos != "VERB" || token_entity[v] < 0) continue;
    int to = v - 1;
    if (s->tokens[to].head != v || (s->tokens[to].text != "to" && s->tokens[to].text != "To")) continue;
    int noun = to - 1;
    if (noun < 0 || s->tokens[noun].upos != "NOUN") continue;
    tv.upos = "PROPN";
    tv.head = noun;
    tv.deprel = "nmod";
    s->tokens[to].deprel = "case";
    s->tokens[to].upos = "ADP";
    for (int k = 0; k < n; ++k) {
      if (s->tokens[k].head == v && k != to) s->tokens[k].head = noun;
    }
  }
}

// True when every head chain ends at a root: the rules walk heads and subtrees and must never
// meet a cycle (a repair or the parser could produce one).
bool Acyclic(const Sentence& s) {
  const int n = static_cast<int>(s.tokens.size());
  std::vector<char> state(n, 0);  // 0 unknown, 1 on the current path, 2 reaches a root
  for (int i = 0; i < n; ++i) {
    std::vector<int> path;
    int j = i;
    while (j >= 0 && j < n && state[j] == 0) {
      state[j] = 1;
      path.push_back(j);
      j = s.tokens[j].head;
    }
    if (j >= 0 && j < n && state[j] == 1) return false;
    for (int k : path) state[k] = 2;
  }
  return true;
}

// Cuts every cycle: a token whose head chain comes back to itself becomes a root dependent.
void BreakCycles(Sentence* s) {
  const int n = static_cast<int>(s->tokens.size());
  for (int i = 0; i < n; ++i) {
    int j = s->tokens[i].head;
    for (int guard = 0; j >= 0 && j < n && guard <= n; ++guard) {
      if (j == i) {
        s->tokens[i].head = -1;
        s->tokens[i].deprel = "dep";
        break;
      }
      j = s->tokens[j].head;
    }
  }
}

// Applies a tree repair and keeps it only if the tree stays acyclic.
template <typename Repair>
void SafeRepair(Sentence* s, Repair repair) {
  // Repairs change only heads, relations and tags: keep those, not whole tokens.
  struct Saved {
    int head;
    std::string deprel, upos;
  };
  std::vector<Saved> before;
  before.reserve(s->tokens.size());
  for (const Token& t : s->tokens) before.push_back({t.head, t.deprel, t.upos});
  repair(s);
  if (Acyclic(*s)) return;
  for (size_t i = 0; i < before.size() && i < s->tokens.size(); ++i) {
    s->tokens[i].head = before[i].head;
    s->tokens[i].deprel = std::move(before[i].deprel);
    s->tokens[i].upos = std::move(before[i].upos);
  }
}

}  // namespace

Extraction ExtractDocument(std::string_view /*text*/, const std::vector<Sentence>& input) {
  std::vector<Sentence> sentences = input;
  for (Sentence& s : sentences) {
    if (!Acyclic(s)) BreakCycles(&s);
    SafeRepair(&s, RepairCoordination);
    SafeRepair(&s, RepairStrandedAuxiliary);
  }
  std::vector<Tree> trees;
  trees.reserve(sentences.size());
  for (const Sentence& s : sentences) trees.emplace_back(s);
  EntityIndex index = ResolveEntities(sentences, trees);
  bool repaired = false;
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<Token> before = sentences[i].tokens;
    SafeRepair(&sentences[i], [&](Sentence* s) { RepairNameVerbs(s, index.token_entity[i]); });
    for (size_t k = 0; k < before.size() && !repaired; ++k) {
      repaired = before[k].head != sentences[i].tokens[k].head;
    }
  }
  if (repaired) {
    trees.clear();
    for (const Sentence& s : sentences) trees.emplace_back(s);
  }

  Extraction result;
  std::vector<ExtractedTriple> raw;
  for (int si = 0; si < static_cast<int>(sentences.size()); ++si) {
    ExtractClauses(trees, si, index, &raw);
  }
  result.entities = std::move(index.entities);

  // Titles become triples of their own, evidenced by the entity's first mention.
  for (size_t id = 0; id < result.entities.size(); ++id) {
    const ExtractedEntity& e = result.entities[id];
    if (e.title.empty()) continue;
    ExtractedTriple t;
    t.subject.text = t.subject.surface = e.name;
    t.subject.entity = static_cast<int>(id);
    t.relation = "title";
    t.relation_surface = "is";
    t.object.text = t.object.surface = e.title;
    t.kind = TripleKind::kTitle;
    t.confidence = 0.85;
    t.sentence = e.first_sentence;
    if (e.first_sentence < static_cast<int>(sentences.size())) {
      t.begin = sentences[e.first_sentence].begin;
      t.end = sentences[e.first_sentence].end;
    }
    raw.push_back(std::move(t));
  }

  // One triple per (subject, relation, object, negation) in a document: the first reading,
  // with the highest confidence seen.
  std::set<std::tuple<std::string, std::string, std::string, bool>> seen;
  for (ExtractedTriple& t : raw) {
    auto key = std::make_tuple(LowerAscii(t.subject.text), t.relation, LowerAscii(t.object.text),
                               t.qualifiers.negated);
    if (!seen.insert(key).second) continue;
    result.triples.push_back(std::move(t));
  }
  return result;
}

}  // namespace kg::ingest
