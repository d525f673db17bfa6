// Readers: turn files, directories, JSONL lines and stdin into Documents.
//
// Formats are chosen by extension (.html/.htm, .md/.markdown, .jsonl/.ndjson, anything else is
// plain text; text that starts like an HTML document is read as HTML). Every reader drops
// boilerplate (scripts, styles, navigation, comment and share widgets) and applies the title
// rule: a first line without a final period that is followed by a blank line is the title.
//
// Bad input never stops a batch: each problem becomes a Status naming the file and, where it
// applies, the line or byte offset, and the remaining inputs are still read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/document.h"

namespace kg::ingest {

enum class InputFormat { kAuto, kText, kMarkdown, kHtml, kJsonl };

struct ReadOptions {
  InputFormat format = InputFormat::kAuto;
  size_t max_file_bytes = 256u << 20;  // larger files are skipped with an error
};

struct ReadBatch {
  std::vector<Document> documents;
  std::vector<Status> errors;  // one per skipped file or line; messages start with the location
};

// Reads every path ("-" is stdin; directories are walked recursively in name order, hidden
// entries skipped) and appends the documents and errors to *out.
void ReadPaths(const std::vector<std::string>& paths, const ReadOptions& options, ReadBatch* out);

// Reads the content of one input already in memory. `path` names it in documents and errors.
void ReadContent(std::string_view path, std::string_view content, const ReadOptions& options,
                 ReadBatch* out);

// The format `path` would be read as under kAuto, judging by extension and `content`.
InputFormat DetectFormat(std::string_view path, std::string_view content);

// Format-specific conversions to plain text (exposed for tests). Each returns the body text
// and sets *title when the input names one (empty otherwise).
std::string HtmlToText(std::string_view html, std::string* title);
std::string MarkdownToText(std::string_view markdown, std::string* title);
// Plain text: normalises line ends, applies the title rule and drops boilerplate lines.
std::string CleanPlainText(std::string_view text, std::string* title);

// Returns the byte offset of the first invalid UTF-8 sequence, or npos if `s` is valid.
size_t FindInvalidUtf8(std::string_view s);

}  // namespace kg::ingest
