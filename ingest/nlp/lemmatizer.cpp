#include "ingest/nlp/lemmatizer.h"

#include <algorithm>
#include <fstream>
#include <map>

#include "ingest/nlp/features.h"

namespace kg::ingest::nlp {
namespace {

bool EndsWith(std::string_view s, std::string_view suf) {
  return s.size() > suf.size() && s.substr(s.size() - suf.size()) == suf;
}

const char* kPosNames[4] = {"noun", "verb", "adj", "adv"};

void WriteMap(ByteWriter* w, const std::unordered_map<std::string, std::string>& m) {
  std::vector<std::string> flat;
  std::vector<std::pair<std::string, std::string>> sorted(m.begin(), m.end());
  std::sort(sorted.begin(), sorted.end());
  for (auto& [k, v] : sorted) {
    flat.push_back(k);
    flat.push_back(v);
  }
  w->PutStrings(flat);
}

bool ReadMap(ByteReader* r, std::unordered_map<std::string, std::string>* m) {
  std::vector<std::string> flat;
  if (!r->GetStrings(&flat) || flat.size() % 2 != 0) return false;
  m->clear();
  m->reserve(flat.size() / 2);
  for (size_t i = 0; i < flat.size(); i += 2) (*m)[flat[i]] = flat[i + 1];
  return true;
}

}  // namespace

std::string Lemmatizer::Morphy(const std::string& word, int pos) const {
  auto ex = exceptions_[pos].find(word);
  if (ex != exceptions_[pos].end()) return ex->second;
  static const std::vector<std::pair<std::string_view, std::string_view>> kRules[4] = {
      {{"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"},
       {"ies", "y"}, {"s", ""}},
      {{"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""},
       {"s", ""}},
      {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
      {}};
  for (const auto& [suf, rep] : kRules[pos]) {
    if (EndsWith(word, suf)) {
      std::string cand = word.substr(0, word.size() - suf.size()) + std::string(rep);
      if (index_[pos].count(cand)) return cand;
    }
  }
  return "";
}

void Lemmatizer::Index() {
  lexicon_index_.clear();
  lemmas_.clear();
  std::vector<std::pair<std::string, std::string>> sorted(lexicon_.begin(), lexicon_.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [key, lemma] : sorted) {
    lexicon_index_[HashStr(key)] = static_cast<uint32_t>(lemmas_.size());
    lemmas_.push_back(lemma);
  }
}

const std::string* Lemmatizer::Lookup(std::string_view form, std::string_view xpos,
                                      bool lower) const {
  // HashStr(form + "\t" + xpos) = Mix64(FNV-1a), computed without building the string.
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t h = 1469598103934665603ULL;
  for (char c : form) {
    if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    h = (h ^ static_cast<unsigned char>(c)) * kPrime;
  }
  h = (h ^ static_cast<unsigned char>('\t')) * kPrime;
  for (char c : xpos) h = (h ^ static_cast<unsigned char>(c)) * kPrime;
  const uint32_t* i = lexicon_index_.Find(Mix64(h));
  return i ? &lemmas_[*i] : nullptr;
}

std::string Lemmatizer::Lemma(std::string_view form, std::string_view xpos) const {
  if (const std::string* l = Lookup(form, xpos, false)) return *l;
  if (const std::string* l = Lookup(form, xpos, true)) return *l;
  std::string lower = AsciiLower(form);
  if (xpos == "NNP") return std::string(form);
  if (xpos == "NNPS") {
    if (EndsWith(form, "s")) return std::string(form.substr(0, form.size() - 1));
    return std::string(form);
  }
  int pos = -1;
  if (xpos == "NNS") {
    pos = kNoun;
  } else if (xpos == "VBD" || xpos == "VBN" || xpos == "VBG" || xpos == "VBZ") {
    pos = kVerb;
  } else if (xpos == "JJR" || xpos == "JJS") {
    pos = kAdj;
  } else if (xpos == "RBR" || xpos == "RBS") {
    pos = kAdv;
  }
  if (pos < 0) return lower;
  std::string m = Morphy(lower, pos);
  if (!m.empty()) return m;
  // Rules for words WordNet does not know.
  auto strip = [&](std::string_view suf, std::string_view rep) -> std::string {
    return lower.substr(0, lower.size() - suf.size()) + std::string(rep);
  };
  if (pos == kNoun) {
    if (EndsWith(lower, "ies") && lower.size() > 4) return strip("ies", "y");
    if (EndsWith(lower, "sses") || EndsWith(lower, "xes") || EndsWith(lower, "ches") ||
        EndsWith(lower, "shes")) {
      return strip("es", "");
    }
    if (EndsWith(lower, "s") && !EndsWith(lower, "ss") && lower.size() > 2) return strip("s", "");
  } else if (pos == kVerb) {
    if (xpos == "VBZ") {
      if (EndsWith(lower, "ies")) return strip("ies", "y");
      if (EndsWith(lower, "ches") || EndsWith(lower, "shes") || EndsWith(lower, "sses")) {
        return strip("es", "");
      }
      if (EndsWith(lower, "s")) return strip("s", "");
    } else if (xpos == "VBG" && EndsWith(lower, "ing") && lower.size() > 4) {
      return strip("ing", "");
    } else if (EndsWith(lower, "ied")) {
      return strip("ied", "y");
    } else if (EndsWith(lower, "ed") && lower.size() > 3) {
      return strip("ed", "");
    }
  } else if (pos == kAdj) {
    if (EndsWith(lower, "est") && lower.size() > 4) return strip("est", "");
    if (EndsWith(lower, "er") && lower.size() > 3) return strip("er", "");
  }
  return lower;
}

Lemmatizer Lemmatizer::Train(const std::vector<Sentence>& train, const std::string& wordnet_dir,
                             std::string* warning) {
  Lemmatizer l;
  std::map<std::string, std::map<std::string, int>> counts;
  for (const auto& s : train) {
    for (const auto& t : s.tokens) {
      if (t.lemma.empty() || t.lemma == "_") continue;
      counts[t.text + "\t" + t.xpos][t.lemma]++;
    }
  }
  for (const auto& [key, m] : counts) {
    auto best = std::max_element(m.begin(), m.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    l.lexicon_[key] = best->first;
  }
  bool ok = true;
  for (int p = 0; p < 4; ++p) {
    std::ifstream idx(wordnet_dir + "/index." + kPosNames[p]);
    std::ifstream exc(wordnet_dir + "/" + kPosNames[p] + ".exc");
    if (!idx || !exc) {
      ok = false;
      continue;
    }
    std::string line;
    while (std::getline(idx, line)) {
      if (line.empty() || line[0] == ' ') continue;
      std::string lemma = line.substr(0, line.find(' '));
      if (lemma.find('_') != std::string::npos) continue;
      l.index_[p].insert(lemma);
    }
    while (std::getline(exc, line)) {
      size_t sp = line.find(' ');
      if (sp == std::string::npos) continue;
      size_t sp2 = line.find(' ', sp + 1);
      l.exceptions_[p][line.substr(0, sp)] = line.substr(sp + 1, sp2 == std::string::npos
                                                                     ? std::string::npos
                                                                     : sp2 - sp - 1);
    }
  }
  if (!ok && warning) *warning = "WordNet files not found in " + wordnet_dir;
  l.Index();
  return l;
}

void Lemmatizer::Write(ByteWriter* w) const {
  WriteMap(w, lexicon_);
  for (int p = 0; p < 4; ++p) {
    std::vector<std::string> v(index_[p].begin(), index_[p].end());
    std::sort(v.begin(), v.end());
    w->PutStrings(v);
    WriteMap(w, exceptions_[p]);
  }
}

bool Lemmatizer::Read(ByteReader* r) {
  if (!ReadMap(r, &lexicon_)) return false;
  for (int p = 0; p < 4; ++p) {
    std::vector<std::string> v;
    if (!r->GetStrings(&v) || !ReadMap(r, &exceptions_[p])) return false;
    index_[p] = std::unordered_set<std::string>(v.begin(), v.end());
  }
  Index();
  return true;
}

size_t Lemmatizer::MemoryBytes() const {
  size_t n = lexicon_.size() * 96 + lexicon_index_.MemoryBytes() + lemmas_.size() * 40;
  for (int p = 0; p < 4; ++p) n += index_[p].size() * 64 + exceptions_[p].size() * 96;
  return n;
}

}  // namespace kg::ingest::nlp
