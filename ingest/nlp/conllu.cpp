#include "ingest/nlp/conllu.h"

#include <fstream>
#include <sstream>

namespace kg::ingest::nlp {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  while (true) {
    size_t t = line.find('\t', start);
    if (t == std::string_view::npos) {
      f.push_back(line.substr(start));
      break;
    }
    f.push_back(line.substr(start, t - start));
    start = t + 1;
  }
  return f;
}

template <typename Fn>
void ForEachLine(std::string_view data, Fn fn) {
  size_t pos = 0;
  while (pos <= data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(line);
    if (nl == data.size()) break;
    pos = nl + 1;
  }
}

}  // namespace

std::string_view EntityTypeName(EntityType t) {
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

Result<std::vector<Sentence>> ParseConllu(std::string_view data, const std::string& name) {
  std::vector<Sentence> out;
  Sentence cur;
  int line_no = 0;
  Status error;
  ForEachLine(data, [&](std::string_view line) {
    ++line_no;
    if (!error.ok()) return;
    if (line.empty()) {
      if (!cur.tokens.empty()) out.push_back(std::move(cur));
      cur = Sentence();
      return;
    }
    if (line[0] == '#') return;
    auto f = SplitTabs(line);
    if (f.size() != 10) {
      error = Status::Corruption(name + ":" + std::to_string(line_no) + ": expected 10 columns");
      return;
    }
    if (f[0].find_first_of("-.") != std::string_view::npos) return;
    Token t;
    t.text = std::string(f[1]);
    t.lemma = std::string(f[2]);
    t.upos = std::string(f[3]);
    t.xpos = std::string(f[4]);
    int head = 0;
    for (char c : f[6]) {
      if (c < '0' || c > '9') {
        head = -1000000;
        break;
      }
      head = head * 10 + (c - '0');
    }
    t.head = head < 0 ? -1 : head - 1;
    t.deprel = std::string(f[7]);
    t.space_after = f[9].find("SpaceAfter=No") == std::string_view::npos;
    cur.tokens.push_back(std::move(t));
  });
  if (!error.ok()) return error;
  if (!cur.tokens.empty()) out.push_back(std::move(cur));
  for (auto& s : out) {
    for (auto& t : s.tokens) {
      if (t.head >= static_cast<int>(s.tokens.size())) t.head = -1;
    }
  }
  return out;
}

Result<std::vector<Sentence>> ReadConllu(const std::string& path) {
  auto data = Slurp(path);
  if (!data.ok()) return data.status();
  return ParseConllu(*data, path);
}

Result<std::vector<Sentence>> ReadIob2(const std::string& path) {
  auto data = Slurp(path);
  if (!data.ok()) return data.status();
  std::vector<Sentence> out;
  Sentence cur;
  std::vector<std::string> tags;
  auto flush = [&]() {
    if (cur.tokens.empty()) return;
    int start = -1;
    std::string type;
    auto close = [&](int end) {
      if (start < 0) return;
      EntitySpan e;
      e.first = start;
      e.last = end;
      e.type = type == "PER"   ? EntityType::kPerson
               : type == "ORG" ? EntityType::kOrganization
               : type == "LOC" ? EntityType::kLocation
                               : EntityType::kMisc;
      cur.entities.push_back(e);
      start = -1;
    };
    for (size_t i = 0; i < tags.size(); ++i) {
      const std::string& tg = tags[i];
      if (tg.size() > 2 && (tg[0] == 'B' || tg[0] == 'I') && tg[1] == '-') {
        std::string ty = tg.substr(2);
        if (tg[0] == 'B' || start < 0 || ty != type) {
          close(static_cast<int>(i) - 1);
          start = static_cast<int>(i);
          type = ty;
        }
      } else {
        close(static_cast<int>(i) - 1);
      }
    }
    close(static_cast<int>(tags.size()) - 1);
    out.push_back(std::move(cur));
    cur = Sentence();
    tags.clear();
  };
  ForEachLine(*data, [&](std::string_view line) {
    if (line.empty()) {
      flush();
      return;
    }
    if (line[0] == '#') return;
    auto f = SplitTabs(line);
    if (f.size() < 3) return;
    Token t;
    t.text = std::string(f[1]);
    cur.tokens.push_back(std::move(t));
    tags.emplace_back(f[2]);
  });
  flush();
  return out;
}

void WriteConllu(const Sentence& s, int sentence_number, std::string_view doc_text,
                 std::ostream& out) {
  out << "# sent_id = " << sentence_number << "\n";
  if (s.end <= doc_text.size() && s.begin < s.end) {
    std::string text(doc_text.substr(s.begin, s.end - s.begin));
    for (char& c : text) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    out << "# text = " << text << "\n";
  }
  std::vector<std::string> ner(s.tokens.size());
  for (const auto& e : s.entities) {
    for (int i = e.first; i <= e.last && i < static_cast<int>(ner.size()); ++i) {
      ner[i] = std::string(i == e.first ? "Entity=B-" : "Entity=I-") +
               std::string(EntityTypeName(e.type));
    }
  }
  for (size_t i = 0; i < s.tokens.size(); ++i) {
    const Token& t = s.tokens[i];
    std::string misc;
    if (!t.space_after) misc = "SpaceAfter=No";
    if (!ner[i].empty()) misc += (misc.empty() ? "" : "|") + ner[i];
    misc += std::string(misc.empty() ? "" : "|") + "TokenRange=" + std::to_string(t.begin) + ":" +
            std::to_string(t.end);
    auto field = [](const std::string& v) { return v.empty() ? std::string("_") : v; };
    out << (i + 1) << '\t' << field(t.text) << '\t' << field(t.lemma) << '\t' << field(t.upos)
        << '\t' << field(t.xpos) << "\t_\t" << (t.head + 1) << '\t' << field(t.deprel) << "\t_\t"
        << misc << '\n';
  }
  out << '\n';
}

}  // namespace kg::ingest::nlp
