#include "ingest/extract/extraction.h"

#include <algorithm>
#include <cctype>
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

// Leftmost token of the subtree of i (heads are followed with a guard, so a cycle cannot hang).
int Leftmost(const Sentence& s, int i) {
  const int n = static_cast<int>(s.tokens.size());
  int lo = i;
  for (int k = 0; k < n; ++k) {
    for (int h = k, guard = 0; h >= 0 && h < n && guard <= n; h = s.tokens[h].head, ++guard) {
      if (h == i) {
        lo = std::min(lo, k);
        break;
      }
    }
  }
  return lo;
}

bool HasSubject(const Sentence& s, int v) {
  for (const Token& t : s.tokens) {
    if (t.head == v && (t.deprel.rfind("nsubj", 0) == 0 || t.deprel.rfind("csubj", 0) == 0 ||
                        t.deprel == "expl")) {
      return true;
    }
  }
  return false;
}

// A subordinate clause read as a prepositional phrase: in "weeks after Ottawa published a
// plan" the parser made "after Ottawa" an oblique of "published", which then has no
// subject. A subordinator heading a nominal right before a verb that has no subject and is not
// an infinitive or participle introduces that verb's clause: the nominal is its subject.
void RepairSubordinateSubject(Sentence* s) {
  static const std::set<std::string> kSubordinators = {
      "after", "before", "since", "until", "till", "because", "while", "when", "once",
      "as", "if", "unless", "although", "though", "whereas", "whenever"};
  const int n = static_cast<int>(s->tokens.size());
  for (int v = 1; v < n; ++v) {
    Token& tv = s->tokens[v];
    if (tv.upos != "VERB" || tv.xpos == "VBG" || tv.xpos == "VB" || HasSubject(*s, v)) continue;
    bool to_mark = false;
    for (const Token& t : s->tokens) {
      to_mark = to_mark || (t.head == v && t.deprel == "mark" && LowerAscii(t.text) == "to");
    }
    if (to_mark) continue;
    int nom = v - 1;
    if (s->tokens[nom].head != v || s->tokens[nom].deprel.rfind("obl", 0) != 0 ||
        !Nominal(s->tokens[nom].upos)) {
      continue;
    }
    int c = Leftmost(*s, nom);
    if (c >= nom || s->tokens[c].head != nom || s->tokens[c].deprel != "case" ||
        !kSubordinators.count(LowerAscii(s->tokens[c].text))) {
      continue;
    }
    s->tokens[nom].deprel = "nsubj";
    s->tokens[c].head = v;
    s->tokens[c].deprel = "mark";
    s->tokens[c].upos = "SCONJ";
  }
}

// A second object of one verb that begins with a conjunction ("won praise from Canada and
// Nordic partners" with "partners" as a second object of "won") is a conjunct of the nominal
// right before the conjunction. A conjunct before its own head ("Nordic" as a conjunct of
// "partners") breaks UD's left-to-right rule for conj and is read as a modifier.
void RepairSecondObject(Sentence* s) {
  const int n = static_cast<int>(s->tokens.size());
  for (int v = 0; v < n; ++v) {
    std::vector<int> objs;
    for (int k = 0; k < n; ++k) {
      if (s->tokens[k].head == v && s->tokens[k].deprel == "obj") objs.push_back(k);
    }
    if (objs.size() < 2) continue;
    for (size_t j = 1; j < objs.size(); ++j) {
      int o2 = objs[j];
      if (!Nominal(s->tokens[o2].upos)) continue;
      int cc = Leftmost(*s, o2);
      if (cc <= objs[0] || s->tokens[cc].deprel != "cc") continue;
      int x = cc - 1;
      while (x > objs[0] && s->tokens[x].upos == "PUNCT") --x;
      if (x <= objs[0] || !Nominal(s->tokens[x].upos)) continue;
      // The phrase head of x below the verb.
      int y = x;
      for (int guard = 0; guard < n; ++guard) {
        int h = s->tokens[y].head;
        if (h < 0 || h == v || h == objs[0] || h <= objs[0] || h >= cc) break;
        y = h;
      }
      if (!Nominal(s->tokens[y].upos)) continue;
      for (int k = cc; k < o2; ++k) {
        Token& tk = s->tokens[k];
        if (tk.deprel == "conj" && tk.head > k) {
          tk.deprel = tk.upos == "ADJ" ? "amod" : "compound";
        }
      }
      s->tokens[cc].head = o2;
      s->tokens[o2].head = y;
      s->tokens[o2].deprel = "conj";
    }
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

// The base form of a regular past form the lemmatizer left alone ("instructed" -> "instruct",
// "carried" -> "carry", "stopped" -> "stop", "praised" -> "praise").
std::string PastToBase(const std::string& w) {
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (w.size() < 5 || w.compare(w.size() - 2, 2, "ed") != 0) return w;
  if (w.compare(w.size() - 3, 3, "ied") == 0) return w.substr(0, w.size() - 3) + "y";
  std::string b = w.substr(0, w.size() - 2);
  size_t n = b.size();
  char last = b[n - 1];
  if (n >= 3 && last == b[n - 2] && !vowel(last) && last != 'l' && last != 's' && last != 'z' &&
      last != 'f') {
    return b.substr(0, n - 1);  // stopped, planned
  }
  if (last == 'v' || last == 'u' || last == 'z' || last == 'c' || last == 'g' ||
      (last == 's' && n >= 2 && vowel(b[n - 2])) ||
      (last == 'l' && n >= 2 && !vowel(b[n - 2]) && b[n - 2] != 'l' && b[n - 2] != 'r')) {
    return b + "e";  // solved, argued, seized, forced, urged, praised, settled
  }
  return b;
}

// A sentence without a clause ("In the audio, Lee allegedly instructed aide Ray on ...",
// with "instructed" tagged as an adjective of "aide" and "audio" as the root): when no verb has
// a subject and the root is a noun, an -ed word read as an adjective right after a resolved name
// (adverbs may come between) is the verb. The name becomes its subject, the noun it modified
// its object, the old root an oblique (or a dependent).
void RepairVerblessSentence(Sentence* s, const std::vector<int>& token_entity) {
  const int n = static_cast<int>(s->tokens.size());
  int root = -1;
  for (int i = 0; i < n; ++i) {
    if (s->tokens[i].head < 0) root = i;
  }
  if (root < 0 || !Nominal(s->tokens[root].upos) || HasSubject(*s, root)) return;
  for (const Token& t : s->tokens) {
    if (t.head == root && t.deprel == "cop") return;
  }
  for (int w = 1; w < n; ++w) {
    Token& tw = s->tokens[w];
    std::string lw = LowerAscii(tw.text);
    if (tw.upos != "ADJ" || tw.deprel != "amod" || lw.size() < 5 ||
        lw.compare(lw.size() - 2, 2, "ed") != 0) {
      continue;
    }
    int obj = tw.head;
    if (obj <= w || obj >= n || !Nominal(s->tokens[obj].upos)) continue;
    bool under_verb = false;  // only a word outside every clause can be the missing verb
    for (int h = obj, guard = 0; h >= 0 && h < n && guard <= n; h = s->tokens[h].head, ++guard) {
      under_verb = under_verb || s->tokens[h].upos == "VERB" || s->tokens[h].upos == "AUX";
    }
    if (under_verb) continue;
    int p = w - 1;
    std::vector<int> adverbs;
    while (p >= 0 && s->tokens[p].upos == "ADV") adverbs.push_back(p--);
    if (p < 0 || token_entity[p] < 0) continue;
    // The name's own head: climb while the head is part of the same name.
    int name = p;
    for (int guard = 0; guard < n; ++guard) {
      int h = s->tokens[name].head;
      if (h < 0 || h >= n || token_entity[h] != token_entity[p]) break;
      name = h;
    }
    if (name > w) continue;
    tw.upos = "VERB";
    if (LowerAscii(tw.lemma) == lw) tw.lemma = PastToBase(lw);
    tw.head = -1;
    tw.deprel = "root";
    if (root != obj) {
      bool has_case = false;
      for (const Token& t : s->tokens) has_case = has_case || (t.head == root && t.deprel == "case");
      s->tokens[root].head = w;
      s->tokens[root].deprel = has_case ? "obl" : "dep";
    }
    for (int k = 0; k < n; ++k) {  // sentence-final punctuation follows the root
      if (s->tokens[k].head == root && root != obj && s->tokens[k].deprel == "punct" && k == n - 1) {
        s->tokens[k].head = w;
      }
    }
    s->tokens[name].head = w;
    s->tokens[name].deprel = "nsubj";
    for (int a : adverbs) {
      s->tokens[a].head = w;
      s->tokens[a].deprel = "advmod";
    }
    s->tokens[obj].head = w;
    s->tokens[obj].deprel = "obj";
    return;
  }
}

// True when every head chain ends at a root: the rules walk heads and subtrees and must never
// meet a cycle (a repair or the parser could produce one).
// Main verb read as a reduced relative clause: in "A powerful earthquake struck the coast on
// Sunday, killing ..." the parser made "earthquake" the root and "struck" its `acl`. A sentence
// whose root is a noun without subject or copula, with a finite-looking past form (VBD/VBN)
// hanging off it as `acl` right after the noun's own words and no verb elsewhere above it, has
// that verb as its root and the noun as its subject; a nominal `xcomp` of the verb becomes its
// object. A reduced relative needs a main verb, which this sentence does not have.
void RepairNounRoot(Sentence* s) {
  const int n = static_cast<int>(s->tokens.size());
  int root = -1;
  for (int i = 0; i < n; ++i) {
    if (s->tokens[i].head < 0) root = i;
  }
  if (root < 0 || (s->tokens[root].upos != "NOUN" && s->tokens[root].upos != "PROPN") ||
      HasSubject(*s, root)) {
    return;
  }
  for (int i = 0; i < n; ++i) {
    const Token& t = s->tokens[i];
    if (t.head == root && (t.deprel == "cop" || t.deprel == "case")) return;
    if (t.upos == "VERB" && t.deprel != "acl" && t.head == root) return;
  }
  int v = -1;
  for (int i = root + 1; i < n; ++i) {
    const Token& t = s->tokens[i];
    if (t.head == root && t.deprel == "acl" && t.upos == "VERB" &&
        (t.xpos == "VBD" || t.xpos == "VBN")) {
      v = i;
      break;
    }
  }
  if (v < 0) return;
  for (int i = root + 1; i < v; ++i) {  // nothing but the noun's own words in between
    int h = s->tokens[i].head;
    if (s->tokens[i].deprel == "punct" || !(h == root || (h > root && h < v))) return;
  }
  bool has_object = false;
  for (int i = v + 1; i < n; ++i) {
    const Token& t = s->tokens[i];
    if (t.head == v && (t.deprel == "obj" || t.deprel == "xcomp") && Nominal(t.upos)) has_object = true;
  }
  if (!has_object) return;  // "the man arrested on Sunday": no object, a headline-like fragment
  for (int i = 0; i < n; ++i) {
    Token& t = s->tokens[i];
    if (t.head == root && i > v) t.head = v;  // what follows the verb belongs to it
    if (t.head == v && t.deprel == "xcomp" && Nominal(t.upos)) t.deprel = "obj";
  }
  s->tokens[v].head = -1;
  s->tokens[v].deprel = "root";
  s->tokens[root].head = v;
  s->tokens[root].deprel = "nsubj";
}

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

// An office description introducing someone the article names right after: "Lee advised a
// senior official ..." and, within the next three sentences, "Lee instructed ministry aide Ray
// Cole ...". When the same agent acts on a person who is the first person named after the
// description, the description is that person (bridging by an indefinite first mention); its
// triples move to the person's entity. The description is not kept as an alias: another
// article's "senior official" is someone else.
void ResolveRoleDescriptions(const std::vector<ExtractedEntity>& entities,
                             std::vector<ExtractedTriple>* triples) {
  for (size_t a = 0; a < triples->size(); ++a) {
    const ExtractedTriple& t1 = (*triples)[a];
    if (!t1.object.role_description || t1.subject.entity < 0) continue;
    const int s1 = t1.sentence;
    // The first person named after the description's sentence.
    int next_person = -1;
    for (size_t e = 0; e < entities.size(); ++e) {
      const ExtractedEntity& en = entities[e];
      if (en.label != EntityLabel::kPerson || en.first_sentence <= s1) continue;
      if (next_person < 0 || en.first_sentence < entities[next_person].first_sentence) {
        next_person = static_cast<int>(e);
      }
    }
    if (next_person < 0 || entities[next_person].first_sentence > s1 + 3) continue;
    bool same_agent = false;
    for (const ExtractedTriple& t2 : *triples) {
      same_agent = same_agent || (t2.sentence == entities[next_person].first_sentence &&
                                  t2.subject.entity == t1.subject.entity &&
                                  t2.object.entity == next_person && !t2.qualifiers.negated);
    }
    if (!same_agent) continue;
    const std::string description = t1.object.text;
    const ExtractedEntity& person = entities[next_person];
    for (ExtractedTriple& t : *triples) {
      if (t.sentence != s1) continue;
      for (Argument* arg : {&t.subject, &t.object}) {
        if (arg->entity < 0 && arg->role_description && arg->text == description) {
          arg->entity = next_person;
          arg->text = person.name;
          arg->role_description = false;
        }
      }
    }
  }
}

// Tokens that are not words: pieces of a long run of non-space characters that mixes letters
// with digits or with the symbols of encoded data, URLs and addresses (base64 blocks, hashes,
// "http://host/path/123"). A pasted encoded attachment would otherwise give thousands of
// "names" ("XParYYZuR", "WciPtt") and phrases. Such tokens are tagged X (UD "other"), so they
// are never a name, an argument or a predicate (xpos -NONWORD-), and entity spans over them are dropped.
void MaskNonWords(std::string_view text, Sentence* s) {
  if (text.empty()) return;
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  auto junk_run = [&](uint32_t b, uint32_t e) {
    if (e - b < 20) return false;
    int letters = 0, digits = 0, symbols = 0, humps = 0;
    for (uint32_t k = b; k < e; ++k) {
      unsigned char c = static_cast<unsigned char>(text[k]);
      if (std::isalpha(c)) ++letters;
      if (std::isdigit(c)) ++digits;
      if (c == '/' || c == '+' || c == '=' || c == '@' || c == '_' || c == '\\' || c == '|') ++symbols;
      if (k > b && std::isupper(c) && std::islower(static_cast<unsigned char>(text[k - 1]))) ++humps;
    }
    return letters > 0 && (digits > 0 || symbols > 0 || humps >= 3);
  };
  uint32_t run_b = 0, run_e = 0;
  bool run_junk = false;
  std::vector<bool> masked(s->tokens.size(), false);
  bool any = false;
  for (size_t i = 0; i < s->tokens.size(); ++i) {
    Token& tk = s->tokens[i];
    if (tk.begin >= text.size() || tk.end > text.size() || tk.begin >= tk.end) continue;
    if (!(tk.begin >= run_b && tk.end <= run_e)) {
      run_b = tk.begin;
      while (run_b > 0 && !space(text[run_b - 1])) --run_b;
      run_e = tk.end;
      while (run_e < text.size() && !space(text[run_e])) ++run_e;
      run_junk = junk_run(run_b, run_e);
    }
    if (!run_junk) continue;
    tk.upos = "X";
    tk.xpos = "-NONWORD-";
    masked[i] = true;
    any = true;
  }
  if (!any) return;
  s->entities.erase(std::remove_if(s->entities.begin(), s->entities.end(),
                                   [&](const EntitySpan& sp) {
                                     for (int k = sp.first; k <= sp.last; ++k) {
                                       if (k >= 0 && k < static_cast<int>(masked.size()) && masked[k]) return true;
                                     }
                                     return false;
                                   }),
                    s->entities.end());
}

}  // namespace

Extraction ExtractDocument(std::string_view text, const std::vector<Sentence>& input) {
  std::vector<Sentence> sentences = input;
  for (Sentence& s : sentences) {
    MaskNonWords(text, &s);
    if (!Acyclic(s)) BreakCycles(&s);
    SafeRepair(&s, RepairCoordination);
    SafeRepair(&s, RepairStrandedAuxiliary);
    SafeRepair(&s, RepairSubordinateSubject);
    SafeRepair(&s, RepairSecondObject);
    SafeRepair(&s, RepairNounRoot);
  }
  std::vector<Tree> trees;
  trees.reserve(sentences.size());
  for (const Sentence& s : sentences) trees.emplace_back(s);
  EntityIndex index = ResolveEntities(sentences, trees);
  bool repaired = false;
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<Token> before = sentences[i].tokens;
    SafeRepair(&sentences[i], [&](Sentence* s) { RepairNameVerbs(s, index.token_entity[i]); });
    SafeRepair(&sentences[i],
               [&](Sentence* s) { RepairVerblessSentence(s, index.token_entity[i]); });
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
  ResolveRoleDescriptions(result.entities, &raw);

  // Titles become triples of their own, evidenced by the entity's first mention.
  for (size_t id = 0; id < result.entities.size(); ++id) {
    const ExtractedEntity& e = result.entities[id];
    if (e.title.empty()) continue;
    ExtractedTriple t;
    t.subject.text = t.subject.surface = e.name;
    t.subject.entity = static_cast<int>(id);
    t.relation = "title";
    t.relation_surface = "be";  // CaRB wording: the lemma, for any tense and number
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
