#include "ingest/extract/conllu.h"

#include <charconv>

namespace kg::ingest {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  while (true) {
    size_t t = line.find('\t', start);
    if (t == std::string_view::npos) {
      cols.push_back(line.substr(start));
      return cols;
    }
    cols.push_back(line.substr(start, t - start));
    start = t + 1;
  }
}

bool ParseInt(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

EntityType TypeOf(std::string_view t) {
  if (t == "PER" || t == "PERSON") return EntityType::kPerson;
  if (t == "ORG" || t == "ORGANIZATION" || t == "NORP") return EntityType::kOrganization;
  if (t == "LOC" || t == "GPE" || t == "LOCATION" || t == "FAC") return EntityType::kLocation;
  return EntityType::kMisc;
}

std::string_view TypeName(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return "PER";
    case EntityType::kOrganization:
      return "ORG";
    case EntityType::kLocation:
      return "LOC";
    case EntityType::kMisc:
      return "MISC";
  }
  return "MISC";
}

// The value of `key=` in a |-separated MISC column, or "".
std::string_view MiscValue(std::string_view misc, std::string_view key) {
  size_t start = 0;
  while (start <= misc.size()) {
    size_t bar = misc.find('|', start);
    std::string_view item = misc.substr(start, bar == std::string_view::npos ? misc.npos : bar - start);
    if (item.size() > key.size() && item.substr(0, key.size()) == key && item[key.size()] == '=') {
      return item.substr(key.size() + 1);
    }
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return {};
}

struct Pending {
  Sentence sentence;
  std::vector<std::string> ner;  // BIO tag per word
  bool new_par = false;
  std::string sent_id;
};

}  // namespace

Result<ConlluDocument> ParseConllu(std::string_view conllu, std::string_view name) {
  ConlluDocument doc;
  Pending cur;
  size_t line_no = 0;
  auto flush = [&]() -> Status {
    if (cur.sentence.tokens.empty()) {
      cur = Pending{};
      return Status::OK();
    }
    Sentence& s = cur.sentence;
    const int n = static_cast<int>(s.tokens.size());
    for (int i = 0; i < n; ++i) {
      if (s.tokens[i].head >= n) {
        return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line_no) +
                                       ": HEAD out of range in sentence ending here");
      }
    }
    if (!doc.text.empty()) doc.text += cur.new_par ? "\n\n" : "\n";
    s.begin = static_cast<uint32_t>(doc.text.size());
    for (int i = 0; i < n; ++i) {
      Token& t = s.tokens[i];
      t.begin = static_cast<uint32_t>(doc.text.size());
      doc.text += t.text;
      t.end = static_cast<uint32_t>(doc.text.size());
      if (t.space_after && i + 1 < n) doc.text += ' ';
    }
    s.end = static_cast<uint32_t>(doc.text.size());
    // BIO tags to spans.
    for (int i = 0; i < n; ++i) {
      const std::string& tag = cur.ner[i];
      if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-') continue;
      std::string type = tag.substr(2);
      int j = i;
      while (j + 1 < n && cur.ner[j + 1].size() > 2 && cur.ner[j + 1][0] == 'I' &&
             cur.ner[j + 1].substr(2) == type) {
        ++j;
      }
      s.entities.push_back(EntitySpan{i, j, TypeOf(type)});
      i = j;
    }
    doc.sentences.push_back(std::move(s));
    doc.sent_ids.push_back(cur.sent_id);
    cur = Pending{};
    return Status::OK();
  };

  size_t start = 0;
  bool pending_par = false;
  while (start < conllu.size()) {
    size_t nl = conllu.find('\n', start);
    std::string_view line =
        conllu.substr(start, nl == std::string_view::npos ? conllu.npos : nl - start);
    start = nl == std::string_view::npos ? conllu.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      KG_RETURN_IF_ERROR(flush());
      continue;
    }
    if (line[0] == '#') {
      if (line.find("newdoc") != line.npos || line.find("newpar") != line.npos) pending_par = true;
      size_t eq = line.find('=');
      if (line.substr(0, 9) == "# sent_id" && eq != line.npos) {
        std::string_view v = line.substr(eq + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        cur.sent_id = std::string(v);
      }
      continue;
    }
    std::vector<std::string_view> cols = SplitTabs(line);
    auto where = [&]() { return std::string(name) + ":" + std::to_string(line_no) + ": "; };
    if (cols.size() != 10) {
      return Status::InvalidArgument(where() + "expected 10 tab-separated columns, found " +
                                     std::to_string(cols.size()));
    }
    if (cols[0].find('-') != std::string_view::npos || cols[0].find('.') != std::string_view::npos) {
      continue;  // multiword token range or empty node
    }
    int id = 0, head = 0;
    if (!ParseInt(cols[0], &id) || id != static_cast<int>(cur.sentence.tokens.size()) + 1) {
      return Status::InvalidArgument(where() + "bad word ID '" + std::string(cols[0]) + "'");
    }
    if (!ParseInt(cols[6], &head) || head < 0) {
      return Status::InvalidArgument(where() + "bad HEAD '" + std::string(cols[6]) + "'");
    }
    if (cur.sentence.tokens.empty()) {
      cur.new_par = pending_par;
      pending_par = false;
    }
    Token t;
    t.text = std::string(cols[1]);
    t.lemma = cols[2] == "_" && cols[1] != "_" ? std::string(cols[1]) : std::string(cols[2]);
    t.upos = std::string(cols[3]);
    t.xpos = cols[4] == "_" ? "" : std::string(cols[4]);
    t.head = head - 1;
    t.deprel = std::string(cols[7]);
    t.space_after = MiscValue(cols[9], "SpaceAfter") != "No";
    cur.sentence.tokens.push_back(std::move(t));
    std::string_view ner = MiscValue(cols[9], "NER");
    if (ner.empty()) ner = MiscValue(cols[9], "Entity");
    cur.ner.emplace_back(ner);
  }
  KG_RETURN_IF_ERROR(flush());
  return doc;
}

std::string ToConllu(const std::vector<Sentence>& sentences, std::string_view text) {
  std::string out;
  for (const Sentence& s : sentences) {
    if (s.end <= text.size() && s.begin <= s.end) {
      out += "# text = " + std::string(text.substr(s.begin, s.end - s.begin)) + "\n";
    }
    std::vector<std::string> ner(s.tokens.size());
    for (const EntitySpan& e : s.entities) {
      for (int i = e.first; i <= e.last && i < static_cast<int>(ner.size()); ++i) {
        ner[i] = std::string(i == e.first ? "B-" : "I-") + std::string(TypeName(e.type));
      }
    }
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const Token& t = s.tokens[i];
      std::string misc;
      if (!t.space_after) misc = "SpaceAfter=No";
      if (!ner[i].empty()) misc += (misc.empty() ? "" : "|") + std::string("NER=") + ner[i];
      if (misc.empty()) misc = "_";
      out += std::to_string(i + 1) + "\t" + t.text + "\t" + (t.lemma.empty() ? "_" : t.lemma) +
             "\t" + (t.upos.empty() ? "_" : t.upos) + "\t" + (t.xpos.empty() ? "_" : t.xpos) +
             "\t_\t" + std::to_string(t.head + 1) + "\t" + (t.deprel.empty() ? "_" : t.deprel) +
             "\t_\t" + misc + "\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace kg::ingest
