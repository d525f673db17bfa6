#include "ingest/nlp/entity_recognizer.h"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_set>

namespace kg::ingest::nlp {
namespace {

constexpr int kClasses = 7;  // O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC
constexpr int kMaxFeats = 64;  // Features() emits 45
constexpr int kMaxPhrase = 5;

int TypeIndex(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return 0;
    case EntityType::kOrganization:
      return 1;
    case EntityType::kLocation:
      return 2;
    default:
      return -1;
  }
}
EntityType TypeOf(int idx) {
  return idx == 0 ? EntityType::kPerson : idx == 1 ? EntityType::kOrganization
                                                   : EntityType::kLocation;
}
bool Valid(int cls, int prev) {
  if (cls == 0 || cls % 2 == 1) return true;
  return prev == cls || prev == cls - 1;
}

const std::unordered_set<std::string>& TitleCues() {
  static const std::unordered_set<std::string> kCues = {
      "president", "minister", "secretary", "senator", "sen.", "governor", "gov.", "mr", "mr.",
      "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "envoy", "aide", "spokesman",
      "spokeswoman", "spokesperson", "chairman", "chairwoman", "chief", "ceo", "director", "king",
      "queen", "prince", "princess", "pope", "general", "gen.", "judge", "coach", "manager",
      "mayor", "ambassador", "leader", "rep.", "representative", "lawyer", "analyst", "officer",
      "captain", "colonel", "col.", "lieutenant", "sir", "lord", "lady", "dame", "chancellor",
      "premier", "founder", "boss", "striker", "midfielder", "defender", "goalkeeper", "singer",
      "actor", "actress", "star", "author", "writer", "executive", "economist", "commissioner",
      "justice", "attorney", "sheriff", "detective", "inspector", "sergeant", "sgt.", "father",
      "rev.", "bishop", "cardinal", "rabbi", "imam", "sheikh", "shaikh", "president-elect", "vice",
      "deputy", "counsel", "professor", "doctor", "uncle", "aunt", "brother", "sister", "wife",
      "husband", "son", "daughter", "mom", "dad", "friend", "colleague", "partner"};
  return kCues;
}

const std::unordered_set<std::string>& OrgWords() {
  static const std::unordered_set<std::string> kWords = {
      "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "co", "co.", "plc", "llc", "group",
      "university", "college", "school", "bank", "party", "council", "association", "committee",
      "agency", "department", "ministry", "company", "corporation", "institute", "club", "fc",
      "united", "airlines", "airways", "news", "times", "post", "foundation", "commission",
      "organization", "organisation", "society", "union", "federation", "board", "court",
      "senate", "congress", "parliament", "police", "army", "navy", "network", "records",
      "studios", "motors", "systems", "technologies", "hospital", "church", "museum", "center",
      "centre", "league", "office", "bureau", "service", "services", "authority", "fund"};
  return kWords;
}

const std::unordered_set<std::string>& LocWords() {
  static const std::unordered_set<std::string> kWords = {
      "street", "st.", "avenue", "ave", "road", "rd", "city", "county", "state", "river",
      "lake", "mountain", "mountains", "island", "islands", "bay", "beach", "park", "valley",
      "north", "south", "east", "west", "province", "region", "republic", "kingdom", "ocean",
      "sea", "airport", "station", "square", "bridge", "hills", "canyon", "falls", "coast"};
  return kWords;
}

const std::unordered_set<std::string>& LocPrepositions() {
  static const std::unordered_set<std::string> kWords = {"in", "at", "from", "to", "near",
                                                         "across", "into", "outside", "visit",
                                                         "visiting", "around", "towards"};
  return kWords;
}

}  // namespace

void EntityRecognizer::LoadGazetteer(const std::string& wordnet_dir) {
  std::ifstream in(wordnet_dir + "/data.noun");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;
    std::istringstream ls(line);
    std::string offset, lexfile, sstype, wcnt_hex;
    ls >> offset >> lexfile >> sstype >> wcnt_hex;
    int lex = std::atoi(lexfile.c_str());
    uint8_t bit = lex == 18 ? 1 : lex == 14 ? 2 : lex == 15 ? 4 : 0;
    if (bit == 0) continue;
    int wcnt = static_cast<int>(std::strtol(wcnt_hex.c_str(), nullptr, 16));
    std::vector<std::string> names;
    for (int i = 0; i < wcnt; ++i) {
      std::string w, lexid;
      ls >> w >> lexid;
      size_t paren = w.find('(');
      if (paren != std::string::npos) w = w.substr(0, paren);
      names.push_back(w);
    }
    // Person names: instances only (capitalized non-instance person nouns are nationalities
    // and members: "American", "Democrat"). Groups and places: also capitalized names of
    // non-instance synsets ("NASA", "United_Kingdom" / "UK" are not marked as instances).
    const bool instance = line.find(" @i ") != std::string::npos;
    if (!instance && lex == 18) continue;
    for (std::string w : names) {
      // Names with a capital anywhere ("al-Qaeda", "bin Laden"); common nouns have none.
      if (std::none_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) continue;
      std::replace(w.begin(), w.end(), '_', ' ');
      const std::string low = AsciiLower(w);
      gazetteer_[HashStr(low)] |= bit;
      // The tokenizer (and EWT) split hyphens off: "al-Qaeda" is "al - Qaeda".
      if (low.find('-') != std::string::npos && low.size() > 1) {
        std::string split;
        for (char c : low) {
          if (c == '-') {
            split += " - ";
          } else {
            split += c;
          }
        }
        gazetteer_[HashStr(split)] |= bit;
      }
    }
  }
}

std::vector<uint8_t> EntityRecognizer::DictionaryTags(const std::vector<Token>& tokens,
                                                      const Dictionary& dict) {
  const int n = static_cast<int>(tokens.size());
  std::vector<uint8_t> out(n, 0);
  if (dict.empty()) return out;
  // Phrase keys are HashStr of the lower-cased tokens joined by spaces; FNV-1a runs on
  // incrementally, so no phrase string is built.
  constexpr uint64_t kPrime = 1099511628211ULL;
  // Every candidate phrase's key first, each lookup's slot prefetched, so that the dictionary's
  // cache misses overlap; then the longest-match scan over the stored keys.
  auto eligible = [&](int i, bool* upper) {
    const std::string& t = tokens[i].text;
    *upper = !t.empty() && t[0] >= 'A' && t[0] <= 'Z';
    // Lower-case names ("florida", "punjab" in web text) match too, marked apart (bit 16).
    const bool lower_ok = !t.empty() && t[0] >= 'a' && t[0] <= 'z' && t.size() >= 3;
    return *upper || lower_ok;
  };
  std::vector<uint64_t> keys(static_cast<size_t>(n) * kMaxPhrase, 0);
  for (int i = 0; i < n; ++i) {
    bool upper;
    if (!eligible(i, &upper)) continue;
    uint64_t h = 1469598103934665603ULL;
    for (int len = 1; len <= kMaxPhrase && i + len <= n; ++len) {
      if (len > 1) h = (h ^ static_cast<unsigned char>(' ')) * kPrime;
      for (char ch : tokens[i + len - 1].text) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        h = (h ^ static_cast<unsigned char>(ch)) * kPrime;
      }
      const uint64_t key = Mix64(h);
      keys[static_cast<size_t>(i) * kMaxPhrase + len - 1] = key;
      dict.Prefetch(key);
    }
  }
  int i = 0;
  while (i < n) {
    bool upper;
    if (!eligible(i, &upper)) {
      ++i;
      continue;
    }
    int best_len = 0;
    uint8_t best_bits = 0;
    for (int len = 1; len <= kMaxPhrase && i + len <= n; ++len) {
      if (const uint8_t* bits = dict.Find(keys[static_cast<size_t>(i) * kMaxPhrase + len - 1])) {
        best_len = len;
        best_bits = *bits;
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    for (int k = 0; k < best_len; ++k) {
      out[i + k] = static_cast<uint8_t>((best_bits << 1) | (k == 0 ? 1 : 0) | (upper ? 0 : 16));
    }
    i += best_len;
  }
  return out;
}

namespace {
// Title / organisation / place / locative-preposition cue bits by lower-cased word hash.
const HashMap64<uint8_t>& CueBits() {
  static const HashMap64<uint8_t> kBits = [] {
    HashMap64<uint8_t> m;
    for (const auto& w : TitleCues()) m[HashStr(w)] |= 1;
    for (const auto& w : OrgWords()) m[HashStr(w)] |= 2;
    for (const auto& w : LocWords()) m[HashStr(w)] |= 4;
    for (const auto& w : LocPrepositions()) m[HashStr(w)] |= 8;
    return m;
  }();
  return kBits;
}
}  // namespace

EntityRecognizer::Context EntityRecognizer::MakeContext(const std::vector<Token>& tokens,
                                                       const std::vector<WordInfo>& words,
                                                       const Dictionary& memory) const {
  Context c;
  c.gaz = DictionaryTags(tokens, gazetteer_);
  c.mem = DictionaryTags(tokens, memory);
  c.cues.resize(tokens.size());
  c.xpos.resize(tokens.size());
  c.upos.resize(tokens.size());
  const HashMap64<uint8_t>& cues = CueBits();
  for (size_t i = 0; i < tokens.size(); ++i) {
    const uint8_t* bits = cues.Find(words[i].lower);
    c.cues[i] = bits ? *bits : 0;
    c.xpos[i] = HashStr(tokens[i].xpos);
    c.upos[i] = HashStr(tokens[i].upos);
  }
  const int n = static_cast<int>(tokens.size());
  static const uint64_t kPadLower = MakeWordInfo("-PAD-").lower;
  c.stats.resize(n + 2);
  c.names.resize(n + 2);
  c.stats[0] = c.stats[n + 1] = WordStats(kPadLower);
  c.names[0] = c.names[n + 1] = NameStats(kPadLower);
  for (int i = 0; i < n; ++i) {
    word_stats_.Prefetch(words[i].lower);
    name_stats_.Prefetch(words[i].lower);
  }
  for (int i = 0; i < n; ++i) {
    c.stats[i + 1] = WordStats(words[i].lower);
    c.names[i + 1] = NameStats(words[i].lower);
  }
  c.rel.assign(n, 0);
  c.head_word.assign(n, 0);
  c.head_rel.assign(n, 0);
  c.case_word.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    if (!tokens[i].deprel.empty()) c.rel[i] = HashStr(tokens[i].deprel);
  }
  for (int i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    if (t.deprel.empty()) continue;
    if (t.head >= 0 && t.head < n) {
      c.head_word[i] = words[t.head].lower;
      c.head_rel[i] = c.rel[t.head];
      if (t.deprel == "case") c.case_word[t.head] = words[i].lower;
    } else {
      c.head_word[i] = 1;
    }
  }
  return c;
}

int EntityRecognizer::Features(const std::vector<WordInfo>& words, const Context& ctx, int i,
                               int prev, int prev2, uint32_t* f) const {
  const int n = static_cast<int>(words.size());
  static const WordInfo kPad = MakeWordInfo("-PAD-");
  auto at = [&](int k) -> const WordInfo& { return k < 0 || k >= n ? kPad : words[k]; };
  auto X = [&](int k) -> uint64_t { return k < 0 || k >= n ? 1 : ctx.xpos[k]; };
  auto C = [&](int k, int bit) -> bool { return k >= 0 && k < n && (ctx.cues[k] & bit) != 0; };
  auto G = [&](int k) -> uint64_t { return k < 0 || k >= n ? 99 : ctx.gaz[k]; };
  const WordInfo& w = words[i];
  const WordInfo& p1 = at(i - 1);
  const WordInfo& n1 = at(i + 1);
  const uint64_t x0 = X(i), xp = X(i - 1), xn = X(i + 1);
  const uint64_t t1 = static_cast<uint64_t>(prev + 1), t2 = static_cast<uint64_t>(prev2 + 1);
  const uint64_t title = C(i - 1, 1) ? 1 : C(i - 2, 1) ? 2 : 0;
  const uint64_t org = C(i, 2) ? 1 : C(i + 1, 2) ? 2 : 0;
  const uint64_t loc = C(i, 4) ? 1 : C(i + 1, 4) ? 2 : 0;
  const uint64_t locprep = C(i - 1, 8) ? 1 : 0;
  int k = 0;
  f[k++] = Feat(400, 0);
  f[k++] = Feat(401, w.form);
  f[k++] = Feat(402, w.lower);
  f[k++] = Feat(403, w.shape);
  f[k++] = Feat(404, w.suf3);
  f[k++] = Feat(405, w.pre3);
  f[k++] = Feat(406, p1.lower);
  f[k++] = Feat(407, n1.lower);
  f[k++] = Feat(408, p1.shape, w.shape);
  f[k++] = Feat(409, w.shape, n1.shape);
  f[k++] = Feat(410, x0);
  f[k++] = Feat(411, xp, x0);
  f[k++] = Feat(412, x0, xn);
  f[k++] = Feat(413, t1);
  f[k++] = Feat(414, t1, t2);
  f[k++] = Feat(415, t1, w.shape);
  f[k++] = Feat(416, t1, x0);
  f[k++] = Feat(417, G(i));
  f[k++] = Feat(418, G(i), x0);
  f[k++] = Feat(419, G(i - 1), G(i), G(i + 1));
  f[k++] = Feat(420, title, w.capitalized);
  f[k++] = Feat(421, title, x0);
  f[k++] = Feat(422, org, w.capitalized);
  f[k++] = Feat(423, org, x0, t1);
  f[k++] = Feat(424, loc, w.capitalized);
  f[k++] = Feat(425, locprep, w.capitalized, x0);
  f[k++] = Feat(426, i == 0, w.capitalized, x0);
  f[k++] = Feat(427, w.all_caps, w.form);
  f[k++] = Feat(428, p1.lower, w.lower);
  f[k++] = Feat(429, w.lower, n1.lower);
  f[k++] = Feat(430, at(i - 2).lower);
  f[k++] = Feat(431, at(i + 2).lower);
  f[k++] = Feat(432, w.suf2, x0);
  f[k++] = Feat(433, t1, p1.lower);
  f[k++] = Feat(434, ctx.upos[i], w.capitalized);
  f[k++] = Feat(435, w.pre2, w.capitalized);
  f[k++] = Feat(436, w.has_digit, w.has_hyphen, x0);
  const uint64_t ws = ctx.stats[i + 1];
  f[k++] = Feat(437, ws, w.capitalized);
  f[k++] = Feat(438, ws, x0, i == 0);
  f[k++] = Feat(439, ctx.stats[i], p1.capitalized, w.capitalized);
  f[k++] = Feat(440, ctx.stats[i + 2], n1.capitalized, w.capitalized);
  auto M = [&](int q) -> uint64_t { return q < 0 || q >= n ? 99 : ctx.mem[q]; };
  f[k++] = Feat(441, M(i));
  f[k++] = Feat(442, M(i), x0);
  f[k++] = Feat(443, M(i - 1), M(i), M(i + 1));
  f[k++] = Feat(444, M(i), G(i));
  f[k++] = Feat(448, ctx.rel[i], w.capitalized);
  f[k++] = Feat(449, ctx.rel[i], ctx.head_word[i]);
  f[k++] = Feat(450, ctx.case_word[i], ctx.rel[i], w.capitalized);
  f[k++] = Feat(451, ctx.rel[i], ctx.head_rel[i], x0);
  const uint64_t nm = ctx.names[i + 1];
  f[k++] = Feat(445, nm, w.capitalized);
  f[k++] = Feat(446, ctx.names[i], nm);
  f[k++] = Feat(447, nm, ctx.names[i + 2]);
  return k;
}

std::vector<EntitySpan> EntityRecognizer::Recognize(const std::vector<Token>& tokens,
                                                    const std::vector<WordInfo>& words) const {
  std::vector<EntitySpan> out;
  const int n = static_cast<int>(tokens.size());
  if (n == 0 || model_.nclasses() != kClasses) return out;
  Context ctx = MakeContext(tokens, words, memory_);
  uint32_t f[kMaxFeats];
  float scores[kClasses];
  int prev = 0, prev2 = 0;
  std::vector<int> tags(n);
  for (int i = 0; i < n; ++i) {
    int k = Features(words, ctx, i, prev, prev2, f);
    std::fill(scores, scores + kClasses, 0);
    model_.Score(f, k, scores);
    int best = 0;
    for (int c = 1; c < kClasses; ++c) {
      if (Valid(c, prev) && scores[c] > scores[best]) best = c;
    }
    tags[i] = best;
    prev2 = prev;
    prev = best;
  }
  for (int i = 0; i < n;) {
    if (tags[i] % 2 == 1) {
      int j = i + 1;
      while (j < n && tags[j] == tags[i] + 1) ++j;
      EntitySpan e;
      e.first = i;
      e.last = j - 1;
      e.type = TypeOf((tags[i] - 1) / 2);
      out.push_back(e);
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

EntityRecognizer EntityRecognizer::Train(const std::vector<Sentence>& train,
                                         const std::vector<Sentence>& treebank,
                                         const std::string& wordnet_dir, const Options& options) {
  EntityRecognizer first = TrainOnce(train, treebank, wordnet_dir, options);
  if (!options.self_train) return first;
  // Weak extra training data from the treebank: sentences with a PROPN that the first model
  // labels so that its entities are made of PROPN tokens and cover every PROPN token (the gold
  // tags constrain the spans; the model chooses the types). Two rounds of this were worse.
  std::vector<Sentence> augmented = train;
  for (const Sentence& t : treebank) {
    if (std::none_of(t.tokens.begin(), t.tokens.end(),
                     [](const Token& tok) { return tok.upos == "PROPN"; })) {
      continue;
    }
    std::vector<WordInfo> words;
    words.reserve(t.tokens.size());
    for (const auto& tok : t.tokens) words.push_back(MakeWordInfo(tok.text));
    std::vector<EntitySpan> spans = first.Recognize(t.tokens, words);
    std::vector<char> covered(t.tokens.size(), 0);
    bool ok = true;
    for (const auto& e : spans) {
      for (int i = e.first; i <= e.last; ++i) {
        covered[i] = 1;
        ok = ok && t.tokens[i].upos == "PROPN";
      }
    }
    for (size_t i = 0; i < t.tokens.size() && ok; ++i) {
      ok = covered[i] || t.tokens[i].upos != "PROPN";
    }
    if (!ok) continue;
    Sentence s;
    s.tokens = t.tokens;
    s.entities = std::move(spans);
    augmented.push_back(std::move(s));
  }
  return TrainOnce(augmented, treebank, wordnet_dir, options);
}

EntityRecognizer EntityRecognizer::TrainOnce(const std::vector<Sentence>& train,
                                             const std::vector<Sentence>& treebank,
                                             const std::string& wordnet_dir,
                                             const Options& options) {
  EntityRecognizer r;
  r.LoadGazetteer(wordnet_dir);
  {
    struct Counts {
      uint32_t total = 0, cap = 0, propn = 0, flat_head = 0, flat_dep = 0;
    };
    std::unordered_map<uint64_t, Counts> counts;
    for (const auto& s : treebank) {
      for (size_t i = 0; i < s.tokens.size(); ++i) {
        const Token& t = s.tokens[i];
        Counts& c = counts[HashStr(AsciiLower(t.text))];
        ++c.total;
        if (i > 0 && !t.text.empty() && t.text[0] >= 'A' && t.text[0] <= 'Z') ++c.cap;
        if (t.upos == "PROPN") ++c.propn;
        if (t.upos == "PROPN" && t.deprel == "flat") {
          ++c.flat_dep;
          if (t.head >= 0 && t.head < static_cast<int>(i)) {
            const Token& h = s.tokens[t.head];
            ++counts[HashStr(AsciiLower(h.text))].flat_head;
          }
        }
      }
    }
    auto bucket = [](uint32_t k, uint32_t n) -> uint8_t {
      double r = static_cast<double>(k) / n;
      return r == 0 ? 0 : r < 0.2 ? 1 : r < 0.5 ? 2 : r < 0.8 ? 3 : r < 1 ? 4 : 5;
    };
    for (const auto& [h, c] : counts) {
      if (c.total < 2) continue;
      if (c.flat_head + c.flat_dep > 0) {
        r.name_stats_[h] = static_cast<uint8_t>(
            ((bucket(c.flat_head, c.total) << 3) | bucket(c.flat_dep, c.total)) + 1);
      }
      r.word_stats_[h] = static_cast<uint8_t>(((bucket(c.cap, c.total) << 4) |
                                               bucket(c.propn, c.total)) + 1);
    }
  }
  std::vector<std::vector<int>> gold(train.size());
  std::vector<std::vector<WordInfo>> words(train.size());
  std::vector<Context> ctx(train.size());
  // Entity strings seen in training. Each training sentence sees only the strings of the other
  // folds, as an unseen sentence would at test time.
  constexpr int kFolds = 5;
  std::vector<Dictionary> fold_memory(kFolds);
  auto add_entities = [](const Sentence& s, Dictionary* d) {
    for (const auto& e : s.entities) {
      int ti = TypeIndex(e.type);
      if (ti < 0) continue;
      std::string phrase;
      for (int i = e.first; i <= e.last && i < static_cast<int>(s.tokens.size()); ++i) {
        if (i > e.first) phrase += ' ';
        phrase += AsciiLower(s.tokens[i].text);
      }
      (*d)[HashStr(phrase)] |= static_cast<uint8_t>(1 << ti);
    }
  };
  for (size_t si = 0; si < train.size(); ++si) {
    add_entities(train[si], &r.memory_);
    for (int f = 0; f < kFolds; ++f) {
      if (static_cast<int>(si % kFolds) != f) add_entities(train[si], &fold_memory[f]);
    }
  }
  for (size_t s = 0; s < train.size(); ++s) {
    const auto& toks = train[s].tokens;
    gold[s].assign(toks.size(), 0);
    for (const auto& e : train[s].entities) {
      int ti = TypeIndex(e.type);
      if (ti < 0) continue;
      for (int i = e.first; i <= e.last && i < static_cast<int>(toks.size()); ++i) {
        gold[s][i] = 1 + 2 * ti + (i == e.first ? 0 : 1);
      }
    }
    for (const auto& t : toks) words[s].push_back(MakeWordInfo(t.text));
    ctx[s] = r.MakeContext(toks, words[s], fold_memory[s % kFolds]);
  }
  PerceptronTrainer trainer(kClasses);
  std::vector<size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(options.seed);
  uint32_t f[kMaxFeats];
  float scores[kClasses];
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (size_t s : order) {
      int prev = 0, prev2 = 0;
      const auto& toks = train[s].tokens;
      for (int i = 0; i < static_cast<int>(toks.size()); ++i) {
        int k = r.Features(words[s], ctx[s], i, prev, prev2, f);
        std::fill(scores, scores + kClasses, 0.0f);
        trainer.Score(f, k, scores);
        int best = 0;
        for (int c = 1; c < kClasses; ++c) {
          if (Valid(c, prev) && scores[c] > scores[best]) best = c;
        }
        trainer.Update(f, k, gold[s][i], best);
        trainer.Tick();
        prev2 = prev;
        // Gold history in the first epoch, then the model's own (as at test time).
        prev = epoch == 0 ? gold[s][i] : best;
      }
    }
  }
  r.model_ = trainer.Freeze();
  return r;
}

void EntityRecognizer::Write(ByteWriter* w) const {
  std::vector<uint64_t> keys;
  std::vector<uint8_t> bits;
  std::vector<std::pair<uint64_t, uint8_t>> sorted = gazetteer_.Items();
  for (const auto& [k, b] : sorted) {
    keys.push_back(k);
    bits.push_back(b);
  }
  w->PutVector(keys);
  w->PutVector(bits);
  std::vector<std::pair<uint64_t, uint8_t>> msorted = memory_.Items();
  std::vector<uint64_t> mkeys;
  std::vector<uint8_t> mbits;
  for (const auto& [k, b] : msorted) {
    mkeys.push_back(k);
    mbits.push_back(b);
  }
  w->PutVector(mkeys);
  w->PutVector(mbits);
  std::vector<std::pair<uint64_t, uint8_t>> stats = word_stats_.Items();
  std::vector<uint64_t> skeys;
  std::vector<uint8_t> svals;
  for (const auto& [k, v] : stats) {
    skeys.push_back(k);
    svals.push_back(v);
  }
  w->PutVector(skeys);
  w->PutVector(svals);
  std::vector<uint64_t> nkeys;
  std::vector<uint8_t> nvals;
  for (const auto& [k, v] : name_stats_.Items()) {
    nkeys.push_back(k);
    nvals.push_back(v);
  }
  w->PutVector(nkeys);
  w->PutVector(nvals);
  model_.Write(w);
}

bool EntityRecognizer::Read(ByteReader* r) {
  std::vector<uint64_t> keys;
  std::vector<uint8_t> bits;
  std::vector<uint64_t> skeys;
  std::vector<uint8_t> svals;
  std::vector<uint64_t> mkeys;
  std::vector<uint8_t> mbits;
  std::vector<uint64_t> nkeys;
  std::vector<uint8_t> nvals;
  if (!r->GetVector(&keys) || !r->GetVector(&bits) || keys.size() != bits.size() ||
      !r->GetVector(&mkeys) || !r->GetVector(&mbits) || mkeys.size() != mbits.size() ||
      !r->GetVector(&skeys) || !r->GetVector(&svals) || skeys.size() != svals.size() ||
      !r->GetVector(&nkeys) || !r->GetVector(&nvals) || nkeys.size() != nvals.size() ||
      !model_.Read(r)) {
    return false;
  }
  memory_.clear();
  for (size_t i = 0; i < mkeys.size(); ++i) memory_[mkeys[i]] = mbits[i];
  word_stats_.clear();
  for (size_t i = 0; i < skeys.size(); ++i) word_stats_[skeys[i]] = svals[i];
  name_stats_.clear();
  for (size_t i = 0; i < nkeys.size(); ++i) name_stats_[nkeys[i]] = nvals[i];
  gazetteer_.clear();
  for (size_t i = 0; i < keys.size(); ++i) gazetteer_[keys[i]] = bits[i];
  return model_.nclasses() == kClasses;
}

}  // namespace kg::ingest::nlp
