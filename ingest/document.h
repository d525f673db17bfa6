// Document: one article as read from a file, a JSONL line or stdin, before any NLP. Plain data
// handed from the readers (ingest/reader/) to the NLP core and to extraction.
#pragma once

#include <string>

namespace kg::ingest {

struct Document {
  std::string id;      // stable id: JSONL `id`, else the path (plus ":LINE" for JSONL lines)
  std::string path;    // where it was read ("-" for stdin)
  std::string title;   // from the title rule, HTML <title>/<h1>, Markdown heading or JSONL
  std::string url;     // JSONL `url`, if any
  std::string date;    // JSONL `date`, if any
  std::string text;    // body text (UTF-8, LF line ends, paragraphs separated by blank lines)
};

}  // namespace kg::ingest
