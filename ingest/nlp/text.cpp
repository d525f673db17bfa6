#include "ingest/nlp/text.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_set>

namespace kg::ingest::nlp {
namespace {

// Decodes one code point of valid UTF-8 at text[i]; returns its length in bytes (>= 1).
// Assumes text is valid (CleanUtf8 output); any stray byte decodes as itself with length 1.
inline int Decode(std::string_view text, size_t i, UChar32* out) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *out = c;
    return 1;
  }
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + len > text.size() || len == 1) {
    *out = 0xFFFD;
    return 1;
  }
  UChar32 cp = c & (0x3F >> (len - 1));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  *out = cp;
  return len;
}

// Length of the valid UTF-8 sequence at text[i], or 0 if invalid.
inline int ValidLength(std::string_view text, size_t i, UChar32* cp_out) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *cp_out = c;
    return 1;
  }
  int len;
  UChar32 cp, min;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (int k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(text[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *cp_out = cp;
  return len;
}

bool IsSpace(UChar32 c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;
  if (c < 0x80) return false;
  return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF;
}

bool IsWordChar(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c == 0xFFFD) return true;
  int8_t t = u_charType(c);
  return u_isalnum(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_ENCLOSING_MARK;
}

bool IsAlpha(UChar32 c) { return c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0 : u_isalpha(c); }
bool IsDigit(UChar32 c) { return c >= '0' && c <= '9'; }

const std::unordered_set<std::string_view>& Abbreviations() {
  static const std::unordered_set<std::string_view> kAbbrev = {
      "Mr",   "Mrs",  "Ms",   "Dr",   "Prof", "Sen",  "Rep",   "Gov",  "Gen",  "Col",  "Lt",
      "Sgt",  "Capt", "Cmdr", "Adm",  "Maj",  "Rev",  "St",    "Sr",   "Jr",   "Hon",  "Pres",
      "Supt", "Det",  "Insp", "Jan",  "Feb",  "Mar",  "Apr",   "Jun",  "Jul",  "Aug",  "Sep",
      "Sept", "Oct",  "Nov",  "Dec",  "Mon",  "Tue",  "Wed",   "Thu",  "Fri",  "Sat",  "Sun",
      "Inc",  "Corp", "Ltd",  "Co",   "Bros", "Dept", "Univ",  "Assn", "Ave",  "Blvd", "Rd",
      "Mt",   "Ft",   "No",   "vs",   "etc",  "approx", "est", "fig",  "Fig",  "al",   "e.g",
      "i.e",  "U.S",  "U.K",  "U.N",  "E.U",  "a.m",  "p.m",   "A.M",  "P.M",  "Ph.D", "D.C",
      "cf",   "ca",   "Vol",  "vol",  "pp",   "Ed",   "eds",   "Calif", "Mass", "Conn", "Penn",
      "Wash", "Ariz", "Fla",  "Ill",  "Mich", "Minn", "Tenn",  "Tex",  "Va",   "Md",   "Ga",
      "Ky",   "La",   "Mo",   "Nev",  "Okla", "Ore",  "Wis",   "Colo"};
  return kAbbrev;
}

// Abbreviations after which a sentence essentially never ends (titles, months before numbers).
bool IsTitleAbbreviation(std::string_view w) {
  static const std::unordered_set<std::string_view> kTitles = {
      "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt", "Capt",
      "Cmdr", "Adm", "Maj", "Rev", "St", "Hon", "Pres", "Supt", "Det", "Insp", "Mt", "Ft", "No",
      "vs", "e.g", "i.e", "cf", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
      "Oct", "Nov", "Dec"};
  return kTitles.count(w) > 0;
}

// "U.S", "e.g", "J" (initial-style tokens made of single letters joined by periods).
bool IsInitialism(std::string_view w) {
  if (w.empty() || w.size() > 12) return false;
  for (size_t i = 0; i < w.size(); ++i) {
    bool letter = std::isalpha(static_cast<unsigned char>(w[i])) != 0;
    if (i % 2 == 0 ? !letter : w[i] != '.') return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

bool IsUrlOrEmail(std::string_view chunk) {
  std::string lower(chunk.substr(0, 8));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (StartsWith(lower, "http://") || StartsWith(lower, "https://") || StartsWith(lower, "www.")) {
    return chunk.size() > 6;
  }
  size_t at = chunk.find('@');
  if (at != std::string_view::npos && at > 0 && chunk.find('.', at) != std::string_view::npos &&
      std::isalnum(static_cast<unsigned char>(chunk[at - 1])) && at + 1 < chunk.size() &&
      std::isalnum(static_cast<unsigned char>(chunk[at + 1]))) {
    return true;
  }
  return false;
}

bool IsTrailingPunct(UChar32 c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
    case '"': case '\'': case 0x201D: case 0x2019: case 0x00BB: case 0x2026:
      return true;
    default:
      return false;
  }
}

class ChunkTokenizer {
 public:
  ChunkTokenizer(std::string_view text, std::vector<Span>* out) : text_(text), out_(out) {}

  void Run(size_t cb, size_t ce) {
    if (IsUrlOrEmail(text_.substr(cb, ce - cb))) {
      size_t end = ce;
      std::vector<Span> tail;
      while (end > cb) {
        unsigned char last = static_cast<unsigned char>(text_[end - 1]);
        if (last < 0x80 && IsTrailingPunct(last)) {
          tail.push_back({static_cast<uint32_t>(end - 1), static_cast<uint32_t>(end)});
          --end;
        } else {
          break;
        }
      }
      Emit(cb, end);
      for (auto it = tail.rbegin(); it != tail.rend(); ++it) out_->push_back(*it);
      return;
    }
    size_t i = cb;
    while (i < ce) {
      UChar32 c;
      int len = Decode(text_, i, &c);
      if (IsWordChar(c)) {
        size_t j = i + len;
        UChar32 prev = c;
        while (j < ce) {
          UChar32 d;
          int dl = Decode(text_, j, &d);
          if (IsWordChar(d)) {
            prev = d;
            j += dl;
            continue;
          }
          if (j + dl >= ce) break;
          UChar32 next;
          int nl = Decode(text_, j + dl, &next);
          (void)nl;
          bool join = false;
          switch (d) {
            case '.':
              join = IsWordChar(prev) && IsWordChar(next);
              break;
            case ',': case ':': case '/':
              join = IsDigit(prev) && IsDigit(next);
              break;
            case '\'': case 0x2019:
              join = IsAlpha(prev) && IsAlpha(next);
              break;
            case '-': case 0x2010: case '&': case '_':
              join = IsWordChar(prev) && IsWordChar(next);
              break;
            default:
              break;
          }
          if (!join) break;
          prev = next;
          j += dl;
        }
        // Keep the final period of an abbreviation or initialism ("Mr.", "U.S.", "J.").
        if (j < ce && text_[j] == '.') {
          std::string_view w = text_.substr(i, j - i);
          bool followed_by_word = false;
          if (j + 1 < ce) {
            UChar32 n;
            Decode(text_, j + 1, &n);
            followed_by_word = IsWordChar(n);
          }
          if (!followed_by_word && (IsInitialism(w) || IsAbbreviation(w))) ++j;
        }
        EmitWord(i, j);
        i = j;
      } else {
        size_t j = i + len;
        // Runs of the same punctuation ("...", "--", "!!!") form one token.
        if (c == '.' || c == '-' || c == '!' || c == '?' || c == '*' || c == '=' || c == '_' ||
            c == '~' || c == '#') {
          while (j < ce && static_cast<UChar32>(text_[j]) == c) ++j;
        }
        Emit(i, j);
        i = j;
      }
    }
  }

 private:
  void Emit(size_t b, size_t e) {
    if (e > b) out_->push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }

  static bool IEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
    }
    return true;
  }

  // Splits clitics (n't, 's, 're, 've, 'll, 'd, 'm), "cannot" and number+unit ("2.36m").
  void EmitWord(size_t b, size_t e) {
    std::string_view w = text_.substr(b, e - b);
    auto ends_with_clitic = [&](std::string_view suffix) -> size_t {
      // suffix given with ASCII apostrophe; also accept U+2019 (3 bytes) in its place.
      if (w.size() > suffix.size() && IEquals(w.substr(w.size() - suffix.size()), suffix)) {
        return suffix.size();
      }
      std::string curly(suffix);
      size_t ap = curly.find('\'');
      if (ap == std::string::npos) return 0;
      curly.replace(ap, 1, "\xE2\x80\x99");
      if (w.size() > curly.size()) {
        std::string_view tail = w.substr(w.size() - curly.size());
        std::string_view head = tail.substr(0, ap);
        std::string_view rest = tail.substr(ap + 3);
        if (IEquals(head, curly.substr(0, ap)) && tail.substr(ap, 3) == "\xE2\x80\x99" &&
            IEquals(rest, curly.substr(ap + 3))) {
          return curly.size();
        }
      }
      return 0;
    };
    if (size_t n = ends_with_clitic("n't"); n > 0 && w.size() > n) {
      Emit(b, e - n);
      Emit(e - n, e);
      return;
    }
    for (std::string_view s : {"'s", "'re", "'ve", "'ll", "'d", "'m"}) {
      if (size_t n = ends_with_clitic(s); n > 0) {
        Emit(b, e - n);
        Emit(e - n, e);
        return;
      }
    }
    if (IEquals(w, "cannot")) {
      Emit(b, b + 3);
      Emit(b + 3, e);
      return;
    }
    if (!w.empty() && IsDigit(static_cast<unsigned char>(w[0]))) {
      size_t k = w.size();
      while (k > 0 && std::isalpha(static_cast<unsigned char>(w[k - 1]))) --k;
      std::string_view unit = w.substr(k);
      bool numeric = k > 0;
      for (size_t q = 0; q < k && numeric; ++q) {
        char ch = w[q];
        numeric = IsDigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == ',';
      }
      if (numeric && (IEquals(unit, "m") || IEquals(unit, "bn") || IEquals(unit, "mn") ||
                      IEquals(unit, "tn") || IEquals(unit, "k") || IEquals(unit, "km") ||
                      IEquals(unit, "kg") || IEquals(unit, "pm") || IEquals(unit, "am"))) {
        Emit(b, b + k);
        Emit(b + k, e);
        return;
      }
    }
    Emit(b, e);
  }

  std::string_view text_;
  std::vector<Span>* out_;
};

}  // namespace

CleanText CleanUtf8(std::string_view text) {
  CleanText out;
  bool needs_map = false;
  // First pass: is the text valid? (the common case needs no copy of the offset map)
  size_t i = 0;
  while (i < text.size()) {
    UChar32 cp;
    int len = ValidLength(text, i, &cp);
    if (len == 0) {
      needs_map = true;
      break;
    }
    i += len;
  }
  out.text.reserve(text.size() + 8);
  if (needs_map) out.offset_map.reserve(text.size() + 8);
  i = 0;
  while (i < text.size()) {
    UChar32 cp;
    int len = ValidLength(text, i, &cp);
    if (len == 0) {
      if (out.invalid_offsets.size() < 100) out.invalid_offsets.push_back(static_cast<uint32_t>(i));
      ++out.invalid_count;
      out.text += "\xEF\xBF\xBD";
      for (int k = 0; k < 3; ++k) out.offset_map.push_back(static_cast<uint32_t>(i));
      ++i;
      continue;
    }
    bool control = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
                   (cp >= 0x80 && cp <= 0x9F);
    if (control) {
      ++out.control_count;
      for (int k = 0; k < len; ++k) {
        out.text += ' ';
        if (needs_map) out.offset_map.push_back(static_cast<uint32_t>(i + k));
      }
    } else {
      out.text.append(text.substr(i, len));
      if (needs_map) {
        for (int k = 0; k < len; ++k) out.offset_map.push_back(static_cast<uint32_t>(i + k));
      }
    }
    i += len;
  }
  if (needs_map) out.offset_map.push_back(static_cast<uint32_t>(text.size()));
  return out;
}

bool IsAbbreviation(std::string_view w) { return Abbreviations().count(w) > 0; }

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> raw;
  if (text.empty()) return raw;
  UErrorCode status = U_ZERO_ERROR;
  // Creating a break iterator costs ~1ms; keep one per thread.
  thread_local std::unique_ptr<icu::BreakIterator> iter(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getUS(), status));
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (iter && U_SUCCESS(status)) {
    iter->setText(ut, status);
  }
  if (!iter || U_FAILURE(status)) {
    // Fall back to a single span; tokenization and chunking still bound the work.
    if (ut) utext_close(ut);
    raw.push_back({0, static_cast<uint32_t>(text.size())});
  } else {
    int32_t start = iter->first();
    for (int32_t end = iter->next(); end != icu::BreakIterator::DONE; end = iter->next()) {
      raw.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
      start = end;
    }
    utext_close(ut);
  }
  // Merge splits after abbreviations and before lower-case continuations; trim whitespace.
  std::vector<Span> out;
  auto trim = [&](Span s) {
    while (s.begin < s.end) {
      UChar32 c;
      int l = Decode(text, s.begin, &c);
      if (!IsSpace(c)) break;
      s.begin += l;
    }
    while (s.end > s.begin) {
      size_t p = s.end - 1;
      while (p > s.begin && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
      UChar32 c;
      Decode(text, p, &c);
      if (!IsSpace(c)) break;
      s.end = static_cast<uint32_t>(p);
    }
    return s;
  };
  for (Span s : raw) {
    s = trim(s);
    if (s.begin >= s.end) continue;
    if (!out.empty()) {
      Span& prev = out.back();
      std::string_view ptext = text.substr(prev.begin, prev.end - prev.begin);
      bool merge = false;
      // No merge across a line break: headlines and bylines stand alone.
      bool newline_between = text.substr(prev.end, s.begin - prev.end).find('\n') !=
                             std::string_view::npos;
      if (!newline_between && !ptext.empty() && ptext.back() == '.') {
        size_t k = ptext.size() - 1;
        while (k > 0 && (std::isalpha(static_cast<unsigned char>(ptext[k - 1])) ||
                         ptext[k - 1] == '.')) {
          --k;
        }
        std::string_view word = ptext.substr(k, ptext.size() - 1 - k);
        UChar32 first;
        Decode(text, s.begin, &first);
        bool lower_next = u_islower(first) || IsDigit(first);
        if (IsTitleAbbreviation(word) || (word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0])))) {
          merge = true;
        } else if ((IsAbbreviation(word) || IsInitialism(word)) && lower_next) {
          merge = true;
        }
      }
      if (!newline_between && !merge) {
        UChar32 first;
        Decode(text, s.begin, &first);
        if (u_islower(first)) merge = true;
      }
      if (merge) {
        prev.end = s.end;
        continue;
      }
    }
    out.push_back(s);
  }
  return out;
}

std::vector<Span> Tokenize(std::string_view text, Span span) {
  std::vector<Span> out;
  ChunkTokenizer tok(text, &out);
  size_t i = span.begin;
  const size_t end = std::min<size_t>(span.end, text.size());
  while (i < end) {
    UChar32 c;
    int len = Decode(text, i, &c);
    if (IsSpace(c)) {
      i += len;
      continue;
    }
    size_t j = i + len;
    while (j < end) {
      UChar32 d;
      int dl = Decode(text, j, &d);
      if (IsSpace(d)) break;
      j += dl;
    }
    tok.Run(i, j);
    i = j;
  }
  return out;
}

}  // namespace kg::ingest::nlp
