#include "tests/tck/tck_value.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <vector>

#include "query/value.h"

namespace kg::tck {

namespace {

class CanonParser {
 public:
  CanonParser(const std::string& s, bool sort_lists) : s_(s), sort_lists_(sort_lists) {}

  std::string ParseAll() {
    std::string v = Value();
    Ws();
    if (i_ != s_.size()) {
      throw std::runtime_error("trailing");
    }
    return v;
  }

 private:
  void Ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) {
      ++i_;
    }
  }
  bool Eat(char c) {
    Ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Eat(c)) {
      throw std::runtime_error("expected");
    }
  }
  std::string Name() {
    Ws();
    if (i_ < s_.size() && s_[i_] == '`') {
      size_t j = s_.find('`', i_ + 1);
      std::string n = s_.substr(i_ + 1, j - i_ - 1);
      i_ = j + 1;
      return n;
    }
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' ||
                              static_cast<unsigned char>(s_[i_]) >= 0x80)) {
      ++i_;
    }
    if (start == i_) {
      throw std::runtime_error("name");
    }
    return s_.substr(start, i_ - start);
  }
  std::string Map() {
    // after '{'
    std::map<std::string, std::string> entries;
    if (!Eat('}')) {
      do {
        std::string k = Name();
        Expect(':');
        entries[k] = Value();
      } while (Eat(','));
      Expect('}');
    }
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : entries) {
      out += (first ? "" : ", ") + k + ": " + v;
      first = false;
    }
    return out + "}";
  }
  std::string Node() {
    // after '('
    std::vector<std::string> labels;
    while (Eat(':')) {
      labels.push_back(Name());
    }
    std::sort(labels.begin(), labels.end());
    std::string props;
    if (Eat('{')) {
      props = Map();
      if (props == "{}") {
        props.clear();
      }
    }
    Expect(')');
    std::string out = "(";
    for (const auto& l : labels) {
      out += ":" + l;
    }
    if (!props.empty()) {
      out += (labels.empty() ? "" : " ") + props;
    }
    return out + ")";
  }
  std::string Rel() {
    // after '[' and we know ':' follows
    Expect(':');
    std::string type = Name();
    std::string props;
    if (Eat('{')) {
      props = Map();
      if (props == "{}") {
        props.clear();
      }
    }
    Expect(']');
    return "[:" + type + (props.empty() ? "" : " " + props) + "]";
  }
  std::string Path() {
    // after '<'
    Expect('(');
    std::string out = "<" + Node();
    while (true) {
      Ws();
      if (i_ < s_.size() && s_[i_] == '>') {
        ++i_;
        break;
      }
      bool left = false;
      if (Eat('<')) {
        left = true;
      }
      Expect('-');
      Expect('[');
      std::string r = Rel();
      Expect('-');
      bool right = Eat('>');
      Expect('(');
      std::string n = Node();
      out += std::string(left ? "<-" : "-") + r + (right ? "->" : "-") + n;
    }
    return out + ">";
  }
  std::string Value() {
    Ws();
    if (i_ >= s_.size()) {
      throw std::runtime_error("eof");
    }
    char c = s_[i_];
    if (c == '\'' || c == '"') {
      char q = c;
      ++i_;
      std::string content;
      while (i_ < s_.size() && s_[i_] != q) {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
          char e = s_[i_ + 1];
          switch (e) {
            case 'n':
              content += '\n';
              break;
            case 't':
              content += '\t';
              break;
            case 'r':
              content += '\r';
              break;
            case 'b':
              content += '\b';
              break;
            case 'f':
              content += '\f';
              break;
            default:
              content += e;
          }
          i_ += 2;
          continue;
        }
        content += s_[i_++];
      }
      ++i_;
      return query::QuoteString(content);
    }
    if (c == '[') {
      ++i_;
      Ws();
      if (i_ < s_.size() && s_[i_] == ':') {
        return Rel();
      }
      std::vector<std::string> items;
      if (!Eat(']')) {
        do {
          items.push_back(Value());
        } while (Eat(','));
        Expect(']');
      }
      if (sort_lists_) {
        std::sort(items.begin(), items.end());
      }
      std::string out = "[";
      for (size_t k = 0; k < items.size(); ++k) {
        out += (k ? ", " : "") + items[k];
      }
      return out + "]";
    }
    if (c == '{') {
      ++i_;
      return Map();
    }
    if (c == '(') {
      ++i_;
      return Node();
    }
    if (c == '<') {
      ++i_;
      return Path();
    }
    // number / literal word
    size_t start = i_;
    while (i_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[i_])) && s_[i_] != ',' &&
           s_[i_] != ']' && s_[i_] != '}' && s_[i_] != ')') {
      ++i_;
    }
    std::string word = s_.substr(start, i_ - start);
    if (word == "null" || word == "true" || word == "false") {
      return word;
    }
    if (word == "NaN" || word == "Infinity" || word == "-Infinity") {
      return word;
    }
    bool is_float = word.find_first_of(".eE") != std::string::npos && word.find("0x") != 0;
    char* end = nullptr;
    if (is_float) {
      double d = std::strtod(word.c_str(), &end);
      if (*end != '\0') {
        throw std::runtime_error("number");
      }
      return query::FormatFloat(d);
    }
    long long v = std::strtoll(word.c_str(), &end, 10);
    if (*end != '\0') {
      throw std::runtime_error("number");
    }
    return std::to_string(v);
  }

  const std::string& s_;
  bool sort_lists_;
  size_t i_ = 0;
};

}  // namespace

std::string Canonical(const std::string& text, bool sort_lists) {
  try {
    return CanonParser(text, sort_lists).ParseAll();
  } catch (const std::exception&) {
    size_t b = text.find_first_not_of(" \t");
    size_t e = text.find_last_not_of(" \t");
    return b == std::string::npos ? "" : text.substr(b, e - b + 1);
  }
}

}  // namespace kg::tck
