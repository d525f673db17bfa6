#include "ingest/reader/reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kg::ingest {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// CRLF/CR to LF, strips a UTF-8 byte order mark.
std::string NormalizeNewlines(std::string_view in) {
  if (in.size() >= 3 && in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

size_t LineOfOffset(std::string_view s, size_t offset) {
  return 1 + static_cast<size_t>(std::count(s.begin(), s.begin() + std::min(offset, s.size()), '\n'));
}

// Widget text that is never article content: comment counters, share/subscribe prompts.
bool IsWidgetLine(std::string_view line) {
  static const std::regex kWidget(
      R"(^[+*\-•|\s]*(there are no comments( yet)?|no comments( yet)?|add yours|add (a|your) comment|)"
      R"(leave a (comment|reply)|post a comment|be the first to comment|\d+\s+comments?|comments?\s*\(\d+\)|)"
      R"(show comments|view comments|share (this|on)\b.*|share|tweet|email this|print this|)"
      R"(click here to .*|sign up (for|to) .*|subscribe( now| to .*)?|advertisement|)"
      R"(read more|related (articles|stories|topics)|skip to (main )?content)[.!:]?\s*$)",
      std::regex::icase);
  std::string s(Trim(line));
  if (s.empty() || s.size() > 80) return false;
  return std::regex_match(s, kWidget);
}

bool EndsLikeSentence(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.empty()) return false;
  static const std::string_view kEnds[] = {".", "!", "?", "\"", "'", ":", ";", ")",
                                           "\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\xA6"};
  for (std::string_view e : kEnds) {
    if (EndsWith(t, e)) return true;
  }
  return false;
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = std::isspace(static_cast<unsigned char>(c));
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

// Joins paragraphs (runs of non-blank lines) with one blank line between them, after dropping
// widget lines and a trailing block of short non-sentence lines set apart by two or more blank
// lines (comment boxes, tag lists, "share" footers).
std::string Reassemble(const std::vector<std::string>& lines) {
  struct Block {
    std::vector<std::string> lines;
    size_t blank_before = 0;
  };
  std::vector<Block> blocks;
  size_t blanks = 0;
  bool open = false;
  for (const std::string& raw : lines) {
    std::string_view t = Trim(raw);
    if (t.empty()) {
      ++blanks;
      open = false;
      continue;
    }
    if (IsWidgetLine(t)) continue;
    if (!open) {
      blocks.push_back(Block{{}, blanks});
      open = true;
    }
    blocks.back().lines.emplace_back(t);
    blanks = 0;
  }
  // Trailing footer: short lines, none ending like a sentence, separated by a wide gap.
  while (blocks.size() > 1) {
    const Block& b = blocks.back();
    bool footer = b.blank_before >= 2;
    for (const std::string& l : b.lines) {
      if (EndsLikeSentence(l) || WordCount(l) > 8) footer = false;
    }
    if (!footer) break;
    blocks.pop_back();
  }
  std::string out;
  for (const Block& b : blocks) {
    if (!out.empty()) out += "\n\n";
    for (size_t i = 0; i < b.lines.size(); ++i) {
      if (i > 0) out += '\n';
      out += b.lines[i];
    }
  }
  return out;
}

// Title rule: the first non-blank line is a title when it does not end in a period and the
// next line is blank. Removes it from *lines.
std::string TakeTitle(std::vector<std::string>* lines) {
  size_t i = 0;
  while (i < lines->size() && Trim((*lines)[i]).empty()) ++i;
  if (i + 1 >= lines->size()) return "";
  std::string_view first = Trim((*lines)[i]);
  if (first.empty() || EndsWith(first, ".") || !Trim((*lines)[i + 1]).empty()) return "";
  if (WordCount(first) > 30) return "";
  std::string title(first);
  lines->erase(lines->begin(), lines->begin() + static_cast<long>(i) + 1);
  return title;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string DecodeEntities(std::string_view s) {
  static const std::pair<std::string_view, uint32_t> kNamed[] = {
      {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
      {"apos", '\''},    {"nbsp", ' '},      {"rsquo", 0x2019},  {"lsquo", 0x2018},
      {"rdquo", 0x201D}, {"ldquo", 0x201C},  {"mdash", 0x2014},  {"ndash", 0x2013},
      {"hellip", 0x2026}, {"copy", 0xA9},    {"eacute", 0xE9},   {"euro", 0x20AC},
      {"pound", 0xA3}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (!name.empty() && name[0] == '#') {
      uint32_t cp = 0;
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string digits(name.substr(hex ? 2 : 1));
      if (!digits.empty()) {
        char* end = nullptr;
        unsigned long v = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (end != nullptr && *end == '\0' && v > 0 && v < 0x110000) {
          cp = static_cast<uint32_t>(v);
          AppendUtf8(cp == 0xA0 ? ' ' : cp, &out);
          done = true;
        }
      }
    } else {
      for (const auto& [n, cp] : kNamed) {
        if (n == name) {
          AppendUtf8(cp, &out);
          done = true;
          break;
        }
      }
    }
    if (done) {
      i = semi;
    } else {
      out.push_back('&');
    }
  }
  return out;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty() && out.back() != '\n' && c != '\n') out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool ReadStream(std::istream& in, std::string* out) {
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

// Checks content that every format requires: no NUL bytes, valid UTF-8, not blank.
Status CheckContent(std::string_view path, std::string_view content) {
  size_t nul = content.find('\0');
  if (nul != std::string_view::npos) {
    return Status::InvalidArgument(std::string(path) + ": binary file (NUL byte at byte offset " +
                                   std::to_string(nul) + "), skipped");
  }
  size_t bad = FindInvalidUtf8(content);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument(std::string(path) + ":" +
                                   std::to_string(LineOfOffset(content, bad)) +
                                   ": invalid UTF-8 at byte offset " + std::to_string(bad) +
                                   ", skipped");
  }
  if (Trim(content).empty()) {
    return Status::InvalidArgument(std::string(path) + ": empty file, skipped");
  }
  return Status::OK();
}

void ReadJsonl(std::string_view path, std::string_view content, ReadBatch* out) {
  std::vector<std::string> lines = SplitLines(content);
  size_t read = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = Trim(lines[i]);
    if (line.empty()) continue;
    std::string where = std::string(path) + ":" + std::to_string(i + 1);
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      out->errors.push_back(Status::InvalidArgument(where + ": malformed JSON line, skipped"));
      continue;
    }
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      out->errors.push_back(
          Status::InvalidArgument(where + ": JSON line has no string field \"text\", skipped"));
      continue;
    }
    auto field = [&j](const char* key) -> std::string {
      if (!j.contains(key)) return "";
      const nlohmann::json& v = j[key];
      if (v.is_string()) return v.get<std::string>();
      if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
      return "";
    };
    Document doc;
    doc.path = std::string(path);
    doc.id = field("id");
    if (doc.id.empty()) doc.id = where;
    doc.url = field("url");
    doc.date = field("date");
    std::string text = NormalizeNewlines(j["text"].get<std::string>());
    std::string title;
    doc.text = CleanPlainText(text, &title);
    doc.title = field("title");
    if (doc.title.empty()) doc.title = title;
    if (Trim(doc.text).empty()) {
      out->errors.push_back(Status::InvalidArgument(where + ": empty \"text\", skipped"));
      continue;
    }
    out->documents.push_back(std::move(doc));
    ++read;
  }
  if (read == 0 && out->errors.empty()) {
    out->errors.push_back(
        Status::InvalidArgument(std::string(path) + ": no JSON lines with text, skipped"));
  }
}

void ReadOne(const fs::path& p, const ReadOptions& options, ReadBatch* out) {
  std::string name = p.string();
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) {
    out->errors.push_back(Status::IOError(name + ": cannot read: " + ec.message()));
    return;
  }
  if (size > options.max_file_bytes) {
    out->errors.push_back(Status::InvalidArgument(
        name + ": file too large (" + std::to_string(size) + " bytes, limit " +
        std::to_string(options.max_file_bytes) + "), skipped"));
    return;
  }
  std::ifstream in(p, std::ios::binary);
  std::string content;
  if (!in || !ReadStream(in, &content)) {
    out->errors.push_back(Status::IOError(name + ": cannot read: permission denied or I/O error"));
    return;
  }
  ReadContent(name, content, options, out);
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string CleanPlainText(std::string_view text, std::string* title) {
  std::vector<std::string> lines = SplitLines(NormalizeNewlines(text));
  std::string t = TakeTitle(&lines);
  if (title != nullptr) *title = t;
  return Reassemble(lines);
}

std::string MarkdownToText(std::string_view markdown, std::string* title) {
  std::vector<std::string> lines = SplitLines(NormalizeNewlines(markdown));
  std::vector<std::string> kept;
  std::string heading_title;
  bool in_fence = false;
  bool seen_content = false;
  static const std::regex kImage(R"(!\[[^\]]*\]\([^)]*\))");
  static const std::regex kLink(R"(\[([^\]]*)\]\([^)]*\))");
  static const std::regex kRefLink(R"(\[([^\]]*)\]\[[^\]]*\])");
  static const std::regex kTag(R"(<[^>]+>)");
  static const std::regex kEmph(R"((\*\*|__|\*|`))");
  static const std::regex kUnderscoreEmph(R"((^|\s)_([^_]+)_(?=\s|[.,;:!?]|$))");
  for (const std::string& raw : lines) {
    std::string_view t = Trim(raw);
    if (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~") {
      in_fence = !in_fence;
      kept.emplace_back("");
      continue;
    }
    if (in_fence) continue;
    if (std::regex_match(std::string(t), std::regex(R"(^([-*_]\s*){3,}$)"))) {
      kept.emplace_back("");
      continue;
    }
    if (!t.empty() && t[0] == '[' && t.find("]:") != std::string_view::npos) continue;
    std::string line(t);
    // Headings: the first one before any content is the title; later ones stand alone.
    size_t hashes = 0;
    while (hashes < line.size() && line[hashes] == '#') ++hashes;
    bool heading = hashes > 0 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ');
    if (heading) line = std::string(Trim(std::string_view(line).substr(hashes)));
    while (!line.empty() && line[0] == '>') line = std::string(Trim(std::string_view(line).substr(1)));
    static const std::regex kList(R"(^([-*+]|\d+[.)])\s+)");
    line = std::regex_replace(line, kList, "");
    line = std::regex_replace(line, kImage, "");
    line = std::regex_replace(line, kLink, "$1");
    line = std::regex_replace(line, kRefLink, "$1");
    line = std::regex_replace(line, kTag, "");
    line = std::regex_replace(line, kEmph, "");
    line = std::regex_replace(line, kUnderscoreEmph, "$1$2");
    line = DecodeEntities(line);
    if (heading && !seen_content && heading_title.empty()) {
      heading_title = std::string(Trim(line));
      continue;
    }
    if (!Trim(line).empty()) seen_content = true;
    if (heading) {
      kept.emplace_back("");
      kept.push_back(line);
      kept.emplace_back("");
      continue;
    }
    kept.push_back(line);
  }
  std::string t;
  if (heading_title.empty()) t = TakeTitle(&kept);
  if (title != nullptr) *title = heading_title.empty() ? t : heading_title;
  return Reassemble(kept);
}

std::string HtmlToText(std::string_view html, std::string* title) {
  static const std::vector<std::string> kSkipTags = {
      "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe",
      "svg", "button", "select", "template", "figure", "head"};
  static const std::regex kBoilerplateAttr(
      R"((class|id|role)\s*=\s*["'][^"']*(comment|share|social|related|newsletter|cookie|advert|promo|menu|breadcrumb|sidebar|navigation|banner|footer|subscribe)[^"']*["'])",
      std::regex::icase);
  static const std::vector<std::string> kBlockTags = {
      "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
      "section", "article", "blockquote", "main", "hr", "dd", "dt", "pre"};
  static const std::vector<std::string> kVoid = {"br", "hr", "img", "meta", "link", "input",
                                                 "area", "base", "col", "embed", "source",
                                                 "track", "wbr"};
  std::string out;
  std::string title_text, h1_text;
  std::string skip_tag;  // the element being skipped, with its nesting depth
  int skip_depth = 0;
  bool in_title = false, in_h1 = false;
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    if (html[i] == '<') {
      if (html.substr(i, 4) == "<!--") {
        size_t e = html.find("-->", i + 4);
        i = e == std::string_view::npos ? n : e + 3;
        continue;
      }
      size_t e = html.find('>', i + 1);
      if (e == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, e - i - 1);
      i = e + 1;
      bool closing = !tag.empty() && tag[0] == '/';
      if (closing) tag.remove_prefix(1);
      size_t name_end = 0;
      while (name_end < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[name_end])) ||
                                       tag[name_end] == '-')) {
        ++name_end;
      }
      std::string name = Lower(tag.substr(0, name_end));
      if (name.empty()) continue;  // <!DOCTYPE>, <?xml?>
      bool self_closing = EndsWith(tag, "/") ||
                          std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end();
      if (!skip_tag.empty()) {
        if (name == skip_tag && !self_closing) skip_depth += closing ? -1 : 1;
        if (skip_depth == 0) skip_tag.clear();
        continue;
      }
      if (name == "title") {
        in_title = !closing;
        continue;
      }
      if (!closing && !self_closing &&
          (std::find(kSkipTags.begin(), kSkipTags.end(), name) != kSkipTags.end() ||
           std::regex_search(std::string(tag), kBoilerplateAttr))) {
        skip_tag = name;
        skip_depth = 1;
        continue;
      }
      if (name == "h1") {
        if (!closing && h1_text.empty()) in_h1 = true;
        if (closing) in_h1 = false;
      }
      if (std::find(kBlockTags.begin(), kBlockTags.end(), name) != kBlockTags.end()) {
        out += (name == "br") ? "\n" : "\n\n";
      }
      continue;
    }
    size_t next = html.find('<', i);
    if (next == std::string_view::npos) next = n;
    std::string_view chunk = html.substr(i, next - i);
    i = next;
    if (!skip_tag.empty()) continue;
    std::string text = DecodeEntities(chunk);
    for (char& c : text) {
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    }
    if (in_title) {
      title_text += text;
      continue;
    }
    if (in_h1) {
      h1_text += text;
      continue;  // the headline is the title, not body text
    }
    out += text;
  }
  std::string t(Trim(CollapseSpaces(title_text)));
  std::string h(Trim(CollapseSpaces(h1_text)));
  std::vector<std::string> lines = SplitLines(CollapseSpaces(out));
  std::string rule_title;
  if (h.empty() && t.empty()) rule_title = TakeTitle(&lines);
  if (title != nullptr) *title = !h.empty() ? h : !t.empty() ? t : rule_title;
  return Reassemble(lines);
}

InputFormat DetectFormat(std::string_view path, std::string_view content) {
  std::string p = Lower(path);
  if (EndsWith(p, ".html") || EndsWith(p, ".htm") || EndsWith(p, ".xhtml")) return InputFormat::kHtml;
  if (EndsWith(p, ".md") || EndsWith(p, ".markdown")) return InputFormat::kMarkdown;
  if (EndsWith(p, ".jsonl") || EndsWith(p, ".ndjson")) return InputFormat::kJsonl;
  std::string head = Lower(Trim(content.substr(0, 512)));
  if (head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0) return InputFormat::kHtml;
  if (!head.empty() && head[0] == '{' && head.find("\"text\"") != std::string::npos) {
    return InputFormat::kJsonl;
  }
  return InputFormat::kText;
}

void ReadContent(std::string_view path, std::string_view content, const ReadOptions& options,
                 ReadBatch* out) {
  Status st = CheckContent(path, content);
  if (!st.ok()) {
    out->errors.push_back(st);
    return;
  }
  InputFormat format =
      options.format == InputFormat::kAuto ? DetectFormat(path, content) : options.format;
  if (format == InputFormat::kJsonl) {
    ReadJsonl(path, content, out);
    return;
  }
  Document doc;
  doc.path = std::string(path);
  doc.id = doc.path;
  switch (format) {
    case InputFormat::kHtml:
      doc.text = HtmlToText(content, &doc.title);
      break;
    case InputFormat::kMarkdown:
      doc.text = MarkdownToText(content, &doc.title);
      break;
    default:
      doc.text = CleanPlainText(content, &doc.title);
      break;
  }
  if (Trim(doc.text).empty()) {
    out->errors.push_back(
        Status::InvalidArgument(std::string(path) + ": no article text found, skipped"));
    return;
  }
  out->documents.push_back(std::move(doc));
}

void ReadPaths(const std::vector<std::string>& paths, const ReadOptions& options, ReadBatch* out) {
  for (const std::string& path : paths) {
    if (path == "-") {
      std::string content;
      if (!ReadStream(std::cin, &content)) {
        out->errors.push_back(Status::IOError("-: cannot read standard input"));
        continue;
      }
      ReadContent("-", content, options, out);
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      out->errors.push_back(Status::NotFound(path + ": no such file or directory"));
      continue;
    }
    if (fs::is_directory(status)) {
      std::vector<fs::path> files;
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        out->errors.push_back(Status::IOError(path + ": cannot list directory: " + ec.message()));
        continue;
      }
      for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
        if (ec) {
          out->errors.push_back(Status::IOError(path + ": " + ec.message()));
          break;
        }
        std::string leaf = it->path().filename().string();
        if (!leaf.empty() && leaf[0] == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) ReadOne(f, options, out);
      continue;
    }
    ReadOne(path, options, out);
  }
}

}  // namespace kg::ingest
