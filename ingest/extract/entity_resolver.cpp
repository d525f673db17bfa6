#include "ingest/extract/entity_resolver.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace kg::ingest {
namespace {

const std::unordered_set<std::string>& TitleWords() {
  static const std::unordered_set<std::string> k = {
      "president", "vice", "prime", "minister", "secretary", "senator", "sen", "rep",
      "representative", "congressman", "congresswoman", "governor", "gov", "mayor", "chancellor",
      "king", "queen", "prince", "princess", "pope", "general", "gen", "colonel", "col",
      "captain", "capt", "judge", "justice", "ambassador", "envoy", "chairman", "chairwoman",
      "chair", "director", "commissioner", "chief", "sheikh", "speaker", "leader", "premier",
      "emperor", "lord", "lady", "professor", "prof", "ceo", "officer", "spokesman",
      "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "attorney", "counsel",
      "deputy", "treasurer", "councillor", "inspector", "sergeant", "lieutenant", "major",
      "admiral", "marshal", "bishop", "archbishop", "cardinal", "rabbi", "imam", "coach",
      "manager", "founder", "chairperson", "superintendent", "sheriff", "commander", "dean",
      "editor", "correspondent", "economist", "analyst", "negotiator", "official", "emir",
      "president-elect", "mp", "mep", "delegate", "diplomat", "regent"};
  return k;
}

const std::unordered_set<std::string>& Honorifics() {
  static const std::unordered_set<std::string> k = {"mr", "mrs", "ms", "miss", "mx", "dr",
                                                    "sir", "dame", "mr.", "mrs.", "ms.", "dr."};
  return k;
}

const std::unordered_set<std::string>& OrgWords() {
  static const std::unordered_set<std::string> k = {
      "party", "council", "ministry", "army", "navy", "bank", "company", "corporation", "corp",
      "inc", "ltd", "plc", "group", "union", "committee", "agency", "department", "university",
      "court", "parliament", "congress", "senate", "commission", "association", "institute",
      "foundation", "organisation", "organization", "office", "league", "club", "fund",
      "administration", "government", "police", "service", "authority", "board", "kremlin",
      "times", "news", "post", "bbc", "nato", "un", "eu", "fc", "survey", "partners",
      "holdings", "airlines", "airways", "industries", "alliance", "society", "trust",
      "tribunal", "cabinet", "institution", "network", "press", "unit"};
  return k;
}

// Country <- demonym, for "the Russian Federation" = Russia and friends.
const std::unordered_map<std::string, std::string>& Demonyms() {
  static const std::unordered_map<std::string, std::string> k = {
      {"russian", "russia"},       {"ukrainian", "ukraine"},   {"american", "america"},
      {"chinese", "china"},        {"french", "france"},       {"german", "germany"},
      {"british", "britain"},      {"italian", "italy"},       {"spanish", "spain"},
      {"japanese", "japan"},       {"korean", "korea"},        {"indian", "india"},
      {"iranian", "iran"},         {"iraqi", "iraq"},          {"syrian", "syria"},
      {"turkish", "turkey"},       {"polish", "poland"},       {"czech", "czechia"},
      {"dutch", "netherlands"},    {"swiss", "switzerland"},   {"mexican", "mexico"},
      {"brazilian", "brazil"},     {"canadian", "canada"},     {"israeli", "israel"},
      {"egyptian", "egypt"},       {"irish", "ireland"},       {"scottish", "scotland"},
      {"welsh", "wales"},          {"english", "england"},     {"belarusian", "belarus"},
      {"hungarian", "hungary"},    {"greek", "greece"},        {"swedish", "sweden"},
      {"norwegian", "norway"},     {"finnish", "finland"},     {"danish", "denmark"},
      {"austrian", "austria"},     {"belgian", "belgium"},     {"portuguese", "portugal"},
      {"romanian", "romania"},     {"serbian", "serbia"},      {"croatian", "croatia"},
      {"afghan", "afghanistan"},   {"pakistani", "pakistan"},  {"saudi", "saudi arabia"},
      {"venezuelan", "venezuela"}, {"argentine", "argentina"}, {"australian", "australia"},
      {"nigerian", "nigeria"},     {"kenyan", "kenya"},        {"georgian", "georgia"},
      {"lithuanian", "lithuania"}, {"latvian", "latvia"},      {"estonian", "estonia"},
      {"moldovan", "moldova"},     {"cuban", "cuba"},          {"vietnamese", "vietnam"},
      {"indonesian", "indonesia"}, {"philippine", "philippines"}, {"thai", "thailand"},
      {"palestinian", "palestine"}, {"lebanese", "lebanon"},   {"libyan", "libya"},
      {"yemeni", "yemen"},         {"qatari", "qatar"},        {"emirati", "united arab emirates"}};
  return k;
}

const std::unordered_set<std::string>& StateHeads() {
  static const std::unordered_set<std::string> k = {"federation", "republic", "kingdom",
                                                    "empire", "state", "states", "union"};
  return k;
}

bool IsFunctionWord(std::string_view lower) {
  return lower == "of" || lower == "the" || lower == "and" || lower == "for" || lower == "de" ||
         lower == "&" || lower == "a" || lower == "an";
}

bool IsCapitalized(std::string_view w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

bool AllCaps(std::string_view w) {
  bool letter = false;
  for (char c : w) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isalpha(static_cast<unsigned char>(c))) letter = true;
  }
  return letter;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string Key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '.') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

EntityLabel LabelOf(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return EntityLabel::kPerson;
    case EntityType::kOrganization:
      return EntityLabel::kOrganization;
    case EntityType::kLocation:
      return EntityLabel::kLocation;
    case EntityType::kMisc:
      return EntityLabel::kConcept;
  }
  return EntityLabel::kConcept;
}

struct Mention {
  int sentence = 0;
  int first = 0, last = 0;    // name tokens (honorifics and title words stripped)
  int span_first = 0;         // original span start (title words inside the span included)
  int head = 0;
  EntityLabel label = EntityLabel::kConcept;
  std::string name;
  std::string title;
  int entity = -1;
};

}  // namespace

// Capitalised words that begin sentences but never start a name.
bool IsFunctionCapital(std::string_view lower) {
  static const std::unordered_set<std::string> k = {
      "amid", "despite", "in", "on", "at", "with", "after", "before", "although", "while",
      "however", "meanwhile", "but", "and", "or", "so", "yet", "the", "a", "an", "this", "that",
      "these", "those", "it", "he", "she", "they", "we", "i", "you", "his", "her", "their", "its",
      "our", "my", "when", "where", "why", "how", "what", "who", "if", "as", "for", "from", "to",
      "by", "of", "during", "since", "until", "following", "according", "under", "over", "about",
      "there", "here", "then", "now", "also", "just", "only", "even", "still", "after", "once",
      "because", "though", "unlike", "like", "without", "within", "into", "upon", "across",
      "among", "against", "toward", "towards", "through", "throughout", "mr", "mrs", "ms", "dr",
      "yes", "no", "not", "all", "some", "many", "most", "both", "each", "every", "other",
      "another", "such", "last", "next", "first", "new", "more", "less", "earlier", "later",
      "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
      "september", "october", "november", "december", "just", "add", "share"};
  return k.count(std::string(lower)) > 0;
}

namespace {

// A capitalised word that is spelled like a word: letters (and - . '), and at most one change
// from lower to upper case inside it ("McDonald", "DeSantis"), so that random letter runs such
// as encoded data ("XParYYZuR") never start a name.
bool IsNameToken(const Tree& t, int i) {
  const std::string& w = t.tok(i).text;
  if (!IsCapitalized(w) || IsFunctionCapital(t.lower(i))) return false;
  int humps = 0;
  for (size_t k = 0; k < w.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(w[k]);
    if (!std::isalpha(c) && c != '-' && c != '.' && c != '\'') return false;
    if (k > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(w[k - 1]))) ++humps;
  }
  return humps <= 1;
}

// "Tudor England", "Little Britain": a "person" whose last word is a country is not a person.
bool EndsInCountry(const Tree& t, int first, int last) {
  if (last <= first) return false;
  static const std::unordered_set<std::string> countries = [] {
    std::unordered_set<std::string> k;
    for (const auto& [demonym, country] : Demonyms()) k.insert(country);
    return k;
  }();
  return countries.count(t.lower(last)) > 0;
}

// Extends an organisation span to the left over the capitalised words of the same name the
// recogniser left out: "the [Serious] Fraud Office", "the [Norwegian Fishermen's] Association",
// "the [European] Commission", and over a place it read as a name of its own when that place
// modifies the organisation ("the [US] Geological Survey"; the place span is dropped from
// `out`). A word joins when it is a capitalised name word (or the possessive "'s" after one)
// whose head lies inside the span or in the words already joined (through the "'s" of a
// possessor: "Fishermen's").
int ExtendOrgLeft(const Tree& t, int first, int last, std::vector<bool>* covered,
                  std::vector<EntitySpan>* out) {
  auto possessive_mark = [&](int k) {
    return t.lower(k) == "'s" || t.lower(k) == "\xE2\x80\x99s";
  };
  int start = first;
  for (int k = first - 1; k >= 0 && first - k <= 5; --k) {
    int h = t.head(k);
    if ((*covered)[k]) {
      // A place right before the organisation whose words all hang inside it.
      auto it = std::find_if(out->begin(), out->end(), [&](const EntitySpan& sp) {
        return sp.last == k && sp.type == EntityType::kLocation;
      });
      if (it == out->end()) break;
      bool inside = true;
      for (int q = it->first; q <= it->last; ++q) {
        inside = inside && t.head(q) >= it->first && t.head(q) <= last && t.head(q) != q;
      }
      if (!inside || !(h >= start && h <= last)) break;
      for (int q = it->first; q <= it->last; ++q) (*covered)[q] = false;
      k = start = it->first;
      out->erase(it);
      continue;
    }
    const std::string& u = t.upos(k);
    bool possessive = possessive_mark(k) && k > 0 && IsNameToken(t, k - 1) && h == k - 1 &&
                      t.head(k - 1) >= start && t.head(k - 1) <= last;
    bool name_word = IsNameToken(t, k) && (u == "PROPN" || u == "ADJ" || u == "NOUN") &&
                     !TitleWords().count(t.lower(k)) && !Honorifics().count(t.lower(k)) &&
                     h >= start && h <= last;
    if (!possessive && !name_word) break;
    if (!t.tok(k).space_after && !possessive && !possessive_mark(k + 1)) break;
    start = k;
  }
  if (start < first && possessive_mark(start)) ++start;  // never starts on "'s"
  return start;
}

// Spans for a sentence: the recogniser's spans (person spans extended over a following
// capitalised word the tagger missed, spans made only of function words dropped), plus runs of
// proper nouns the recogniser did not cover.
std::vector<EntitySpan> SpansFor(const Tree& t) {
  std::vector<EntitySpan> out;
  const int n = t.size();
  std::vector<bool> covered(n, false);
  for (EntitySpan sp : t.sentence().entities) {
    if (sp.first < 0 || sp.last >= n || sp.first > sp.last) continue;
    while (sp.first <= sp.last &&
           (IsFunctionCapital(t.lower(sp.first)) ||
            (!IsNameToken(t, sp.first) &&
             !(t.upos(sp.first) == "PROPN" && IsCapitalized(t.tok(sp.first).text))))) {
      ++sp.first;
    }
    // A span never ends in a lower-case word or a possessive ("Acme's founder" -> "Acme").
    while (sp.last > sp.first && !IsCapitalized(t.tok(sp.last).text) &&
           !std::isdigit(static_cast<unsigned char>(t.tok(sp.last).text[0]))) {
      --sp.last;
    }
    if (sp.first > sp.last) continue;
    if (sp.type == EntityType::kOrganization) sp.first = ExtendOrgLeft(t, sp.first, sp.last, &covered, &out);
    if (sp.type == EntityType::kPerson && EndsInCountry(t, sp.first, sp.last)) {
      sp.type = EntityType::kLocation;
    }
    if (sp.type == EntityType::kPerson) {
      static const std::unordered_set<std::string> particles = {
          "di", "de", "da", "del", "della", "van", "von", "der", "den", "ter", "du", "le", "la",
          "dos", "das", "bin", "al", "ibn", "el"};
      while (sp.last + 1 < n && !covered[sp.last + 1] && sp.last + 1 - sp.first < 4) {
        if (IsNameToken(t, sp.last + 1)) {
          ++sp.last;
        } else if (sp.last + 2 < n && particles.count(t.tok(sp.last + 1).text) &&
                   IsNameToken(t, sp.last + 2) && !covered[sp.last + 2]) {
          sp.last += 2;  // "Luca di Montezemolo", "Ludwig van Beethoven"
        } else {
          break;
        }
      }
    }
    for (int i = sp.first; i <= sp.last; ++i) covered[i] = true;
    out.push_back(sp);
  }
  for (int i = 0; i < n; ++i) {
    if (covered[i] || t.upos(i) != "PROPN" || !IsNameToken(t, i)) continue;
    int j = i;
    while (j + 1 < n && !covered[j + 1] && t.upos(j + 1) == "PROPN" && IsNameToken(t, j + 1)) ++j;
    // "US Army Secretary Dan Driscoll": a run ending in an office word right before a person
    // is that person's title, not a name.
    bool before_person = false;
    for (const EntitySpan& sp : out) before_person = before_person || (sp.type == EntityType::kPerson && sp.first == j + 1);
    if (TitleWords().count(t.lower(j)) && (before_person || j + 1 >= n || IsNameToken(t, j + 1))) {
      i = j;
      continue;
    }
    // Type guess from the words: organisation keyword; a title, honorific or a multiword name
    // means a person; a single word is most often a place in news text.
    EntityType type = EntityType::kLocation;
    std::string last = t.lower(j);
    bool titled = i > 0 && (Honorifics().count(t.lower(i - 1)) || TitleWords().count(t.lower(i - 1)));
    for (int k = i; k < j; ++k) {
      if (TitleWords().count(t.lower(k)) || Honorifics().count(t.lower(k))) titled = true;
    }
    if (OrgWords().count(last) || (AllCaps(t.tok(j).text) && t.tok(j).text.size() > 3)) {
      type = EntityType::kOrganization;
    } else if (titled || j > i) {
      type = EntityType::kPerson;
    }
    int from = i;
    if (type == EntityType::kOrganization) from = ExtendOrgLeft(t, i, j, &covered, &out);
    for (int k = from; k <= j; ++k) covered[k] = true;
    out.push_back(EntitySpan{from, j, type});
    i = j;
  }
  // "the Norwegian Fishermen's Association (NFA)": a name followed by its acronym in
  // parentheses reaches as far left as the acronym's letters say, over words the recogniser
  // left out or gave to another span.
  for (size_t q = 0; q < out.size(); ++q) {
    EntitySpan& sp = out[q];
    int a = sp.last + 2;
    if (a + 1 >= n || t.tok(sp.last + 1).text != "(" || t.tok(a + 1).text != ")" ||
        !AllCaps(t.tok(a).text) || t.tok(a).text.size() < 2) {
      continue;
    }
    const std::string& acro = t.tok(a).text;
    std::vector<int> idx;
    for (int k = sp.first; k <= sp.last; ++k) idx.push_back(k);
    if (Acronym(t.Join(idx)) == acro) continue;
    int found = -1;
    for (int s = sp.first - 1; s >= 0 && sp.first - s <= 5; --s) {
      if (t.tok(s).text == "," || t.tok(s).text == "(") break;
      idx.insert(idx.begin(), s);
      if (Acronym(t.Join(idx)) == acro && IsCapitalized(t.tok(s).text)) {
        found = s;
        break;
      }
    }
    if (found < 0) continue;
    const int first = found, last = sp.last;
    bool straddles = false;
    for (const EntitySpan& o : out) straddles = straddles || (o.first < first && o.last >= first);
    if (straddles) continue;
    const EntityType type = sp.type;
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const EntitySpan& o) { return o.first >= first && o.last <= last; }),
              out.end());
    out.push_back(EntitySpan{first, last, type == EntityType::kPerson ? EntityType::kOrganization : type});
    q = static_cast<size_t>(-1);  // restart: the vector changed
  }
  std::sort(out.begin(), out.end(),
            [](const EntitySpan& a, const EntitySpan& b) { return a.first < b.first; });
  return out;
}

int SpanHead(const Tree& t, int first, int last) {
  for (int i = last; i >= first; --i) {
    int h = t.head(i);
    if (h < first || h > last) return i;
  }
  return last;
}

// Tokens right before a name that form its title: "US President", "special envoy",
// "Kremlin aide", "US Army Secretary". Walks left over nouns, proper nouns and adjectives
// (a lower-case adjective only before a lower-case noun: "special envoy", not "instructed
// Kremlin aide"), never into another person's name; the word next to the name must name an
// office (a common noun or a title word). Returns the leftmost index (== first if none).
// A word the tagger called a noun that is a verb form or a time word cannot be the office next
// to a name: "the public chose Michael Howard", "the boss replaces Steve Wigley", "the film
// starring Johnny Depp", "last week Anna Lee ...". Plural nouns name several people, not one
// office ("actors Harvey Keitel and ...").
bool NotAnOffice(const Tree& t, int w) {
  static const std::unordered_set<std::string> past = {
      "said", "told", "took", "gave", "chose", "sang", "swung", "won", "beat", "met", "began",
      "became", "came", "went", "made", "wrote", "drove", "ran", "spoke", "knew", "thought",
      "brought", "bought", "caught", "taught", "fought", "sought", "held", "kept", "sent",
      "spent", "built", "paid", "stood", "sold", "struck", "threw", "grew", "flew", "drew",
      "wore", "broke", "rode", "rang", "shook", "forgot", "hid", "led", "left", "lost", "saw",
      "felt", "found", "heard", "meant", "put", "got", "let", "hit", "set", "cut", "fell",
      "rose", "swore", "tore", "woke", "ate", "shot", "sat", "slept", "stole", "won", "told"};
  static const std::unordered_set<std::string> time = {
      "year", "week", "month", "day", "today", "yesterday", "tomorrow", "night", "morning",
      "evening", "afternoon", "weekend", "season", "time", "moment", "decade", "era", "eve",
      "autumn", "spring", "summer", "winter", "hour", "minute"};
  const std::string lw = t.lower(w);
  if (TitleWords().count(lw)) return false;
  const std::string& x = t.tok(w).xpos;
  if (x.rfind("VB", 0) == 0 || x == "NNS" || x == "NNPS") return true;
  auto ends = [&](std::string_view suf) {
    return lw.size() > suf.size() + 2 && lw.compare(lw.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (!IsCapitalized(t.tok(w).text) && (ends("ing") || ends("ed"))) return true;
  return past.count(lw) > 0 || time.count(lw) > 0 || time.count(t.lemma(w)) > 0;
}

int TitlePrefixStart(const Tree& t, int first, int /*last*/) {
  const int w = first - 1;
  if (w < 0) return first;
  bool office = (t.upos(w) == "NOUN" && !IsCapitalized(t.tok(w).text)) ||
                TitleWords().count(t.lower(w)) > 0;
  if (!office || NotAnOffice(t, w)) return first;
  auto in_person = [&](int k) {
    for (const EntitySpan& e : t.sentence().entities) {
      if (e.type == EntityType::kPerson && k >= e.first && k <= e.last) return true;
    }
    return false;
  };
  int start = first;
  for (int k = w; k >= 0 && first - k <= 5; --k) {
    const std::string& u = t.upos(k);
    bool cap = IsCapitalized(t.tok(k).text);
    bool ok = u == "NOUN" || u == "PROPN" || (u == "ADJ" && (cap || (k + 1 < first &&
                                                                      t.upos(k + 1) == "NOUN" &&
                                                                      !IsCapitalized(t.tok(k + 1).text))));
    if (!ok || in_person(k) || t.tok(k).text.find_first_of(",;") != std::string::npos) break;
    // Further left, only finite verb forms stop the title ("managing director" stays).
    if (k < w && (t.tok(k).xpos == "VBD" || t.tok(k).xpos == "VBZ" || t.tok(k).xpos == "VBP")) break;
    if (!t.tok(k).space_after) break;
    start = k;
  }
  return start;
}

std::string ArticleLess(const Tree& t, const std::vector<int>& idx) {
  std::vector<int> keep;
  for (int i : idx) {
    if (keep.empty() && (t.rel(i) == "det" || t.upos(i) == "DET")) continue;
    if (t.rel(i) == "punct" || t.rel(i) == "case") continue;
    keep.push_back(i);
  }
  return t.Join(keep);
}

class Resolver {
 public:
  Resolver(const std::vector<Sentence>& s, const std::vector<Tree>& t) : sents_(s), trees_(t) {
    index_.token_entity.resize(s.size());
    index_.title_token.resize(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      index_.token_entity[i].assign(s[i].tokens.size(), -1);
      index_.title_token[i].assign(s[i].tokens.size(), false);
    }
  }

  EntityIndex Run() {
    for (size_t si = 0; si < sents_.size(); ++si) {
      const Tree& t = trees_[si];
      for (const EntitySpan& sp : SpansFor(t)) {
        if (sp.first < 0 || sp.last >= t.size() || sp.first > sp.last) continue;
        AddMention(static_cast<int>(si), sp);
      }
    }
    for (Mention& m : mentions_) Link(&m);
    for (const Mention& m : mentions_) {
      for (int i = m.span_first; i <= m.last; ++i) index_.token_entity[m.sentence][i] = m.entity;
    }
    LinkStrayNames();
    for (const Mention& m : mentions_) AttachTitles(m);
    ResolveDescriptionsAndPronouns();
    return std::move(index_);
  }

 private:
  void AddMention(int si, const EntitySpan& sp) {
    const Tree& t = trees_[si];
    Mention m;
    m.sentence = si;
    m.span_first = sp.first;
    m.first = sp.first;
    m.last = sp.last;
    // Drop possessive clitics and punctuation at the end, determiners at the start.
    while (m.last > m.first && (t.upos(m.last) == "PART" || t.upos(m.last) == "PUNCT")) --m.last;
    while (m.first < m.last && (t.upos(m.first) == "DET" || t.upos(m.first) == "PUNCT")) ++m.first;
    m.label = LabelOf(sp.type);
    // Honorifics and office words at the start of a multiword person name are not the name:
    // "US President Donald Trump" is the name "Donald Trump" with the title "US President".
    // Not in an organisation's or a place's name ("General Motors", "Justice Department"), and
    // a span made only of office words ("Prime Minister", "Chief Secretary") names no one.
    std::vector<int> title_in_span;
    int last_title = -1;
    bool all_office = m.first < m.last;
    for (int i = m.first; i <= m.last; ++i) {
      all_office = all_office && (TitleWords().count(t.lower(i)) || Honorifics().count(t.lower(i)));
    }
    if (all_office) return;
    bool org_like = OrgWords().count(t.lower(m.last)) > 0;
    for (int i = m.first; i < m.last && !org_like; ++i) {
      if (TitleWords().count(t.lower(i)) && IsNameToken(t, i + 1)) last_title = i;
    }
    // An organisation or place whose name starts with an office word and has one more word
    // ("General Motors", "General Electric").
    if (last_title == m.first && m.last == m.first + 1 &&
        (sp.type == EntityType::kOrganization || sp.type == EntityType::kLocation)) {
      org_like = true;
      last_title = -1;
    }
    if (last_title >= 0) {
      for (int i = m.first; i <= last_title; ++i) {
        if (!Honorifics().count(t.lower(i))) title_in_span.push_back(i);
        index_.title_token[si][i] = true;
      }
      m.first = last_title + 1;
      m.label = EntityLabel::kPerson;
    }
    while (m.first < m.last && (Honorifics().count(t.lower(m.first)) ||
                                (!org_like && TitleWords().count(t.lower(m.first))))) {
      if (!Honorifics().count(t.lower(m.first))) title_in_span.push_back(m.first);
      index_.title_token[si][m.first] = true;
      ++m.first;
      if (m.label == EntityLabel::kConcept) m.label = EntityLabel::kPerson;
    }
    std::vector<int> idx;
    for (int i = m.first; i <= m.last; ++i) idx.push_back(i);
    m.name = t.Join(idx);
    m.head = SpanHead(t, m.first, m.last);
    // Title: modifiers before the span, then office words inside it.
    int ts = TitlePrefixStart(t, sp.first, m.last);
    std::vector<int> title_idx;
    for (int i = ts; i < sp.first; ++i) {
      title_idx.push_back(i);
      index_.title_token[si][i] = true;
    }
    for (int i : title_in_span) title_idx.push_back(i);
    if (!title_idx.empty()) m.title = t.Join(title_idx);
    if (!m.title.empty() && m.label == EntityLabel::kConcept) m.label = EntityLabel::kPerson;
    if (m.name.empty()) return;
    mentions_.push_back(std::move(m));
  }

  int NewEntity(const Mention& m) {
    ExtractedEntity e;
    e.label = m.label;
    e.name = m.name;
    e.first_sentence = m.sentence;
    index_.entities.push_back(std::move(e));
    keys_.emplace_back();
    const int id = static_cast<int>(index_.entities.size()) - 1;
    AddKey(id, Key(m.name));
    IndexName(id);
    return id;
  }

  // Lookup tables so that linking a mention costs about the same however many entities the
  // document has (a scan over every entity per mention made one very long document quadratic).
  // Each table lists the ids that may match; Link checks its conditions on them as before.
  void AddKey(int id, std::string k) {
    auto [it, fresh] = key_owner_.try_emplace(k, id);
    if (!fresh) it->second = std::max(it->second, id);
    keys_[id].insert(std::move(k));
  }

  // Indexes the entity's current name (a name that changes later is indexed again; stale
  // entries are filtered out by the checks in Link).
  void IndexName(int id) {
    const std::string& name = index_.entities[id].name;
    std::vector<std::string> w = Words(name);
    by_name_[Key(name)].push_back(id);
    if (w.size() > 1) {
      by_word_[Key(w.front())].push_back(id);
      by_word_[Key(w.back())].push_back(id);
      std::string acro = Acronym(name);
      if (!acro.empty()) by_acronym_[acro].push_back(id);
    }
    std::string country = CountryForm(w);
    if (!country.empty()) by_country_[country].push_back(id);
  }

  // The highest id in table[key] for which ok(id) holds, or -1.
  template <typename Ok>
  static int Highest(const std::unordered_map<std::string, std::vector<int>>& table,
                     const std::string& key, Ok ok, int best = -1) {
    auto it = table.find(key);
    if (it == table.end()) return best;
    for (int id : it->second) {
      if (id > best && ok(id)) best = id;
    }
    return best;
  }

  void AddAlias(int id, const std::string& form) {
    ExtractedEntity& e = index_.entities[id];
    std::string k = Key(form);
    if (keys_[id].count(k)) return;
    AddKey(id, std::move(k));
    e.aliases.push_back(form);
  }

  // Makes `form` the entity's name when it is fuller (more words), keeping the old one as alias.
  void MaybeUpgrade(int id, const std::string& form) {
    ExtractedEntity& e = index_.entities[id];
    if (Words(form).size() > Words(e.name).size()) {
      std::string old = e.name;
      e.name = form;
      AddKey(id, Key(form));
      IndexName(id);
      AddAlias(id, old);
      e.aliases.erase(std::remove_if(e.aliases.begin(), e.aliases.end(),
                                     [&](const std::string& a) { return Key(a) == Key(form); }),
                      e.aliases.end());
    } else {
      AddAlias(id, form);
    }
  }

  // Country name for "Russian Federation"-style names, "" otherwise.
  static std::string CountryForm(const std::vector<std::string>& w) {
    if (w.size() != 2) return "";
    auto d = Demonyms().find(Key(w[0]));
    if (d == Demonyms().end() || !StateHeads().count(Key(w[1]))) return "";
    return d->second;
  }

  void Link(Mention* m) {
    std::string key = Key(m->name);
    std::vector<std::string> w = Words(m->name);
    // 1. Exact name or alias (the latest entity that has it).
    auto owner = key_owner_.find(key);
    if (owner != key_owner_.end()) {
      m->entity = owner->second;
      Promote(owner->second, *m);
      return;
    }
    // 2. One-word mention = surname (or given name) of a person seen before.
    if (w.size() == 1) {
      int id = Highest(by_word_, key, [&](int id) {
        const ExtractedEntity& e = index_.entities[id];
        if (e.label != EntityLabel::kPerson) return false;
        std::vector<std::string> ew = Words(e.name);
        return ew.size() > 1 && (Key(ew.back()) == key || Key(ew.front()) == key);
      });
      if (id >= 0) {
        m->entity = id;
        AddAlias(id, m->name);
        return;
      }
    }
    // 2b. One-word mention = first word of the one organisation seen before that starts with
    // it ("Carrow" after "Carrow Foods"; "Manchester" after both "Manchester United" and
    // "Manchester City" stays apart), not an acronym (handled below), an office or
    // organisation word or a demonym.
    if (w.size() == 1 && !AllCaps(m->name) &&
        OrgFirstWordOk(key)) {
      int matches = 0;
      int id = Highest(by_word_, key, [&](int id) {
        const ExtractedEntity& e = index_.entities[id];
        if (e.label != EntityLabel::kOrganization) return false;
        std::vector<std::string> ew = Words(e.name);
        bool ok = ew.size() > 1 && Key(ew.front()) == key;
        matches += ok;
        return ok;
      });
      if (id >= 0 && matches == 1) {
        m->entity = id;
        AddAlias(id, m->name);
        return;
      }
    }
    // 3. A fuller person name whose last word is an earlier one-word person mention.
    if (w.size() > 1 && m->label == EntityLabel::kPerson) {
      const std::string last = Key(w.back());
      int id = Highest(by_name_, last, [&](int id) {
        const ExtractedEntity& e = index_.entities[id];
        return Words(e.name).size() == 1 && Key(e.name) == last;
      });
      if (id >= 0) {
        m->entity = id;
        index_.entities[id].label = EntityLabel::kPerson;
        MaybeUpgrade(id, m->name);
        return;
      }
    }
    // 4. Acronyms both ways, and demonym state names ("Russian Federation" = "Russia").
    std::string country = CountryForm(w);
    auto match = [&](int id) {
      const ExtractedEntity& e = index_.entities[id];
      if (e.label == EntityLabel::kPerson) return false;
      bool acro = (w.size() == 1 && AllCaps(m->name) && m->name.size() >= 2 &&
                   Words(e.name).size() > 1 && Acronym(e.name) == m->name) ||
                  (Words(e.name).size() == 1 && AllCaps(e.name) && w.size() > 1 &&
                   Acronym(m->name) == e.name);
      bool demonym = (!country.empty() && Key(e.name) == country) ||
                     (!CountryForm(Words(e.name)).empty() && CountryForm(Words(e.name)) == key);
      return acro || demonym;
    };
    int best = -1;
    if (w.size() == 1) best = Highest(by_acronym_, m->name, match, best);
    if (w.size() > 1) {
      std::string acro = Acronym(m->name);
      if (!acro.empty()) best = Highest(by_name_, Key(acro), match, best);
    }
    if (!country.empty()) best = Highest(by_name_, country, match, best);
    best = Highest(by_country_, key, match, best);
    if (best >= 0) {
      m->entity = best;
      MaybeUpgrade(best, m->name);
      return;
    }
    m->entity = NewEntity(*m);
  }

  static bool OrgFirstWordOk(const std::string& key) {
    return !Demonyms().count(key) && !OrgWords().count(key) && !TitleWords().count(key) &&
           !IsFunctionWord(key) && !StateHeads().count(key) && key != "new" && key != "national" &&
           key != "united" && key != "royal" && key != "international" && key != "general";
  }

  // A typed mention settles an untyped entity's label.
  void Promote(int id, const Mention& m) {
    ExtractedEntity& e = index_.entities[id];
    if (e.label == EntityLabel::kConcept && m.label != EntityLabel::kConcept) e.label = m.label;
  }

  void SetTitle(int id, const std::string& title) {
    if (title.empty() || id < 0) return;
    ExtractedEntity& e = index_.entities[id];
    if (e.title.empty()) e.title = title;
    if (e.label == EntityLabel::kConcept) e.label = EntityLabel::kPerson;
  }

  void AttachTitles(const Mention& m) {
    SetTitle(m.entity, m.title);
    const Tree& t = trees_[m.sentence];
    auto drop = [&](int k) {
      std::string_view r = t.rel(k);
      return r == "acl" || r == "punct" || r == "appos" || r == "conj" || r == "cc" ||
             r == "advcl" || r == "parataxis" || r == "nmod";
    };
    auto office_noun = [&](int a) {
      return t.upos(a) == "NOUN" || (t.upos(a) == "PROPN" && TitleWords().count(t.lower(a)));
    };
    // An apposition is set off by a comma, a dash or a parenthesis between the two phrases;
    // without one the parser's "appos" is most often a misreading ("her postponed operation
    // and Maria Hutchings", "the versatile Finnan").
    auto set_off = [&](const std::vector<int>& a, const std::vector<int>& b) {
      if (a.empty() || b.empty()) return false;
      int from = std::min(a.back(), b.back()) == a.back() ? a.back() : b.back();
      int to = from == a.back() ? b.front() : a.front();
      for (int k = from + 1; k < to; ++k) {
        const std::string& w = t.tok(k).text;
        if (w == "," || w == "(" || w == "-" || w == "\xE2\x80\x93" || w == "\xE2\x80\x94") return true;
      }
      return false;
    };
    std::vector<int> name_idx;
    for (int i = m.first; i <= m.last; ++i) name_idx.push_back(i);
    // "Steve Witkoff, the US envoy," / "the US envoy, Steve Witkoff,"
    for (int a : t.KidsWith(m.head, "appos")) {
      if (!office_noun(a) || NotAnOffice(t, a) || index_.token_entity[m.sentence][a] >= 0) continue;
      std::vector<int> idx = t.Subtree(a, drop);
      if (idx.size() <= 6 && set_off(name_idx, idx)) SetTitle(m.entity, ArticleLess(t, idx));
    }
    if (t.rel(m.head) == "appos" && t.head(m.head) >= 0) {
      int g = t.head(m.head);
      if (office_noun(g) && !NotAnOffice(t, g) && index_.token_entity[m.sentence][g] < 0) {
        std::vector<int> idx = t.Subtree(g, [&](int k) { return k == m.head || drop(k); });
        if (idx.size() <= 6 && set_off(idx, name_idx)) SetTitle(m.entity, ArticleLess(t, idx));
      }
    }
    // "X's role as a peace envoy"
    if (t.rel(m.head) == "nmod" && t.fullrel(m.head) == "nmod:poss") {
      int g = t.head(m.head);
      static const std::unordered_set<std::string> kRole = {"role", "position", "post", "job",
                                                            "capacity", "tenure", "time"};
      if (g >= 0 && kRole.count(t.lemma(g))) {
        for (int k : t.KidsWith(g, "nmod")) {
          if (t.HasKidLemma(k, "case", "as") && office_noun(k)) {
            std::vector<int> idx = t.Subtree(k, drop);
            if (idx.size() <= 6) SetTitle(m.entity, ArticleLess(t, idx));
          }
        }
      }
    }
  }

  // A capitalised word outside every mention that spells a known name, surname or alias
  // (the tagger called it a noun or worse) still refers to that entity.
  void LinkStrayNames() {
    std::unordered_map<std::string, int> forms;
    std::unordered_set<std::string> ambiguous;
    auto add = [&](const std::string& form, int id) {
      std::string k = Key(form);
      auto it = forms.find(k);
      if (it != forms.end() && it->second != id) ambiguous.insert(k);
      forms[k] = id;
    };
    for (size_t id = 0; id < index_.entities.size(); ++id) {
      const ExtractedEntity& e = index_.entities[id];
      std::vector<std::string> w = Words(e.name);
      if (w.size() == 1) add(e.name, static_cast<int>(id));
      if (e.label == EntityLabel::kPerson && w.size() > 1) add(w.back(), static_cast<int>(id));
      if (e.label == EntityLabel::kOrganization && w.size() > 1 && !AllCaps(w.front()) &&
          OrgFirstWordOk(Key(w.front()))) {
        add(w.front(), static_cast<int>(id));
      }
      for (const std::string& a : e.aliases) {
        if (Words(a).size() == 1) add(a, static_cast<int>(id));
      }
    }
    for (size_t si = 0; si < sents_.size(); ++si) {
      const Tree& t = trees_[si];
      for (int i = 0; i < t.size(); ++i) {
        if (index_.token_entity[si][i] >= 0 || !IsNameToken(t, i)) continue;
        std::string k = Key(t.tok(i).text);
        auto it = forms.find(k);
        if (it == forms.end() || ambiguous.count(k)) continue;
        index_.token_entity[si][i] = it->second;
      }
    }
  }

  void ResolveDescriptionsAndPronouns() {
    // Last position each entity was mentioned, walked in document order.
    std::vector<std::pair<int, int>> last_seen(index_.entities.size(), {-1, -1});
    std::vector<int> gender(index_.entities.size(), 0);  // 0 unknown, 1 he, 2 she
    int last_person = -1, last_person_sentence = -1;
    int salient_person = -1, salient_sentence = -1;
    // Key of each titled entity's office word ("president"), and for each office word the
    // entity with it seen last: positions only grow during the walk, so that entity is the one
    // with the latest last_seen (a scan over every entity per description was quadratic).
    // An organisation whose name ends in an organisation word ("Portmere Council") is "the
    // council" in the same way.
    std::vector<std::string> office(index_.entities.size());
    for (size_t id = 0; id < index_.entities.size(); ++id) {
      const ExtractedEntity& e = index_.entities[id];
      std::vector<std::string> tw = Words(e.title);
      std::vector<std::string> nw = Words(e.name);
      if (!tw.empty()) {
        office[id] = Key(tw.back());
      } else if (e.label == EntityLabel::kOrganization && nw.size() > 1 &&
                 OrgWords().count(Key(nw.back()))) {
        office[id] = Key(nw.back());
      }
    }
    std::unordered_map<std::string, int> latest_office;
    auto seen = [&](int id, int si, int i) {
      last_seen[id] = {si, i};
      if (!office[id].empty()) latest_office[office[id]] = id;
    };
    // "Acme was founded in 1952. Its board ...": "its" with no organisation or place earlier in
    // its own sentence refers to the previous sentence's subject organisation or place.
    int prev_subject_org = -1;
    for (size_t si = 0; si < sents_.size(); ++si) {
      const Tree& t = trees_[si];
      std::vector<int>& te = index_.token_entity[si];
      int last_orgloc_here = -1, subject_org_here = -1;
      for (int i = 0; i < t.size(); ++i) {
        if (te[i] >= 0) {
          const ExtractedEntity& e = index_.entities[te[i]];
          seen(te[i], static_cast<int>(si), i);
          if (e.label == EntityLabel::kPerson) {
            last_person = te[i];
            last_person_sentence = static_cast<int>(si);
            // A possessor inside a noun phrase ("the grandson of Acme's founder") is a less
            // likely antecedent than the sentence's other persons.
            int h = i;
            for (int guard = 0; guard < t.size() && t.head(h) >= 0 && te[t.head(h)] == te[i]; ++guard) h = t.head(h);
            if (t.fullrel(h) != "nmod:poss" || salient_sentence != static_cast<int>(si)) {
              salient_person = te[i];
              salient_sentence = static_cast<int>(si);
            }
          } else if (e.label == EntityLabel::kOrganization || e.label == EntityLabel::kLocation) {
            last_orgloc_here = te[i];
            if (t.rel(i) == "nsubj" && subject_org_here < 0) subject_org_here = te[i];
          }
          continue;
        }
        std::string w = t.lower(i);
        // "the president": a definite description naming the office of an entity seen before.
        if (t.upos(i) == "NOUN" || (t.upos(i) == "PROPN" && TitleWords().count(w))) {
          int det = t.FirstKid(i, "det");
          bool definite = det >= 0 && t.lower(det) == "the";
          bool bare = t.KidsWith(i, "compound").empty() && t.KidsWith(i, "nmod").empty() &&
                      t.KidsWith(i, "amod").empty();
          if (definite && bare) {
            int best = -1;
            for (const std::string& k : {t.lemma(i), w}) {
              auto it = latest_office.find(k);
              if (it != latest_office.end() &&
                  (best < 0 || last_seen[it->second] > last_seen[best])) {
                best = it->second;
              }
            }
            if (best >= 0) {
              te[i] = best;
              seen(best, static_cast<int>(si), i);
              if (index_.entities[best].label == EntityLabel::kPerson) {
                last_person = best;
                last_person_sentence = static_cast<int>(si);
              } else {
                last_orgloc_here = best;
              }
            }
          }
          continue;
        }
        if (t.upos(i) != "PRON" && t.upos(i) != "DET") continue;
        int g = (w == "he" || w == "him" || w == "his" || w == "himself") ? 1
                : (w == "she" || w == "her" || w == "hers" || w == "herself") ? 2
                                                                              : 0;
        if (g != 0) {
          // A subject pronoun prefers a person who is the subject of an earlier clause of the
          // same sentence ("Martin praised the chancellor, but he ..."); otherwise the most
          // recent person.
          int pick = -1;
          if (t.rel(i) == "nsubj") {
            for (int k = i - 1; k >= 0 && pick < 0; --k) {
              int e = te[k];
              if (e >= 0 && t.rel(k) == "nsubj" && index_.entities[e].label == EntityLabel::kPerson &&
                  (gender[e] == 0 || gender[e] == g)) {
                pick = e;
              }
            }
          }
          if (pick < 0 && salient_person >= 0 && salient_sentence == last_person_sentence &&
              static_cast<int>(si) - salient_sentence <= 3 &&
              (gender[salient_person] == 0 || gender[salient_person] == g)) {
            pick = salient_person;
          }
          if (pick < 0 && last_person >= 0 && static_cast<int>(si) - last_person_sentence <= 3 &&
              (gender[last_person] == 0 || gender[last_person] == g)) {
            pick = last_person;
          }
          if (pick >= 0) {
            te[i] = pick;
            gender[pick] = g;
            seen(pick, static_cast<int>(si), i);
            last_person = pick;
            last_person_sentence = static_cast<int>(si);
            salient_person = pick;
            salient_sentence = static_cast<int>(si);
          }
          continue;
        }
        if (w == "its" || w == "their") {
          // Across the sentence boundary only "its", and only to the previous sentence's
          // subject: "their" is as often people ("outsiders poke their noses"), and an
          // organisation elsewhere in the sentence is often not the one meant.
          int pick = last_orgloc_here >= 0 ? last_orgloc_here
                     : w == "its"          ? prev_subject_org
                                           : -1;
          if (pick >= 0) te[i] = pick;
        }
      }
      prev_subject_org = subject_org_here;
    }
  }

  const std::vector<Sentence>& sents_;
  const std::vector<Tree>& trees_;
  EntityIndex index_;
  std::vector<Mention> mentions_;
  std::vector<std::set<std::string>> keys_;
  std::unordered_map<std::string, int> key_owner_;  // name or alias key -> highest id with it
  std::unordered_map<std::string, std::vector<int>> by_name_;     // Key(name) -> ids
  std::unordered_map<std::string, std::vector<int>> by_word_;     // Key(first/last word) -> ids
  std::unordered_map<std::string, std::vector<int>> by_acronym_;  // Acronym(name) -> ids
  std::unordered_map<std::string, std::vector<int>> by_country_;  // CountryForm(name) -> ids
};

}  // namespace

bool IsTitleWord(std::string_view word) { return TitleWords().count(Key(word)) > 0; }

bool IsPersonPronoun(std::string_view w) {
  return w == "he" || w == "him" || w == "his" || w == "himself" || w == "she" || w == "her" ||
         w == "hers" || w == "herself";
}

std::string Acronym(std::string_view name) {
  std::string out;
  for (const std::string& w : Words(name)) {
    if (IsFunctionWord(Key(w))) continue;
    if (AllCaps(w)) {
      for (char c : w) {
        if (std::isalpha(static_cast<unsigned char>(c))) out.push_back(c);
      }
    } else if (IsCapitalized(w)) {
      out.push_back(w[0]);
    } else {
      return "";
    }
  }
  return out;
}

EntityIndex ResolveEntities(const std::vector<Sentence>& sentences, const std::vector<Tree>& trees) {
  return Resolver(sentences, trees).Run();
}

}  // namespace kg::ingest
